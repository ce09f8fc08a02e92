// Per-place, per-month aggregates of each published indicator version: the finest level the roll-ups
// are derived from, recomputed for the places whose submissions changed.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('indicator_leaf')
    .addColumn('indicator_key', 'text', (c) => c.notNull())
    .addColumn('indicator_version', 'integer', (c) => c.notNull())
    .addColumn('leaf', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('cats', sql`text[]`, (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('n', 'numeric', (c) => c.notNull())
    .addColumn('num', 'numeric', (c) => c.notNull())
    .addColumn('den', 'numeric', (c) => c.notNull())
    .addColumn('total', 'numeric', (c) => c.notNull())
    .addPrimaryKeyConstraint('indicator_leaf_pkey', ['indicator_key', 'indicator_version', 'leaf', 'month', 'cats', 'bucket'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('indicator_leaf').execute();
}
