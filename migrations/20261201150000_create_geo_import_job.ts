// Geography import jobs in the database (issue 13 part 1: stateless instances): the instance running
// an import writes its progress here (at most every 250 ms) and its result at the end, so a poll on
// any instance answers it. The job is one JSON document (the REST answer, server/geo/geo-jobs.ts);
// finished jobs are pruned after an hour. The import_lock row still decides who may import.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('geo_import_job')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('state', 'jsonb', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('geo_import_job').execute();
}
