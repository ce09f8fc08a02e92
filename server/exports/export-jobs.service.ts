// Why: the rules of background exports (issue 14, Measure). A job is the streaming export's twin: the
// same checks and the same reader's scope (prepareExport, in the request, so a bad filter or form is
// answered at once), the same writers (csvExport, xlsxExport, zipExport) writing into a file instead
// of a socket. Only its starter sees it (a country administrator sees everyone's); another user's job
// does not exist for them (NOT_FOUND), and a download refuses a starter whose area changed since.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/permissions';
import { scopeOf, type Scope } from '../auth/scope';
import { UUID } from '../core/params';
import { Problem } from '../core/problems';
import { acquireImportLock } from '../core/uploads/import-lock.repository';
import type { CopyOut } from '../db/copy-out';
import type { Database } from '../db/schema';
import { countMatching } from '../submissions/submissions.repository';
import { exportJobAnswer, type ExportJob, type ExportJobParams, type ExportJobs, type RunningExportJob } from './export-jobs';
import type { ExportJobRow } from './export-jobs.repository';
import type { ExportProbe } from './export-pace';
import type { ExportFormat } from './export-query';
import { csvExport, prepareExport, xlsxExport, zipExport, type ExportRequest, type Prepared } from './exports.service';
import { countExportMedia } from './media-files.repository';

/** Exports one user may have running at once (on all instances together). */
export const MAX_RUNNING_EXPORTS = 3;

/** The whole country's system administrators see every export job. */
const seesAll = (who: Actor) => who.grants.some((g) => g.role === 'system_admin' && g.geoCode === '');

/** JSON with sorted keys: jsonb keeps no key order, so scopes are compared in this form. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function paramsOf(request: ExportRequest): ExportJobParams {
  const f = request.filter;
  return {
    filter: { version: f.version ?? null, geo: f.geo ?? null, from: f.from ?? null, to: f.to ?? null, states: f.states ? [...f.states] : null },
    lang: request.locale,
    headers: request.headers,
    values: request.values,
    files: !!request.media,
  };
}

/** Writes the export into the file at `path`: 'completed', or 'aborted' when the stream was closed first (a shutdown, a write error). */
async function writeFile(db: Kysely<Database>, prepared: Prepared, request: ExportRequest, format: ExportFormat, path: string, probe: ExportProbe, signal: AbortSignal, copyOut?: CopyOut): Promise<'completed' | 'aborted'> {
  const out = createWriteStream(path);
  const closed = out.closed ? Promise.resolve() : once(out, 'close').then(() => undefined, () => undefined);
  const stop = () => out.destroy();
  signal.addEventListener('abort', stop, { once: true });
  try {
    if (signal.aborted) return 'aborted';
    if (format === 'csv') {
      await pipeline(Readable.from(csvExport(db, prepared, request, prepared.layout, probe, copyOut)), out);
      await closed;
      return 'completed';
    }
    const outcome = await (format === 'zip' ? zipExport : xlsxExport)(db, prepared, request, out, probe);
    await closed;
    return outcome;
  } catch (error) {
    if (signal.aborted) return 'aborted';
    throw error;
  } finally {
    signal.removeEventListener('abort', stop);
    out.destroy();
  }
}

/**
 * Checks the export as GET /export/<key>.<format> does, then makes it in the background and answers
 * the job at once (poll it with exportJobFor). EXPORT_BUSY when the caller has MAX_RUNNING_EXPORTS running.
 */
