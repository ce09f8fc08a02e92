// Webhook rows and the delivery queue (kysely only). Enqueueing is always ONE insert … select from
// `webhook` per write (per batch for the offline sync and imports, inside the submit function's own
// call for `submit`, migration 20261203100100): with no enabled webhook subscribed it inserts nothing and costs one scan of an
// empty or tiny table. Claims take due rows with `for update skip locked` and give each a lease;
// `attempts` (raised by the claim) is the fencing token every later write of that claim checks.
import { sql, type Kysely } from 'kysely';
import type { Database, Webhook, WebhookDelivery } from '../db/schema';
import { DEFINITION_READER_ROLES, PING_EVENT, rolesLiteral, SUBMISSION_READER_ROLES, type WebhookEvent } from './webhook-events';

/** A webhook as listed: never its rotated-out secret (the worker reads that when it signs). */
export type WebhookRow = Omit<Webhook, 'previous_secret'> & { created_by_name: string };
export type DeliveryRow = WebhookDelivery;

const SUBMISSION_ROLES = rolesLiteral(SUBMISSION_READER_ROLES);

/** The reader roles as the text[] parameter the submit function and the batch statement take. */
export function submissionReaderRoles(): string {
  return SUBMISSION_ROLES;
}

/**
 * The outbox CTE of a statement that inserts submissions: `source` is a CTE returning the new rows'
 * `definition_key`, `geo_code`, `training` and the whole row as `rec`; `rolesParam` names the text[]
 * parameter holding submissionReaderRoles(). The same rule as the submit function's (migration
 * 20261203100100): enabled, subscribed, the form allowed, not training, inside the creator's grants.
 */
export function submissionOutboxCte(name: string, source: string, event: WebhookEvent, rolesParam: string): string {
  if (![name, source].every((x) => /^[a-z_]+$/.test(x)) || !/^\$\d+$/.test(rolesParam)) throw new Error('bad outbox CTE');
  return `${name} as (
    insert into webhook_delivery (webhook_id, event, payload)
    select h.id, '${event}', webhook_submission_data(${source}.rec)
    from ${source} join webhook h on h.enabled and '${event}' = any(h.events)
      and (h.form_keys is null or ${source}.definition_key = any(h.form_keys))
    where not ${source}.training and webhook_reaches(h.created_by, ${source}.geo_code, cast(${rolesParam} as text[]))
  )`;
}

/**
 * Enqueues `event` for the stored submissions `ids` (after an edit or a review, in the caller's
 * transaction, so the rows as they are now). `extra` is merged into each payload.
 */
export async function enqueueSubmissionEvents(trx: Kysely<Database>, event: WebhookEvent, ids: readonly string[], extra: Record<string, unknown> = {}): Promise<void> {
  if (ids.length === 0) return;
  await sql`
    insert into webhook_delivery (webhook_id, event, payload)
    select h.id, ${event}, webhook_submission_data(s) || cast(${JSON.stringify(extra)} as jsonb)
    from submission s join webhook h on h.enabled and ${event} = any(h.events)
      and (h.form_keys is null or s.definition_key = any(h.form_keys))
    where s.id = any(cast(${`{${ids.join(',')}}`} as uuid[])) and not s.training
      and webhook_reaches(h.created_by, s.geo_code, cast(${SUBMISSION_ROLES} as text[]))`.execute(trx);
}

/** Enqueues definition.published for a form's new version (every area: forms are the country's). */
export async function enqueueDefinitionPublished(trx: Kysely<Database>, key: string, payload: Record<string, unknown>): Promise<void> {
  await sql`
    insert into webhook_delivery (webhook_id, event, payload)
    select h.id, 'definition.published', cast(${JSON.stringify(payload)} as jsonb)
    from webhook h
    where h.enabled and 'definition.published' = any(h.events) and (h.form_keys is null or ${key} = any(h.form_keys))
      and exists (select 1 from app_user u join user_grant g on g.user_id = u.id
                  where u.id = h.created_by and u.disabled_at is null and g.role = any(cast(${rolesLiteral(DEFINITION_READER_ROLES)} as text[])))`.execute(trx);
}

const WEBHOOK_COLUMNS = ['w.id', 'w.name', 'w.url', 'w.events', 'w.form_keys', 'w.secret', 'w.previous_secret_until', 'w.enabled', 'w.created_by', 'w.created_at', 'w.updated_at', 'u.username as created_by_name'] as const;

