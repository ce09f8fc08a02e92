// Versioned definitions: (key, version) is unique and a published row's schema never changes.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('definition')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version > 0`))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'published', 'retired')`))
    .addColumn('schema', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('published_at', 'timestamptz')
    .addPrimaryKeyConstraint('definition_pkey', ['key', 'version'])
    .execute();
  // At most one draft per key.
  await sql`create unique index definition_one_draft on definition (key) where status = 'draft'`.execute(db);
  // Published content is frozen: only the status may move on (to retired).
  await sql`
    create function definition_freeze() returns trigger language plpgsql as $$
    begin
      if old.status <> 'draft' and (new.schema is distinct from old.schema or new.version <> old.version or new.key <> old.key) then
        raise exception 'published definition % v% is immutable', old.key, old.version using errcode = 'P0001';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger definition_freeze before update on definition for each row execute function definition_freeze()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('definition').execute();
  await sql`drop function if exists definition_freeze()`.execute(db);
}
