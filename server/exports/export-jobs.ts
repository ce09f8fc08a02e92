// Exports as background jobs (issue 14, Measure; decisions 326–330): a large export is made into a
// file while the data page shows its progress, then downloaded from any instance until it expires.
// The job is a row of export_job (polls on any instance read it, never this instance's memory); the
// running instance writes rows-written at most every EXPORT_PROGRESS_WRITE_MS and the file's place at
// the end (core/jobs/background-jobs.ts: throttled, ordered). The file goes where media files go
// (media/media-read.ts): `<MEDIA_DIR>/exports/<id>.<format>`, moved to the bucket as
// `<prefix>exports/<id>.<format>` when object storage is set. The job's lease is an import_lock row
// (`export:<id>`), so a job whose instance died is failed (EXPORT_LOST), not "running" for ever; a
// shutdown stops it between rows (EXPORT_STOPPED). Every instance sweeps expired jobs and their files.
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { BackgroundWork, ProgressWriter } from '../core/jobs/background-jobs';
import { Problem, type LocalizedMessage } from '../core/problems';
import type { Database, MediaStoredIn } from '../db/schema';
import { openStoredMedia, type MediaSource } from '../media/media-read';
import { sha256Of } from '../media/media.service';
import { putChecked } from '../media/object-store';
import { countRunningExports, failLostExports, findExportJob, finishExportJob, insertExportJob, listExportJobs, takeExpiredExports, writeExportProgress, type ExportJobRow } from './export-jobs.repository';
import type { ExportFormat } from './export-query';
import type { Scope } from '../auth/scope';

/** Progress reaches the table at most this often (ms). */
export const EXPORT_PROGRESS_WRITE_MS = 500;
/** How long a running job without a live lease must have had no write before it counts as lost. */
export const EXPORT_STALE_MS = 60_000;
/** How often each instance sweeps expired jobs. */
const SWEEP_MS = 10 * 60_000;
/** PutObject takes at most 5 GiB: a larger file stays on the disk (MEDIA_DIR is shared). */
const BUCKET_MAX_BYTES = 5 * 1024 ** 3;
/** The newest jobs a list answers. */
const LIST_LIMIT = 20;

/** What the export was asked for, as the job keeps it (shown beside the job). */
export interface ExportJobParams {
  filter: { version: number | null; geo: string | null; from: string | null; to: string | null; states: string[] | null };
  lang: 'km' | 'en';
  headers: 'labels' | 'keys';
  values: 'codes' | 'labels';
  files: boolean;
}

/** What GET /export/jobs/<id> answers. */
export interface ExportJob {
  id: string;
  key: string;
  format: ExportFormat;
  status: 'running' | 'done' | 'failed';
  /** Records matching the export's filter and the starter's area when it started. */
  records: number;
  /** Rows written so far, of `total` (each file or sheet reads the records once; media files count one each). */
  done: number;
  total: number;
  /** 0–100, whole. */
  percent: number;
  params: ExportJobParams;
  fileName: string;
  bytes: number | null;
  /** GET this for the file, once done and until it expires. */
  download: string | null;
  failure: { code: string; message: LocalizedMessage } | null;
  startedAt: string;
  finishedAt: string | null;
  expiresAt: string | null;
}

/** One running export, as its instance keeps it between writes. */
export interface RunningExportJob {
  readonly id: string;
  done: number;
}

export type ExportFailure = 'EXPORT_LOST' | 'EXPORT_STOPPED' | 'INTERNAL';

const failureOf = (code: ExportFailure) => ({ code, message: new Problem(code).localized });

/** The file's id in the media store: its name under MEDIA_DIR and, after the prefix, its key in the bucket. */
export const exportFileId = (id: string, format: ExportFormat): string => `exports/${id}.${format}`;

export function exportJobAnswer(row: ExportJobRow): ExportJob {
  const total = Math.max(row.total, row.done);
  const done = row.status === 'done';
  return {
    id: row.id,
    key: row.definition_key,
    format: row.format,
    status: row.status,
    records: row.records,
    done: row.done,
    total,
    percent: done ? 100 : total > 0 ? Math.min(99, Math.floor((100 * row.done) / total)) : 0,
    params: row.params as ExportJobParams,
    fileName: row.file_name,
    bytes: row.bytes === null ? null : Number(row.bytes),
    download: done && !row.expired ? `/export/jobs/${row.id}/file` : null,
    failure: (row.failure as ExportJob['failure']) ?? null,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    expiresAt: row.expires_at?.toISOString() ?? null,
  };
}