/** Webhooks, newest first; `creatorId` set: only that user's. */
export async function listWebhooks(db: Kysely<Database>, creatorId: string | null): Promise<WebhookRow[]> {
  let q = db.selectFrom('webhook as w').innerJoin('app_user as u', 'u.id', 'w.created_by').select(WEBHOOK_COLUMNS);
  if (creatorId) q = q.where('w.created_by', '=', creatorId);
  return q.orderBy('w.created_at', 'desc').orderBy('w.id').execute();
}

export async function findWebhook(db: Kysely<Database>, id: string): Promise<WebhookRow | undefined> {
  return db.selectFrom('webhook as w').innerJoin('app_user as u', 'u.id', 'w.created_by').select(WEBHOOK_COLUMNS).where('w.id', '=', id).executeTakeFirst();
}

export interface WebhookFields {
  name: string;
  url: string;
  events: string[];
  formKeys: string[] | null;
  enabled: boolean;
}

export async function insertWebhook(trx: Kysely<Database>, fields: WebhookFields & { secret: string; createdBy: string }): Promise<string> {
  const row = await trx
    .insertInto('webhook')
    .values({ name: fields.name, url: fields.url, events: fields.events, form_keys: fields.formKeys, secret: fields.secret, enabled: fields.enabled, created_by: fields.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateWebhookRow(trx: Kysely<Database>, id: string, fields: WebhookFields): Promise<void> {
  await trx
    .updateTable('webhook')
    .set({ name: fields.name, url: fields.url, events: fields.events, form_keys: fields.formKeys, enabled: fields.enabled, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

export async function deleteWebhookRow(trx: Kysely<Database>, id: string): Promise<void> {
  await trx.deleteFrom('webhook').where('id', '=', id).execute();
}

/** A webhook's deliveries, newest first, keyset-paged on `seq`. */
export async function listDeliveries(db: Kysely<Database>, webhookId: string, first: number, afterSeq: string | null): Promise<DeliveryRow[]> {
  let q = db.selectFrom('webhook_delivery').selectAll().where('webhook_id', '=', webhookId);
  if (afterSeq !== null) q = q.where('seq', '<', afterSeq);
  return q.orderBy('seq', 'desc').limit(first + 1).execute();
}

export async function findDelivery(db: Kysely<Database>, id: string): Promise<DeliveryRow | undefined> {
  return db.selectFrom('webhook_delivery').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Deliveries per webhook by status (the list's summary). */
export async function deliveryCounts(db: Kysely<Database>, webhookIds: readonly string[]): Promise<Map<string, Record<string, number>>> {
  if (webhookIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('webhook_delivery')
    .select(['webhook_id', 'status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('webhook_id', 'in', webhookIds)
    .groupBy(['webhook_id', 'status'])
    .execute();
  const out = new Map<string, Record<string, number>>();
  for (const r of rows) out.set(r.webhook_id, { ...out.get(r.webhook_id), [r.status]: Number(r.n) });
  return out;
}

/** A new delivery of the same event (same body id, new delivery id), due now. */
export async function insertRedelivery(trx: Kysely<Database>, of: DeliveryRow): Promise<string> {
  const row = await trx
    .insertInto('webhook_delivery')
    .values({ event_id: of.event_id, webhook_id: of.webhook_id, event: of.event, payload: JSON.stringify(of.payload), occurred_at: of.occurred_at, redelivery_of: of.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertPing(trx: Kysely<Database>, webhookId: string, payload: Record<string, unknown>): Promise<string> {
  const row = await trx.insertInto('webhook_delivery').values({ webhook_id: webhookId, event: PING_EVENT, payload: JSON.stringify(payload) }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export interface ClaimedDelivery {
  id: string;
  event_id: string;
  event: string;
  payload: unknown;
  occurred_at: Date;
  attempts: number;
  url: string;
  secret: string;
  /** The secret before a rotation, while it still signs (else null). */
  previous_secret: string | null;
}

/**
 * Claims up to `limit` due deliveries for `leaseMs`: pending ones whose time has come, and ones a
 * worker claimed but whose lease ran out (its instance died mid-delivery). Rows another worker is
 * claiming right now are skipped, not waited for. Disabled webhooks' deliveries wait (pings excepted).
 */
export async function claimDue(db: Kysely<Database>, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const { rows } = await sql<ClaimedDelivery>`
    with due as (
      select d.id from webhook_delivery d join webhook h on h.id = d.webhook_id
      where d.status in ('pending', 'delivering') and d.next_attempt_at <= now()
        and (d.locked_until is null or d.locked_until <= now())
        and (h.enabled or d.event = ${PING_EVENT})
      order by d.next_attempt_at, d.seq
      limit ${limit}
      for update of d skip locked
    )
    update webhook_delivery d
    set status = 'delivering', attempts = d.attempts + 1, locked_until = now() + cast(${leaseMs} as double precision) * interval '1 millisecond', last_attempt_at = now()
    from due, webhook h
    where d.id = due.id and h.id = d.webhook_id
    returning d.id, d.event_id, d.event, d.payload, d.occurred_at, d.attempts, h.url, h.secret,
      case when h.previous_secret_until > now() then h.previous_secret end as previous_secret`.execute(db);
  return rows;
}

export interface AttemptResult {
  statusCode: number | null;
  error: string | null;
  response: string | null;
}

/** Records a success; false when the claim was lost (another worker took the row after the lease). */
export async function markDelivered(db: Kysely<Database>, id: string, attempts: number, result: AttemptResult): Promise<boolean> {
  const r = await db
    .updateTable('webhook_delivery')
    .set({ status: 'delivered', delivered_at: sql<Date>`now()`, locked_until: null, last_status_code: result.statusCode, last_error: null, last_response: result.response })
    .where('id', '=', id)
    .where('attempts', '=', attempts)
    .where('status', '=', 'delivering')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records a failed attempt: retried after `retryInMs`, or failed for good when null. */
export async function markAttemptFailed(db: Kysely<Database>, id: string, attempts: number, result: AttemptResult, retryInMs: number | null): Promise<boolean> {
  const r = await db
    .updateTable('webhook_delivery')
    .set({
      status: retryInMs === null ? 'failed' : 'pending',
      next_attempt_at: retryInMs === null ? sql<Date>`next_attempt_at` : sql<Date>`now() + cast(${Math.round(retryInMs)} as double precision) * interval '1 millisecond'`,
      locked_until: null,
      last_status_code: result.statusCode,
      last_error: result.error,
      last_response: result.response,
    })
    .where('id', '=', id)
    .where('attempts', '=', attempts)
    .where('status', '=', 'delivering')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Gives a claim back without counting it (the worker is stopping): due again at once. */
export async function releaseClaim(db: Kysely<Database>, id: string, attempts: number): Promise<void> {
  await db
    .updateTable('webhook_delivery')
    .set({ status: 'pending', locked_until: null, attempts: sql<number>`attempts - 1` })
    .where('id', '=', id)
    .where('attempts', '=', attempts)
    .where('status', '=', 'delivering')
    .execute();
}

/** Deletes finished deliveries older than `days` (the log's retention); how many went. */
export async function purgeFinished(db: Kysely<Database>, days: number): Promise<number> {
  const r = await db
    .deleteFrom('webhook_delivery')
    .where('status', 'in', ['delivered', 'failed'])
    .where('created_at', '<', sql<Date>`now() - cast(${days} as double precision) * interval '1 day'`)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Which of `keys` name a form (any version, any status). */
export async function existingFormKeys(db: Kysely<Database>, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.selectFrom('definition').select('key').distinct().where('kind', '=', 'form').where('key', 'in', keys).execute();
  return new Set(rows.map((r) => r.key));
}

/** A new signing secret; the current one keeps signing for `keepOldHours` (0: it stops now). */
export async function rotateSecret(trx: Kysely<Database>, id: string, secret: string, keepOldHours: number): Promise<void> {
  await trx
    .updateTable('webhook')
    .set((eb) => ({
      previous_secret: keepOldHours > 0 ? eb.ref('secret') : null,
      previous_secret_until: keepOldHours > 0 ? sql<Date>`now() + cast(${keepOldHours} as integer) * interval '1 hour'` : null,
      secret,
      updated_at: sql<Date>`now()`,
    }))
    .where('id', '=', id)
    .execute();
}
