// Lets the indicator refresher follow submissions by transaction visibility instead of by sequence
// number or time: `xid` is the transaction that inserted the row, `changed_xid` the one that last
// wrote it (set by a trigger on UPDATE only, so the ingest path pays a column default, no trigger).
// A row whose transaction commits late (a slow commit, a batch) is then never skipped, whatever its
// sequence number. Existing rows get '1' (committed before any snapshot) without rewriting the table.
// The (definition_key, changed_xid) index serves both "new" and "edited" rows and replaces the
// updated_at index, which only the refresher's time-based edit window used.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table submission add column xid xid8 not null default '1'::xid8, add column changed_xid xid8 not null default '1'::xid8`.execute(db);
  await sql`alter table submission alter column xid set default pg_current_xact_id(), alter column changed_xid set default pg_current_xact_id()`.execute(db);
  await sql`create function submission_changed_xid() returns trigger language plpgsql as $$
    begin
      new.changed_xid := pg_current_xact_id();
      return new;
    end $$`.execute(db);
  await sql`create trigger submission_changed_xid before update on submission for each row execute function submission_changed_xid()`.execute(db);
  await sql`create index submission_key_changed_xid_idx on submission (definition_key, changed_xid)`.execute(db);
  await sql`drop index submission_key_updated_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('submission_key_updated_idx').on('submission').columns(['definition_key', 'updated_at']).execute();
  await sql`drop index submission_key_changed_xid_idx`.execute(db);
  await sql`drop trigger submission_changed_xid on submission`.execute(db);
  await sql`drop function submission_changed_xid()`.execute(db);
  await sql`alter table submission drop column xid, drop column changed_xid`.execute(db);
}
