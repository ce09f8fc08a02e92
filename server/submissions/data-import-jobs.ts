// Submission imports run as background jobs (issue 14.3) so a 100,000-row file neither holds a
// request open nor depends on the instance that took it: each job is a row of data_import_job that a
// poll on any instance reads. The running instance writes its counts and the rows it refused at most
// every PROGRESS_WRITE_MS (outside the import's statements, so they are visible at once) and the
// result at the end (core/jobs/background-jobs.ts: throttled, ordered). Nothing is answered from this
// instance's memory. The import holds the `data:<form key>` import lock with the job id as holder, so a
// job whose instance died (lease run out, no write for STALE_MS) is answered, and stored, as failed
// with IMPORT_LOST; the rows it stored stay (each 100-row statement is atomic and idempotent, so the
// same file imported again stores only the rest). A shutdown stops a job between two statements
// (IMPORT_STOPPED). Finished jobs and their refused rows are kept for a day.
import type { Kysely } from 'kysely';
import { BackgroundWork, ProgressWriter } from '../core/jobs/background-jobs';
import { Problem, type LocalizedMessage } from '../core/problems';
import type { Database } from '../db/schema';
import type { DataMapping } from './data-import-map';
import { failDataJob, findDataJob, insertDataJob, listRefusals, pruneDataJobs, writeDataJob, type DataJobCounts, type DataJobRow, type RefusalRow } from './data-import-jobs.repository';

export type { RefusalRow };

/** Progress reaches the table at most this often (ms). */
export const PROGRESS_WRITE_MS = 500;
/** How long a running job without a live lease must have had no write before it counts as lost. */
const STALE_MS = 60_000;
const KEEP_MS = 24 * 60 * 60 * 1000;
/** Refused rows answered with the job itself; the CSV report has them all. */
export const REFUSED_IN_ANSWER = 100;

/** What GET /admin/forms/<key>/data/jobs/<id> answers. */
export interface DataImportJob {
  id: string;
  key: string;
  version: number;
  status: 'running' | 'done' | 'failed';
  phase: 'importing' | 'finished';
  /** Rows handled so far, of `total`. */
  done: number;
  total: number;
  stored: number;
  duplicates: number;
  /** How many rows were refused (so far). */
  refused: number;
  /** The first REFUSED_IN_ANSWER refused rows (so far); `report` has them all. */
  refusedRows: RefusalRow[];
  /** The refused rows as CSV (GET). */
  report: string;
  mapping: DataMapping;
  /** Why a failed job stopped. */
  failure: { code: string; message: LocalizedMessage } | null;
  startedAt: string;
  finishedAt: string | null;
}

/** One running import, as its instance keeps it between writes. */
export interface RunningDataJob {
  readonly id: string;
  readonly counts: DataJobCounts;
  /** Refused rows not written yet. */
  unwritten: RefusalRow[];
}

const failureOf = (code: 'IMPORT_LOST' | 'IMPORT_STOPPED' | 'INTERNAL') => {
  const p = new Problem(code);
  return { code, message: p.localized };
};

export function jobAnswer(row: DataJobRow, refusedRows: RefusalRow[]): DataImportJob {
  return {
    id: row.id,
    key: row.definition_key,
    version: row.definition_version,
    status: row.status,
    phase: row.phase,
    done: row.done,
    total: row.total,
    stored: row.stored,
    duplicates: row.duplicates,
    refused: row.refused,
    refusedRows,
    report: `/admin/forms/${encodeURIComponent(row.definition_key)}/data/jobs/${row.id}/refused.csv`,
    mapping: row.mapping as DataMapping,
    failure: (row.failure as DataImportJob['failure']) ?? null,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

export class DataImportJobs {
  private readonly writers = new Map<string, ProgressWriter>();
  readonly work = new BackgroundWork();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly log: (error: unknown) => void = () => undefined,
  ) {}

  async create(job: { id: string; key: string; version: number; startedBy: string; total: number; mapping: DataMapping }): Promise<{ running: RunningDataJob; row: DataJobRow }> {
    await pruneDataJobs(this.db, KEEP_MS);
    const row = await insertDataJob(this.db, job);
    const running: RunningDataJob = { id: job.id, counts: { done: 0, stored: 0, duplicates: 0, refused: 0 }, unwritten: [] };
    this.writers.set(job.id, new ProgressWriter(() => this.write(running), PROGRESS_WRITE_MS, this.log));
    return { running, row };
  }

  private async write(job: RunningDataJob, end?: { status: 'done' | 'failed'; failure: unknown }): Promise<void> {
    const refusals = job.unwritten;
    job.unwritten = [];
    await writeDataJob(this.db, job.id, { ...job.counts }, refusals, end);
  }

  /** Called after each step; the table gets it at most every PROGRESS_WRITE_MS. */
  progress(job: RunningDataJob): void {
    this.writers.get(job.id)?.nudge();
  }

  /** The last write: counts, the remaining refused rows, the status (awaited, after every progress write). */
  async finish(job: RunningDataJob, outcome: 'done' | 'IMPORT_STOPPED' | 'INTERNAL'): Promise<void> {
    const end = outcome === 'done' ? { status: 'done' as const, failure: null } : { status: 'failed' as const, failure: failureOf(outcome) };
    const last = () => this.write(job, end);
    const w = this.writers.get(job.id);
    await (w ? w.finish(last) : last().catch(this.log));
    this.writers.delete(job.id);
  }

  /** The job as stored (any instance's) and who started it; a lost one is failed, and stored so, first. */
  async get(id: string): Promise<{ job: DataImportJob; startedBy: string | null } | undefined> {
    let row = await findDataJob(this.db, id, STALE_MS);
    if (row?.stale) {
      await failDataJob(this.db, id, failureOf('IMPORT_LOST'));
      row = await findDataJob(this.db, id, STALE_MS);
    }
    if (!row) return undefined;
    return { job: jobAnswer(row, row.refused > 0 ? await listRefusals(this.db, id, REFUSED_IN_ANSWER) : []), startedBy: row.started_by };
  }
}
