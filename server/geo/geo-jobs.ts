// Geography imports run as background jobs so the web page can poll for a progress bar. Each job is a
// row of geo_import_job (issue 13: stateless instances): the instance running the import writes its
// progress there at most every PROGRESS_WRITE_MS (outside the import's transaction, so it is visible
// at once) and its result at the end; a poll on any instance reads it. This instance's own running
// jobs answer from memory first (always current; on PGlite progress writes wait for the import's
// transaction, one connection). An import is one transaction, so a job lost with its instance wrote
// nothing or everything. The job id is its import lock's holder, and the running instance renews that
// lease (import-lock.repository.ts), so a row left "running" whose lease ran out and with no write for
// STALE_MS (its instance died) is answered, and stored, as failed with IMPORT_LOST (nothing was
// written: the transaction died with it). Finished jobs are kept for an hour
// (at most 20). One import runs at a time across instances: that is the import_lock row
// (uploads/import-lock.ts), the in-memory check only answers sooner.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { BackgroundWork, ProgressWriter } from '../core/jobs/background-jobs';
import type { Database } from '../db/schema';
import type { GeoImportError, GeoLevel } from './geo-codes';
import type { GeoImportResult } from './geo-import.service';
import { findGeoJob, insertGeoJob, pruneGeoJobs, updateGeoJob } from './geo-jobs.repository';

export type GeoJobStatus = 'running' | 'done' | 'failed';

export interface GeoImportJob {
  id: string;
  status: GeoJobStatus;
  /** parsing → validating → writing → finished */
  phase: 'parsing' | 'writing' | 'finished';
  done: number;
  total: number;
  added: number;
  updated: number;
  unchanged: number;
  retired: number;
  completeLevels: GeoLevel[];
  errors: GeoImportError[];
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
}

const KEEP_MS = 60 * 60 * 1000;
const KEEP_COUNT = 20;
/** Progress reaches the table at most this often (ms). */
export const PROGRESS_WRITE_MS = 250;
/** How long an unfinished job without a live lease must have had no write before it counts as lost. */
const STALE_MS = 60_000;

/** The answer for a job whose instance stopped mid-import (the import's transaction died with it). */
function lostJob(job: GeoImportJob): GeoImportJob {
  const message = {
    en: 'The server running this import stopped before it finished. Nothing was imported: start the import again.',
    km: 'ម៉ាស៊ីនមេដែលកំពុងនាំចូលនេះបានឈប់មុនពេលបញ្ចប់។ គ្មានអ្វីត្រូវបាននាំចូលទេ៖ សូមចាប់ផ្ដើមនាំចូលម្ដងទៀត។',
  };
  return { ...job, status: 'failed', phase: 'finished', added: 0, updated: 0, unchanged: 0, retired: 0, errors: [{ code: 'IMPORT_LOST', path: '', message }], finishedAt: new Date().toISOString() };
}

export class GeoImportJobs {
  private readonly jobs = new Map<string, GeoImportJob>();
  private readonly writers = new Map<string, ProgressWriter>();
  private readonly work = new BackgroundWork();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly log: (error: unknown) => void = () => undefined,
  ) {}

  /** Keeps a job's background work, so a shutdown can wait for it (settled). */
  track(task: Promise<void>): void {
    this.work.track(task);
  }

  /** Resolves when every tracked job has finished (committed or rolled back) and been written. */
  async settled(): Promise<void> {
    await this.work.settled();
  }

  /** This instance's running job (the import_lock row covers the others). */
  running(): GeoImportJob | undefined {
    return [...this.jobs.values()].find((j) => j.status === 'running');
  }

  async create(startedBy: string, id: string = randomUUID()): Promise<GeoImportJob> {
    await pruneGeoJobs(this.db, KEEP_MS, KEEP_COUNT);
    const job: GeoImportJob = {
      id,
      status: 'running',
      phase: 'parsing',
      done: 0,
      total: 0,
      added: 0,
      updated: 0,
      unchanged: 0,
      retired: 0,
      completeLevels: [],
      errors: [],
      startedBy,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      durationMs: null,
    };
    await insertGeoJob(this.db, id, job);
    this.jobs.set(job.id, job);
    this.writers.set(job.id, new ProgressWriter(async () => {
      if (job.status === 'running') await updateGeoJob(this.db, job.id, job, false);
    }, PROGRESS_WRITE_MS, this.log));
    return job;
  }

  /** The job from this instance's memory, else from the table (any instance's job; a lost one is failed). */
  async get(id: string): Promise<GeoImportJob | undefined> {
    const own = this.jobs.get(id);
    if (own) return own;
    const row = await findGeoJob(this.db, id, STALE_MS);
    if (!row) return undefined;
    const job = row.state as GeoImportJob;
    if (!row.stale || job.status !== 'running') return job;
    const lost = lostJob(job);
    await updateGeoJob(this.db, id, lost, true);
    return lost;
  }

  /** Called by the import for every chunk; the table gets it at most every PROGRESS_WRITE_MS. */
  progress(job: GeoImportJob, done: number, total: number): void {
    job.phase = 'writing';
    job.done = done;
    job.total = total;
    this.writers.get(job.id)?.nudge();
  }

  /** The result, in memory and (awaited) in the table; the job then answers from the table. */
  async finish(job: GeoImportJob, result: Omit<GeoImportResult, 'durationMs'>): Promise<void> {
    Object.assign(job, {
      status: result.ok ? 'done' : 'failed',
      phase: 'finished',
      done: result.ok ? result.total : job.done,
      total: result.total,
      added: result.added,
      updated: result.updated,
      unchanged: result.unchanged,
      retired: result.retired,
      completeLevels: result.completeLevels,
      errors: result.errors,
      finishedAt: new Date().toISOString(),
      durationMs: Date.now() - Date.parse(job.startedAt),
    });
    const last = () => updateGeoJob(this.db, job.id, job, true);
    const w = this.writers.get(job.id);
    await (w ? w.finish(last) : last().catch(this.log));
    this.writers.delete(job.id);
    this.jobs.delete(job.id);
  }
}
