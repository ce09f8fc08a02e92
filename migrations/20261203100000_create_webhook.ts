// Webhooks (issue 14.6): `webhook` is a subscription (URL, events, optional form keys, the secret that
// signs its deliveries, its creator, whose live grants bound which records it hears of), and
// `webhook_delivery` is both the durable outbox the writes enqueue into (in their own transaction)
// and the delivery log the admin page reads. Workers on any instance claim due rows with
// `for update skip locked` and a lease (`locked_until`); `attempts` is the fencing token a result is
// written under. Two SQL functions keep the rules the enqueueing statements share in one place: the
// payload of a submission event and the area rule (the creator's grants, as scope.ts computes them).
import { sql, type Kysely } from 'kysely';

const SUBMISSION_DATA = String.raw`create function webhook_submission_data(s submission) returns jsonb language sql stable as $$
  select jsonb_build_object(
    'id', s.id, 'definitionKey', s.definition_key, 'definitionVersion', s.definition_version,
    'geoCode', s.geo_code, 'period', s.period, 'status', s.status, 'version', s.version, 'data', s.data,
    'submittedBy', (select u.username from app_user u where u.id = s.submitted_by),
    'reviewedBy', (select u.username from app_user u where u.id = s.reviewed_by),
    'reviewedAt', to_char(s.reviewed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'createdAt', to_char(s.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'updatedAt', to_char(s.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
$$`;

// A webhook hears of a record at p_geo when its creator is active and holds a grant of one of
// p_roles (the roles that read submissions in their area) covering that place: '' is the country, a
// code covers its subtree; a record without a place is the country's. Codes are digit strings.
const REACHES = String.raw`create function webhook_reaches(p_user uuid, p_geo text, p_roles text[]) returns boolean language sql stable as $$
  select exists (
    select 1 from app_user u join user_grant g on g.user_id = u.id
    where u.id = p_user and u.disabled_at is null and g.role = any(p_roles)
      and (g.geo_code = '' or left(p_geo, length(g.geo_code)) = g.geo_code))
$$`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('webhook')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('events', sql`text[]`, (c) => c.notNull())
    .addColumn('form_keys', sql`text[]`)
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('webhook_delivery')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('seq', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity())
    // The event's id (the body's `id`): the same on retries and redeliveries, for receivers to deduplicate.
    .addColumn('event_id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('webhook_id', 'uuid', (c) => c.notNull().references('webhook.id').onDelete('cascade'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'delivering', 'delivered', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('last_attempt_at', 'timestamptz')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('last_response', 'text')
    .addColumn('redelivery_of', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('delivered_at', 'timestamptz')
    .execute();
  // The workers' poll reads only what is due (a few rows), never the log.
  await sql`create index webhook_delivery_due_idx on webhook_delivery (next_attempt_at) where status in ('pending', 'delivering')`.execute(db);
  await sql`create index webhook_delivery_log_idx on webhook_delivery (webhook_id, seq desc)`.execute(db);
  await sql.raw(SUBMISSION_DATA).execute(db);
  await sql.raw(REACHES).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function webhook_reaches(uuid, text, text[])`.execute(db);
  await sql`drop function webhook_submission_data(submission)`.execute(db);
  await db.schema.dropTable('webhook_delivery').execute();
  await db.schema.dropTable('webhook').execute();
}
