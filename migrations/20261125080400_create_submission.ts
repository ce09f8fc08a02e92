// Submissions keyed by the client's UUID and pinned to the definition version they were filled in.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('submission')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity().unique())
    .addColumn('definition_key', 'text', (c) => c.notNull())
    .addColumn('definition_version', 'integer', (c) => c.notNull())
    .addColumn('geo_code', 'text')
    .addColumn('period', 'date')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('submitted'))
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('submitted_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint('submission_definition_fkey', ['definition_key', 'definition_version'], 'definition', ['key', 'version'])
    .execute();
  await db.schema.createIndex('submission_key_seq_idx').on('submission').columns(['definition_key', 'seq']).execute();
  await db.schema.createIndex('submission_geo_idx').on('submission').columns(['geo_code']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('submission').execute();
}
