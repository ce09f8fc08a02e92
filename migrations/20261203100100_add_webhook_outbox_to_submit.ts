// Webhooks (issue 14.6): `submit` enqueues its `submission.created` deliveries in the same call that
// stores the row (the outbox pattern, with no extra round trip on the busiest path). The insert
// function gains one parameter, the roles whose grants bound what a webhook hears of (computed from
// the permission table by the app, so the rule is not copied into SQL), and a second statement run
// only when a row was written and an enabled webhook listens; otherwise its cost is one look at the
// (tiny) webhook table (bench/webhooks/outbox-cost.ts; decision 260). Everything else is migration
// 20261201120000's function unchanged.
import { sql, type Kysely } from 'kysely';

const OLD_SIGNATURE = 'submission_insert_if_absent(uuid, text, integer, text, date, jsonb, uuid, text, text, text[], boolean)';
const NEW_SIGNATURE = 'submission_insert_if_absent(uuid, text, integer, text, date, jsonb, uuid, text, text, text[], boolean, text[])';

const CREATE = String.raw`create function submission_insert_if_absent(
  p_id uuid, p_definition_key text, p_definition_version integer, p_geo_code text, p_period date,
  p_data jsonb, p_submitted_by uuid, p_actor_name text, p_ip text, p_codes text[], p_training boolean,
  p_reader_roles text[]
) returns table (
  id uuid, seq bigint, definition_key text, definition_version integer, geo_code text, period date,
  status text, submitted_by uuid, created_at timestamptz, updated_at timestamptz, training boolean
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
    insert into submission as s (id, definition_key, definition_version, geo_code, period, data, submitted_by, training)
    select p_id, p_definition_key, p_definition_version, p_geo_code,
      coalesce(p_period, cast(timezone('Asia/Phnom_Penh', now()) as date)), p_data, p_submitted_by,
      coalesce(p_training, (select w.training_mode from app_user w where w.id = p_submitted_by), false)
    where not exists (select 1 from refused)
    on conflict (id) do nothing
    returning s.id, s.seq, s.definition_key, s.definition_version, s.geo_code, s.period, s.status, s.submitted_by, s.created_at, s.updated_at, s.training
  ), aud as (
    insert into audit_event (actor_id, actor_name, action, entity, entity_id, ip, geo_code)
    select ins.submitted_by, p_actor_name, 'submission.create', 'submission', cast(ins.id as text), p_ip, ins.geo_code from ins
  )
  select * from ins;
  -- The outbox, in the same transaction: only when a row was written and some enabled webhook
  -- listens (one look at a tiny table), so the usual case costs no insert at all.
  if found and exists (select 1 from webhook h where h.enabled and 'submission.created' = any(h.events)) then
    insert into webhook_delivery (webhook_id, event, payload)
    select h.id, 'submission.created', webhook_submission_data(x)
    from submission x join webhook h on h.enabled and 'submission.created' = any(h.events)
      and (h.form_keys is null or x.definition_key = any(h.form_keys))
    where x.id = p_id and not x.training and webhook_reaches(h.created_by, x.geo_code, p_reader_roles);
  end if;
end
$$`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop function ${OLD_SIGNATURE}`).execute(db);
  await sql.raw(CREATE).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop function ${NEW_SIGNATURE}`).execute(db);
  await sql.raw(TRAINING_CREATE).execute(db);
}

/** Migration 20261201120000's function, as it was (that migration's `up` also adds columns). */
const TRAINING_CREATE = String.raw`create function submission_insert_if_absent(
  p_id uuid, p_definition_key text, p_definition_version integer, p_geo_code text, p_period date,
  p_data jsonb, p_submitted_by uuid, p_actor_name text, p_ip text, p_codes text[], p_training boolean
) returns table (
  id uuid, seq bigint, definition_key text, definition_version integer, geo_code text, period date,
  status text, submitted_by uuid, created_at timestamptz, updated_at timestamptz, training boolean
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
    insert into submission as s (id, definition_key, definition_version, geo_code, period, data, submitted_by, training)
    select p_id, p_definition_key, p_definition_version, p_geo_code,
      coalesce(p_period, cast(timezone('Asia/Phnom_Penh', now()) as date)), p_data, p_submitted_by,
      coalesce(p_training, (select w.training_mode from app_user w where w.id = p_submitted_by), false)
    where not exists (select 1 from refused)
    on conflict (id) do nothing
    returning s.id, s.seq, s.definition_key, s.definition_version, s.geo_code, s.period, s.status, s.submitted_by, s.created_at, s.updated_at, s.training
  ), aud as (
    insert into audit_event (actor_id, actor_name, action, entity, entity_id, ip, geo_code)
    select ins.submitted_by, p_actor_name, 'submission.create', 'submission', cast(ins.id as text), p_ip, ins.geo_code from ins
  )
  select * from ins;
end
$$`;
