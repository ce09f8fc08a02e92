// The hottest statement in the product (submit: row + audit event, refused when the id is taken or a
// place fails the gazetteer rule) as a PL/pgSQL function, because PL/pgSQL keeps its statements'
// plans per connection: sent as one ad-hoc statement, PostgreSQL re-planned the CTE on every call,
// and planning cost ~1 ms of its ~1.5 ms (measured 2026-12-01: 1.5 ms ad hoc, 0.45 ms with a cached
// plan, raw single-row INSERT 0.33 ms). The rule itself is unchanged (server/submissions/places.ts):
// a code is refused when it is retired, or when it is missing and its deepest known ancestor lists
// units below it (or it has none: provinces always ship). A later change to this rule or to the
// submission columns replaces the function in a new migration.
import { sql, type Kysely } from 'kysely';

const CREATE = String.raw`create function submission_insert_if_absent(
  p_id uuid, p_definition_key text, p_definition_version integer, p_geo_code text, p_period date,
  p_data jsonb, p_submitted_by uuid, p_actor_name text, p_ip text, p_codes text[]
) returns table (
  id uuid, seq bigint, definition_key text, definition_version integer, geo_code text, period date,
  status text, submitted_by uuid, created_at timestamptz, updated_at timestamptz
) language plpgsql volatile as $$
#variable_conflict use_column
begin
  return query
  with refused as (
    select 1 from unnest(p_codes) as c(code)
    left join geo_unit u on u.code = c.code
    where u.retired_at is not null
      or (u.code is null and coalesce((
        select exists (select 1 from geo_unit k where k.parent_code = d.code)
        from geo_unit d where d.code in (left(c.code, 2), left(c.code, 4), left(c.code, 6)) and length(d.code) < length(c.code)
        order by length(d.code) desc limit 1), true))
    limit 1
  ), ins as (
    insert into submission as s (id, definition_key, definition_version, geo_code, period, data, submitted_by)
    select p_id, p_definition_key, p_definition_version, p_geo_code,
      coalesce(p_period, cast(timezone('Asia/Phnom_Penh', now()) as date)), p_data, p_submitted_by
    where not exists (select 1 from refused)
    on conflict (id) do nothing
    returning s.id, s.seq, s.definition_key, s.definition_version, s.geo_code, s.period, s.status, s.submitted_by, s.created_at, s.updated_at
  ), aud as (
    insert into audit_event (actor_id, actor_name, action, entity, entity_id, ip, geo_code)
    select ins.submitted_by, p_actor_name, 'submission.create', 'submission', cast(ins.id as text), p_ip, ins.geo_code from ins
  )
  select * from ins;
end
$$`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(CREATE).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('drop function submission_insert_if_absent(uuid, text, integer, text, date, jsonb, uuid, text, text, text[])').execute(db);
}
