// Files generated from a published form version (its TypeScript declarations and the JSON Schema of
// its submission data), stored once so every app instance serves the same bytes forever: written in
// the publishing transaction, or on first request for versions published before this table existed.
// Rows are never changed (trigger), like the published definitions they come from.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('definition_artifact')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('dts', 'schema')`))
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull().check(sql`sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn('generator', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('definition_artifact_pkey', ['key', 'version', 'kind'])
    .addForeignKeyConstraint('definition_artifact_definition_fkey', ['key', 'version'], 'definition', ['key', 'version'], (c) => c.onDelete('cascade'))
    .execute();
  await sql`
    create function definition_artifact_freeze() returns trigger language plpgsql as $$
    begin
      raise exception 'definition artifact % v% % is immutable', old.key, old.version, old.kind using errcode = 'P0001';
    end $$`.execute(db);
  await sql`create trigger definition_artifact_freeze before update on definition_artifact for each row execute function definition_artifact_freeze()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('definition_artifact').execute();
  await sql`drop function if exists definition_artifact_freeze()`.execute(db);
}
