// Exports as background jobs (issue 14, Measure): the instance running an export writes its progress
// to export_job (rows written of `total`, at most every 500 ms) and, at the end, where the file is
// (`stored_in`: the media folder or the bucket), its size and when it expires, so a poll or a download
// on any instance answers it. The export's import_lock row (kind `export:<job id>`, holder = the job id)
// is its lease: a running job without a live lease and no write for a minute is failed (EXPORT_LOST).
// Expired jobs are swept with their files (server/exports/export-jobs.ts).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('export_job')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('definition_key', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('csv', 'xlsx', 'zip')`))
    /** The export's switches as asked: filter, lang, headers, values, files. */
    .addColumn('params', 'jsonb', (c) => c.notNull())
    .addColumn('started_by', 'uuid', (c) => c.references('app_user.id').onDelete('cascade'))
    /** The starter's submission.read scope when it started: a download with another scope is refused. */
    .addColumn('scope', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running', 'done', 'failed')`))
    /** Records matching when it started; `total` counts every pass over them (one per file or sheet) and the media files. */
    .addColumn('records', 'integer', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('stored_in', 'text', (c) => c.check(sql`stored_in in ('disk', 's3')`))
    .addColumn('bytes', 'bigint')
    /** Why a failed job stopped ({code, message: {en, km}}); null otherwise. */
    .addColumn('failure', 'jsonb')
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    /** When the job and its file are swept (finished_at + EXPORT_KEEP_HOURS). */
    .addColumn('expires_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('export_job_started_by_idx').on('export_job').columns(['started_by', 'started_at']).execute();
  await db.schema.createIndex('export_job_expires_at_idx').on('export_job').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('export_job').execute();
}
