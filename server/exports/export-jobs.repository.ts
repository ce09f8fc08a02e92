// Background export jobs, shared by every instance (kysely only; migration
// 20261208100000_create_export_job.ts). A job's lease is its import_lock row (kind `export:<id>`,
// holder = the id): a running job with no live lease and no write for `staleMs` is lost.
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Scope } from '../auth/scope';
import type { Database, ExportJobTable, MediaStoredIn } from '../db/schema';

export interface ExportJobRow {
  id: string;
  definition_key: string;
  format: ExportJobTable['format'];
  params: unknown;
  started_by: string | null;
  scope: unknown;
  status: ExportJobTable['status'];
  records: number;
  done: number;
  total: number;
  file_name: string;
  stored_in: MediaStoredIn | null;
  bytes: string | null;
  failure: unknown;
  started_at: Date;
  finished_at: Date | null;
  expires_at: Date | null;
  /** Its expiry has passed (database clock). */
  expired: boolean;
  /** Running, without a live lease and without a write for the stale time. */
  stale: boolean;
}

const COLUMNS = ['id', 'definition_key', 'format', 'params', 'started_by', 'scope', 'status', 'records', 'done', 'total', 'file_name', 'stored_in', 'bytes', 'failure', 'started_at', 'finished_at', 'expires_at'] as const;

const secs = (ms: number) => sql`make_interval(secs => ${ms / 1000})`;

/** A running job whose instance is gone: no live lease, no write for `staleMs`. */
function staleSql(staleMs: number): Expression<SqlBool> {
  return sql<SqlBool>`j.status = 'running' and j.updated_at < now() - ${secs(staleMs)}
    and not exists (select 1 from import_lock l where l.kind = 'export:' || cast(j.id as text) and l.holder = cast(j.id as text) and l.expires_at > now())`;
}

function selectJobs(db: Kysely<Database>, staleMs: number) {
  return db
    .selectFrom('export_job as j')
    .select(COLUMNS.map((c) => `j.${c}` as const))
    .select(sql<boolean>`coalesce(j.expires_at < now(), false)`.as('expired'))
    .select(sql<boolean>`${staleSql(staleMs)}`.as('stale'));
}

export async function insertExportJob(
  db: Kysely<Database>,
  job: { id: string; key: string; format: ExportJobTable['format']; params: unknown; startedBy: string; scope: Scope; records: number; total: number; fileName: string },
): Promise<void> {
  await db
    .insertInto('export_job')
    .values({
      id: job.id,
      definition_key: job.key,
      format: job.format,
      params: JSON.stringify(job.params),
      started_by: job.startedBy,
      scope: JSON.stringify(job.scope),
      status: 'running',
      records: job.records,
      total: job.total,
      file_name: job.fileName,
    })
    .execute();
}

/** Rows written so far (only a running job takes progress). */
export async function writeExportProgress(db: Kysely<Database>, id: string, done: number): Promise<void> {
  await db.updateTable('export_job').set({ done, updated_at: sql<Date>`now()` }).where('id', '=', id).where('status', '=', 'running').execute();
}

/** The end of a running job: done with its file, or failed; either way kept for `keepMs` from now. */
export async function finishExportJob(
  db: Kysely<Database>,
  id: string,
  end: { status: 'done'; done: number; storedIn: MediaStoredIn; bytes: number } | { status: 'failed'; done: number; failure: unknown },
  keepMs: number,
): Promise<void> {
  const file = end.status === 'done' ? { stored_in: end.storedIn, bytes: end.bytes, total: end.done } : { failure: JSON.stringify(end.failure) };
  await db
    .updateTable('export_job')
    .set({ ...file, status: end.status, done: end.done, updated_at: sql<Date>`now()`, finished_at: sql<Date>`now()`, expires_at: sql<Date>`now() + ${secs(keepMs)}` })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

export async function findExportJob(db: Kysely<Database>, id: string, staleMs: number): Promise<ExportJobRow | undefined> {
  return (await selectJobs(db, staleMs).where('j.id', '=', id).executeTakeFirst()) as ExportJobRow | undefined;
}

/** A user's jobs of one form, newest first. */
export async function listExportJobs(db: Kysely<Database>, startedBy: string, key: string, limit: number, staleMs: number): Promise<ExportJobRow[]> {
  return (await selectJobs(db, staleMs).where('j.started_by', '=', startedBy).where('j.definition_key', '=', key).orderBy('j.started_at', 'desc').limit(limit).execute()) as ExportJobRow[];
}

/** How many of a user's jobs are running (lost ones not counted). */
export async function countRunningExports(db: Kysely<Database>, startedBy: string, staleMs: number): Promise<number> {
  const row = await db
    .selectFrom('export_job as j')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('j.started_by', '=', startedBy)
    .where('j.status', '=', 'running')
    .where(sql<SqlBool>`not (${staleSql(staleMs)})`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Ends lost jobs (one, or every one) as failed, kept for `keepMs`; their ids. */
export async function failLostExports(db: Kysely<Database>, staleMs: number, failure: unknown, keepMs: number, id?: string): Promise<string[]> {
  const lost = db.selectFrom('export_job as j').select('j.id').where(staleSql(staleMs));
  const rows = await db
    .updateTable('export_job')
    .set({ status: 'failed', failure: JSON.stringify(failure), updated_at: sql<Date>`now()`, finished_at: sql<Date>`now()`, expires_at: sql<Date>`now() + ${secs(keepMs)}` })
    .where('id', 'in', id ? lost.where('j.id', '=', id) : lost)
    .where('status', '=', 'running')
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Removes up to `limit` expired jobs and answers where their files were. Rows claimed by another
 * instance's sweep are skipped (`for update skip locked`), so each file is removed once.
 */
export async function takeExpiredExports(db: Kysely<Database>, limit: number): Promise<Array<{ id: string; format: ExportJobTable['format']; stored_in: MediaStoredIn | null }>> {
  const expired = db.selectFrom('export_job').select('id').where('expires_at', '<', sql<Date>`now()`).orderBy('expires_at').limit(limit).forUpdate().skipLocked();
  return db.deleteFrom('export_job').where('id', 'in', expired).returning(['id', 'format', 'stored_in']).execute();
}
