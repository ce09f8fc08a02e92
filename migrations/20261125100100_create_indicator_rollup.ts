// Pre-aggregated indicator values per geography level and period kind, kept current by adding the
// leaf deltas; answering a dashboard query reads a handful of these rows.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('indicator_rollup')
    .addColumn('indicator_key', 'text', (c) => c.notNull())
    .addColumn('indicator_version', 'integer', (c) => c.notNull())
    .addColumn('geo_level', 'text', (c) => c.notNull())
    .addColumn('period_kind', 'text', (c) => c.notNull())
    .addColumn('geo_code', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('cats', sql`text[]`, (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('n', 'numeric', (c) => c.notNull())
    .addColumn('num', 'numeric', (c) => c.notNull())
    .addColumn('den', 'numeric', (c) => c.notNull())
    .addColumn('total', 'numeric', (c) => c.notNull())
    .addPrimaryKeyConstraint('indicator_rollup_pkey', ['indicator_key', 'indicator_version', 'geo_level', 'period_kind', 'geo_code', 'period', 'cats', 'bucket'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('indicator_rollup').execute();
}
