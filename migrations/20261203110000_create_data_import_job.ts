// Submission imports as background jobs (issue 14.3): the instance running an import writes its
// progress to data_import_job (at most every 500 ms, outside the import's statements) and its counts
// at the end, so a poll on any instance answers it; each refused row goes to data_import_refusal as
// it is found, so the report is downloadable from the job (as CSV) whatever its size. The import's
// import_lock row (kind `data:<form key>`, holder = the job id) tells a live job from a lost one.
// Finished jobs are pruned after a day (their refusals go with them).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('data_import_job')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('definition_key', 'text', (c) => c.notNull())
    .addColumn('definition_version', 'integer', (c) => c.notNull())
    .addColumn('started_by', 'uuid', (c) => c.references('app_user.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running', 'done', 'failed')`))
    .addColumn('phase', 'text', (c) => c.notNull().check(sql`phase in ('importing', 'finished')`))
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('stored', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('duplicates', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('refused', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('mapping', 'jsonb', (c) => c.notNull())
    /** Why a failed job stopped ({code, message: {en, km}}); null otherwise. */
    .addColumn('failure', 'jsonb')
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await db.schema
    .createTable('data_import_refusal')
    .addColumn('job_id', 'uuid', (c) => c.notNull().references('data_import_job.id').onDelete('cascade'))
    .addColumn('row', 'integer', (c) => c.notNull())
    .addColumn('record_id', 'text')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('errors', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('data_import_refusal_pkey', ['job_id', 'row'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('data_import_refusal').execute();
  await db.schema.dropTable('data_import_job').execute();
}
