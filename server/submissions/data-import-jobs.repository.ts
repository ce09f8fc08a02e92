// Submission import jobs and their refused rows, shared by every instance (kysely only; migration
// 20261203110000_create_data_import_job.ts). Progress and refusals are written together, in one
// statement, so the report never lags the counts a poll shows.
import { sql, type Kysely } from 'kysely';
import type { Database, DataImportJobTable } from '../db/schema';

export interface DataJobRow {
  id: string;
  definition_key: string;
  definition_version: number;
  started_by: string | null;
  status: DataImportJobTable['status'];
  phase: DataImportJobTable['phase'];
  done: number;
  total: number;
  stored: number;
  duplicates: number;
  refused: number;
  mapping: unknown;
  failure: unknown;
  started_at: Date;
  finished_at: Date | null;
}

export interface RefusalRow {
  row: number;
  id: string | null;
  code: string;
  errors: Array<{ path: string; message: { en: string; km: string } }>;
}

export interface DataJobCounts {
  done: number;
  stored: number;
  duplicates: number;
  refused: number;
}

const COLUMNS = ['id', 'definition_key', 'definition_version', 'started_by', 'status', 'phase', 'done', 'total', 'stored', 'duplicates', 'refused', 'mapping', 'failure', 'started_at', 'finished_at'] as const;

export async function insertDataJob(db: Kysely<Database>, job: { id: string; key: string; version: number; startedBy: string; total: number; mapping: unknown }): Promise<DataJobRow> {
  return (await db
    .insertInto('data_import_job')
    .values({ id: job.id, definition_key: job.key, definition_version: job.version, started_by: job.startedBy, status: 'running', phase: 'importing', total: job.total, mapping: JSON.stringify(job.mapping) })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow()) as DataJobRow;
}

/**
 * Writes the counts and appends the refused rows found since the last write, in one statement. Only a
 * running job takes progress; `end` finishes it (status, failure, finished_at).
 */
export async function writeDataJob(
  db: Kysely<Database>,
  id: string,
  counts: DataJobCounts,
  refusals: readonly RefusalRow[],
  end?: { status: 'done' | 'failed'; failure: unknown },
): Promise<void> {
  const json = JSON.stringify(refusals.map((r) => ({ row: r.row, record_id: r.id, code: r.code, errors: r.errors })));
  await sql`
    with ins as (
      insert into data_import_refusal (job_id, row, record_id, code, errors)
      select ${id}::uuid, r.row, r.record_id, r.code, r.errors
      from jsonb_to_recordset(${json}::jsonb) as r(row integer, record_id text, code text, errors jsonb)
      on conflict do nothing
    )
    update data_import_job set done = ${counts.done}, stored = ${counts.stored}, duplicates = ${counts.duplicates}, refused = ${counts.refused}, updated_at = now(),
      status = ${end?.status ?? 'running'}, phase = ${end ? 'finished' : 'importing'}, failure = ${end?.failure === undefined || end.failure === null ? null : JSON.stringify(end.failure)}::jsonb,
      finished_at = ${end ? sql`now()` : sql`null`}
    where id = ${id}::uuid and status = 'running'`.execute(db);
}

/**
 * The job, and whether it is orphaned: running, its import's lease (the import_lock row of kind
 * `data:<key>` whose holder is the job id) gone or run out, and no write for `staleMs` (database clock).
 */
export async function findDataJob(db: Kysely<Database>, id: string, staleMs: number): Promise<(DataJobRow & { stale: boolean }) | undefined> {
  return (await db
    .selectFrom('data_import_job as j')
    .select(COLUMNS.map((c) => `j.${c}` as const))
    .select(
      sql<boolean>`j.status = 'running' and j.updated_at < now() - make_interval(secs => ${staleMs / 1000})
        and not exists (select 1 from import_lock l where l.kind = 'data:' || j.definition_key and l.holder = cast(j.id as text) and l.expires_at > now())`.as('stale'),
    )
    .where('j.id', '=', id)
    .executeTakeFirst()) as (DataJobRow & { stale: boolean }) | undefined;
}

/** Ends a running job as failed (its instance is gone), keeping its counts. */
export async function failDataJob(db: Kysely<Database>, id: string, failure: unknown): Promise<void> {
  await db
    .updateTable('data_import_job')
    .set({ status: 'failed', phase: 'finished', failure: JSON.stringify(failure), finished_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

/** The first `limit` refused rows of a job, by row number. */
export async function listRefusals(db: Kysely<Database>, jobId: string, limit: number): Promise<RefusalRow[]> {
  const rows = await db.selectFrom('data_import_refusal').select(['row', 'record_id', 'code', 'errors']).where('job_id', '=', jobId).orderBy('row').limit(limit).execute();
  return rows.map((r) => ({ row: r.row, id: r.record_id, code: r.code, errors: r.errors as RefusalRow['errors'] }));
}

/** Every refused row of a job, by row number, in chunks (a server-side cursor on PostgreSQL). */
export async function* streamRefusals(db: Kysely<Database>, jobId: string): AsyncGenerator<RefusalRow> {
  const rows = db.selectFrom('data_import_refusal').select(['row', 'record_id', 'code', 'errors']).where('job_id', '=', jobId).orderBy('row').stream(500);
  for await (const r of rows) yield { row: r.row, id: r.record_id, code: r.code, errors: r.errors as RefusalRow['errors'] };
}

/** Drops finished jobs (and their refused rows) older than `keepMs`. */
export async function pruneDataJobs(db: Kysely<Database>, keepMs: number): Promise<void> {
  await db
    .deleteFrom('data_import_job')
    .where('finished_at', '<', sql<Date>`now() - make_interval(secs => ${keepMs / 1000})`)
    .execute();
}
