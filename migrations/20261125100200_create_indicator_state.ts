// How far each indicator version's roll-ups are built: the refresher's bookmark.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('indicator_state')
    .addColumn('indicator_key', 'text', (c) => c.notNull())
    .addColumn('indicator_version', 'integer', (c) => c.notNull())
    .addColumn('built_at', 'timestamptz')
    .addColumn('checked_through', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('indicator_state_pkey', ['indicator_key', 'indicator_version'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('indicator_state').execute();
}
