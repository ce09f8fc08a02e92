// Group commit for `submit` (decision 331): when several phones' `submit` calls reach one app instance
// at the same moment, their rows go to the database in ONE statement (one round trip, one
// transaction, one WAL flush) instead of one each. The function runs the single-row function of
// migration 20261203100100 for every row, so each row keeps exactly its rules (the gazetteer check,
// the idempotent insert, its audit event and webhook outbox); rows are taken in id order, so two
// instances storing overlapping rows take the id locks in the same order (no deadlock). `ord` tells
// the caller which request each returned row answers; a row that was not written returns nothing.
import { sql, type Kysely } from 'kysely';

const CREATE = String.raw`create function submission_insert_many_if_absent(p_rows jsonb, p_reader_roles text[])
returns table (
  ord integer, id uuid, seq bigint, definition_key text, definition_version integer, geo_code text, period date,
  status text, submitted_by uuid, created_at timestamptz, updated_at timestamptz, training boolean
) language plpgsql volatile as $$
declare
  r record;
begin
  for r in
    select x.* from jsonb_to_recordset(p_rows) as x(ord integer, id uuid, definition_key text, definition_version integer,
      geo_code text, period date, data jsonb, submitted_by uuid, actor_name text, ip text, codes text[], training boolean)
    order by x.id, x.ord
  loop
    return query select r.ord, f.* from submission_insert_if_absent(r.id, r.definition_key, r.definition_version,
      r.geo_code, r.period, r.data, r.submitted_by, r.actor_name, r.ip, r.codes, r.training, p_reader_roles) as f;
  end loop;
end
$$`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(CREATE).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('drop function submission_insert_many_if_absent(jsonb, text[])').execute(db);
}