export class ExportJobs {
  readonly work = new BackgroundWork();
  private readonly writers = new Map<string, ProgressWriter>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    readonly source: MediaSource,
    readonly keepMs: number,
    private readonly log: (error: unknown) => void = () => undefined,
  ) {}

  private get dir(): string {
    return join(this.source.dir, 'exports');
  }

  /** Sweeps now and then every SWEEP_MS (unref'd: it never keeps the process alive; a shutdown waits for a sweep under way). */
  start(): void {
    if (this.timer) return;
    const sweep = () => this.work.track(this.sweep().then(() => undefined, this.log));
    sweep();
    this.timer = setInterval(sweep, SWEEP_MS);
    this.timer.unref();
  }

  /** Stops the sweeps, then the running exports at their next row (EXPORT_STOPPED), and waits for them. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.work.stop();
  }

  async create(job: { id: string; key: string; format: ExportFormat; params: ExportJobParams; startedBy: string; scope: Scope; records: number; total: number; fileName: string }): Promise<RunningExportJob> {
    await insertExportJob(this.db, job);
    const running: RunningExportJob = { id: job.id, done: 0 };
    this.writers.set(job.id, new ProgressWriter(() => writeExportProgress(this.db, running.id, running.done), EXPORT_PROGRESS_WRITE_MS, this.log));
    return running;
  }

  /** Called after each row; the table gets it at most every EXPORT_PROGRESS_WRITE_MS. */
  progress(job: RunningExportJob): void {
    this.writers.get(job.id)?.nudge();
  }

  /** The last write (awaited, after every progress write): the file's place, or why it failed. */
  async finish(job: RunningExportJob, outcome: { storedIn: MediaStoredIn; bytes: number } | ExportFailure): Promise<void> {
    const end = typeof outcome === 'string' ? { status: 'failed' as const, done: job.done, failure: failureOf(outcome) } : { status: 'done' as const, done: job.done, ...outcome };
    const last = () => finishExportJob(this.db, job.id, end, this.keepMs);
    const w = this.writers.get(job.id);
    await (w ? w.finish(last) : last().catch(this.log));
    this.writers.delete(job.id);
  }

  /** The job as stored (any instance's); a lost one is failed, and stored so, first. */
  async get(id: string): Promise<ExportJobRow | undefined> {
    const row = await findExportJob(this.db, id, EXPORT_STALE_MS);
    if (!row?.stale) return row;
    await failLostExports(this.db, EXPORT_STALE_MS, failureOf('EXPORT_LOST'), this.keepMs, id);
    return findExportJob(this.db, id, EXPORT_STALE_MS);
  }

  /** A user's newest jobs of a form (lost ones failed first). */
  async list(startedBy: string, key: string): Promise<ExportJobRow[]> {
    await failLostExports(this.db, EXPORT_STALE_MS, failureOf('EXPORT_LOST'), this.keepMs);
    return listExportJobs(this.db, startedBy, key, LIST_LIMIT, EXPORT_STALE_MS);
  }

  running(startedBy: string): Promise<number> {
    return countRunningExports(this.db, startedBy, EXPORT_STALE_MS);
  }

  /** Where the job's file is written while it is made (renamed by `store` when complete). */
  async partPath(id: string, format: ExportFormat): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    return join(this.dir, `${id}.${format}.part`);
  }

  /**
   * The complete file at `part` becomes the job's file: renamed on the disk and, with object storage,
   * copied to the bucket (size and SHA-256 checked) and removed from the disk. A bucket that refuses
   * leaves it on the disk (logged), where downloads read it.
   */
  async store(id: string, format: ExportFormat, part: string): Promise<{ storedIn: MediaStoredIn; bytes: number }> {
    const fileId = exportFileId(id, format);
    const path = join(this.source.dir, fileId);
    await rename(part, path);
    const bytes = (await stat(path)).size;
    const bucket = this.source.store;
    if (!bucket || bytes > BUCKET_MAX_BYTES) return { storedIn: 'disk', bytes };
    try {
      await putChecked(bucket, fileId, path, bytes, { contentType: 'application/octet-stream', sha256: await sha256Of(path) });
    } catch (error) {
      this.log(error);
      return { storedIn: 'disk', bytes };
    }
    await rm(path, { force: true });
    return { storedIn: 's3', bytes };
  }

  /** The job's file, or null when it is in neither place. */
  open(row: Pick<ExportJobRow, 'id' | 'format' | 'stored_in'>): Promise<Readable | null> {
    return openStoredMedia(this.source, { id: exportFileId(row.id, row.format), stored_in: row.stored_in ?? 'disk' });
  }

  /** A job's files wherever they may be: the part, the disk, the bucket. */
  async removeFiles(row: Pick<ExportJobRow, 'id' | 'format' | 'stored_in'>): Promise<void> {
    const fileId = exportFileId(row.id, row.format);
    await rm(join(this.source.dir, `${fileId}.part`), { force: true });
    await rm(join(this.source.dir, fileId), { force: true });
    if (row.stored_in === 's3' && this.source.store) await this.source.store.remove(fileId);
  }

  /** Fails lost jobs, then removes expired jobs and their files; how many were removed. */
  async sweep(): Promise<number> {
    await failLostExports(this.db, EXPORT_STALE_MS, failureOf('EXPORT_LOST'), this.keepMs);
    let removed = 0;
    for (;;) {
      const expired = await takeExpiredExports(this.db, 50);
      for (const row of expired) {
        await this.removeFiles(row).catch(this.log);
        removed += 1;
      }
      if (expired.length < 50) return removed;
    }
  }
}
