// An edit that moves a submission to another place (commune), or a deletion, leaves nothing at the old
// place for the refresher to find, so that place kept counting it. The UPDATE trigger now also records
// the place a row left, and a DELETE trigger the place of a deleted row, with the writing transaction;
// the refresher reads them like `changed_xid` and forgets them once every published indicator has
// seen them. Still nothing runs on INSERT.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('submission_move')
    .addColumn('definition_key', 'text', (c) => c.notNull())
    .addColumn('leaf', 'text', (c) => c.notNull())
    .addColumn('xid', sql`xid8`, (c) => c.notNull().defaultTo(sql`pg_current_xact_id()`))
    .execute();
  await db.schema.createIndex('submission_move_key_xid_idx').on('submission_move').columns(['definition_key', 'xid']).execute();
  await sql`create or replace function submission_changed_xid() returns trigger language plpgsql as $$
    begin
      new.changed_xid := pg_current_xact_id();
      if left(coalesce(old.geo_code, ''), 6) <> left(coalesce(new.geo_code, ''), 6) then
        insert into submission_move (definition_key, leaf) values (old.definition_key, left(coalesce(old.geo_code, ''), 6));
      end if;
      return new;
    end $$`.execute(db);
  await sql`create function submission_deleted() returns trigger language plpgsql as $$
    begin
      insert into submission_move (definition_key, leaf) values (old.definition_key, left(coalesce(old.geo_code, ''), 6));
      return old;
    end $$`.execute(db);
  await sql`create trigger submission_deleted after delete on submission for each row execute function submission_deleted()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger submission_deleted on submission`.execute(db);
  await sql`drop function submission_deleted()`.execute(db);
  await sql`create or replace function submission_changed_xid() returns trigger language plpgsql as $$
    begin
      new.changed_xid := pg_current_xact_id();
      return new;
    end $$`.execute(db);
  await db.schema.dropTable('submission_move').execute();
}