export async function startExportJob(
  db: Kysely<Database>,
  actor: Actor | null,
  jobs: ExportJobs,
  request: ExportRequest,
  format: ExportFormat,
  options: { copyOut?: CopyOut | undefined; log: (error: unknown) => void },
): Promise<ExportJob> {
  const who = requireActor(actor, 'submission.read');
  const prepared = await prepareExport(db, who, request);
  if ((await jobs.running(who.id)) >= MAX_RUNNING_EXPORTS) throw new Problem('EXPORT_BUSY');
  const records = await countMatching(db, request.definitionKey, prepared.scope, prepared.filter);
  const passes = format === 'csv' ? 1 : 1 + prepared.layout.repeats.length;
  const files = request.media ? await countExportMedia(db, request.definitionKey, prepared.scope, prepared.filter) : 0;
  const id = randomUUID();
  const fileName = `${request.definitionKey}-${new Date().toISOString().slice(0, 10)}.${format}`;
  const lease = await acquireImportLock(db, `export:${id}`, id);
  let running: RunningExportJob;
  try {
    running = await jobs.create({ id, key: request.definitionKey, format, params: paramsOf(request), startedBy: who.id, scope: prepared.scope, records, total: records * passes + files, fileName });
  } catch (error) {
    await lease.release();
    throw error;
  }
  const row = (await jobs.get(id))!;
  const step = () => {
    running.done += 1;
    jobs.progress(running);
  };
  jobs.work.track(
    (async () => {
      let outcome: Parameters<ExportJobs['finish']>[1];
      try {
        const part = await jobs.partPath(id, format);
        const written = await writeFile(db, prepared, request, format, part, { rowRead: step, fileWritten: step }, jobs.work.signal, options.copyOut);
        if (written === 'completed') outcome = await jobs.store(id, format, part);
        else outcome = jobs.work.signal.aborted ? 'EXPORT_STOPPED' : 'INTERNAL';
      } catch (error) {
        options.log(error);
        outcome = jobs.work.signal.aborted ? 'EXPORT_STOPPED' : 'INTERNAL';
      } finally {
        await lease.release().catch(options.log);
      }
      if (typeof outcome === 'string') await jobs.removeFiles({ id, format, stored_in: 'disk' }).catch(options.log);
      await jobs.finish(running, outcome);
    })(),
  );
  return exportJobAnswer(row);
}

async function visibleJob(actor: Actor | null, jobs: ExportJobs, id: string): Promise<{ who: Actor; row: ExportJobRow }> {
  const who = requireActor(actor, 'submission.read');
  const row = UUID.test(id) ? await jobs.get(id.toLowerCase()) : undefined;
  if (!row || (row.started_by !== who.id && !seesAll(who))) throw new Problem('NOT_FOUND');
  return { who, row };
}

/** The job, for its starter (or a country administrator); NOT_FOUND for anyone else. */
export async function exportJobFor(actor: Actor | null, jobs: ExportJobs, id: string): Promise<ExportJob> {
  return exportJobAnswer((await visibleJob(actor, jobs, id)).row);
}

/** The caller's newest export jobs of the form `key`. */
export async function listExportJobsFor(actor: Actor | null, jobs: ExportJobs, key: string): Promise<ExportJob[]> {
  const who = requireActor(actor, 'submission.read');
  return (await jobs.list(who.id, key)).map(exportJobAnswer);
}

/**
 * The finished job's file: EXPORT_NOT_READY while it runs or when it failed, EXPORT_EXPIRED once its
 * time is up (or its file is gone), EXPORT_AREA_CHANGED when its starter's area is not what it was.
 */
export async function exportJobFile(actor: Actor | null, jobs: ExportJobs, id: string): Promise<{ job: ExportJob; bytes: Readable }> {
  const { who, row } = await visibleJob(actor, jobs, id);
  if (row.status !== 'done') throw new Problem('EXPORT_NOT_READY');
  if (row.expired) throw new Problem('EXPORT_EXPIRED');
  if (row.started_by === who.id && canonical(scopeOf(who, 'submission.read') satisfies Scope) !== canonical(row.scope)) throw new Problem('EXPORT_AREA_CHANGED');
  const bytes = await jobs.open(row);
  if (!bytes) throw new Problem('EXPORT_EXPIRED');
  return { job: exportJobAnswer(row), bytes };
}
