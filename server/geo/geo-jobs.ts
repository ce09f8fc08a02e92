// Geography imports run as background jobs so the web page can poll for a progress bar. The registry
// is in memory: jobs are lost on restart (an import is one transaction, so a lost job wrote nothing or
// everything) and finished jobs are kept for an hour (at most 20). One import runs at a time across
// instances: that is the import_lock row (uploads/import-lock.ts), this registry only answers sooner.
import { randomUUID } from 'node:crypto';
import type { GeoImportError, GeoLevel } from './geo-codes';
import type { GeoImportResult } from './geo-import.service';

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

export class GeoImportJobs {
  private readonly jobs = new Map<string, GeoImportJob>();
  private readonly tasks = new Set<Promise<void>>();

  /** Keeps a job's background work, so a shutdown can wait for it (settled). */
  track(task: Promise<void>): void {
    this.tasks.add(task);
    void task.finally(() => this.tasks.delete(task));
  }

  /** Resolves when every tracked job has finished (committed or rolled back). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.tasks]);
  }

  running(): GeoImportJob | undefined {
    return [...this.jobs.values()].find((j) => j.status === 'running');
  }

  create(startedBy: string, id: string = randomUUID()): GeoImportJob {
    this.prune();
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
    this.jobs.set(job.id, job);
    return job;
  }

  get(id: string): GeoImportJob | undefined {
    return this.jobs.get(id);
  }

  progress(job: GeoImportJob, done: number, total: number): void {
    job.phase = 'writing';
    job.done = done;
    job.total = total;
  }

  finish(job: GeoImportJob, result: Omit<GeoImportResult, 'durationMs'>): void {
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
  }

  private prune(): void {
    const now = Date.now();
    const finished = [...this.jobs.values()].filter((j) => j.finishedAt !== null);
    finished.forEach((j, i) => {
      if (now - Date.parse(j.finishedAt!) > KEEP_MS || finished.length - i > KEEP_COUNT) this.jobs.delete(j.id);
    });
  }
}
