// Training mode (issue 11, part 7): a trainer's class practises on the real instance without touching
// its figures. Each user has a switch (app_user.training_mode); every record made while it is on is
// marked `training` (the phone captures the mark when the record is started, so a record filled offline
// in training stays training when it is sent later). Indicators, reports and the default data views
// leave training records out; one action removes them. The insert function gains the mark: when the
// client sends none, the writer's switch is read in the same statement (never an app server's memory).
import { sql, type Kysely } from 'kysely';
import { up as createUntrainedInsert } from './20261201090000_create_submission_insert_function';

const OLD_SIGNATURE = 'submission_insert_if_absent(uuid, text, integer, text, date, jsonb, uuid, text, text, text[])';

const CREATE = String.raw`create function submission_insert_if_absent(
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

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('app_user').addColumn('training_mode', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
  await db.schema.alterTable('submission').addColumn('training', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
  // Removal and the training views read only the (few) training rows.
  await sql`create index submission_training_idx on submission (definition_key, geo_code) where training`.execute(db);
  await sql.raw(`drop function ${OLD_SIGNATURE}`).execute(db);
  await sql.raw(CREATE).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('drop function submission_insert_if_absent(uuid, text, integer, text, date, jsonb, uuid, text, text, text[], boolean)').execute(db);
  await createUntrainedInsert(db);
  await sql`drop index submission_training_idx`.execute(db);
  await db.schema.alterTable('submission').dropColumn('training').execute();
  await db.schema.alterTable('app_user').dropColumn('training_mode').execute();
}
