// Webhook rules (issue 14.6): who manages them (system administrators: `webhook.manage`; one whose
// grant is the whole country manages everyone's, an area-limited one only their own; never with an
// API token), what a webhook may be (a name, an allowed URL, known events, existing forms), the
// secret (made here, answered once, never again), the audit trail, redelivery and test pings. The
// sending itself is the worker's (webhook-worker.ts); the writes enqueue through the repository.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.repository';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/permissions';
import { badParam, checkCursor, checkPageSize, UUID } from '../core/params';
import { Problem, type ProblemDetail } from '../core/problems';
import type { Database } from '../db/schema';
import { checkResolvedHost, checkUrl, TargetRefused, type AddressPolicy } from './address-policy';
import { isWebhookEvent, WEBHOOK_EVENTS } from './webhook-events';
import {
  deleteWebhookRow,
  deliveryCounts,
  existingFormKeys,
  findDelivery,
  findWebhook,
  insertPing,
  insertRedelivery,
  insertWebhook,
  listDeliveries,
  listWebhooks,
  rotateSecret,
  updateWebhookRow,
  type DeliveryRow,
  type WebhookFields,
  type WebhookRow,
} from './webhooks.repository';

export type { DeliveryRow, WebhookRow };

export interface WebhookInput {
  name: string;
  url: string;
  events: readonly string[];
  formKeys?: readonly string[] | null;
  enabled?: boolean | null;
}

export type WebhookChange = Partial<{ name: string | null; url: string | null; events: readonly string[] | null; formKeys: readonly string[] | null; enabled: boolean | null }>;

const FORM_KEY = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const MAX_URL = 2000;

function manager(actor: Actor | null): Actor {
  const who = requireActor(actor, 'webhook.manage');
  if (who.token) throw new Problem('FORBIDDEN'); // a token never manages what holds a secret
  return who;
}

function managesAll(who: Actor): boolean {
  return who.grants.some((g) => g.role === 'system_admin' && g.geoCode === '');
}

async function visibleWebhook(db: Kysely<Database>, who: Actor, id: string): Promise<WebhookRow> {
  const row = UUID.test(id) ? await findWebhook(db, id.toLowerCase()) : undefined;
  if (!row || (!managesAll(who) && row.created_by !== who.id)) throw new Problem('NOT_FOUND');
  return row;
}

function detail(path: string, keyword: string, en: string, km: string): ProblemDetail {
  return { path, keyword, message: { en, km } };
}

/** The URL rule: syntax and literal addresses, then what its name resolves to now. */
async function checkTarget(raw: string, policy: AddressPolicy): Promise<string> {
  const url = raw.trim();
  if (url.length === 0 || url.length > MAX_URL) throw badParam('url', 'length', `Give the receiver's address (at most ${MAX_URL} characters).`, `សូមផ្តល់អាសយដ្ឋានអ្នកទទួល (យ៉ាងច្រើន ${MAX_URL} តួអក្សរ)។`);
  try {
    const parsed = checkUrl(url, policy);
    await checkResolvedHost(parsed, policy);
    return parsed.href;
  } catch (error) {
    if (!(error instanceof TargetRefused)) throw error;
    if (error.reason === 'invalid') throw new Problem('BAD_URL', { errors: [detail('url', 'format', `Not a valid address: ${error.message}.`, `អាសយដ្ឋានមិនត្រឹមត្រូវ៖ ${error.message}។`)] });
    if (error.reason === 'unresolvable') throw new Problem('WEBHOOK_URL_UNRESOLVABLE', { errors: [detail('url', 'resolve', `The host name was not found: ${error.message}.`, `រកមិនឃើញឈ្មោះម៉ាស៊ីន៖ ${error.message}។`)] });
    const km =
      error.reason === 'scheme'
        ? 'Webhook ផ្ញើតែទៅអាសយដ្ឋាន https ប៉ុណ្ណោះ។'
        : error.reason === 'credentials'
          ? 'សូមកុំដាក់ឈ្មោះអ្នកប្រើ ឬពាក្យសម្ងាត់ក្នុងអាសយដ្ឋាន៖ សូមប្រើហត្ថលេខា (signature) ដើម្បីផ្ទៀងផ្ទាត់។'
          : 'Webhook មិនអាចផ្ញើទៅអាសយដ្ឋានក្នុងបណ្តាញឯកជន loopback ឬ link-local បានទេ។';
    throw new Problem('WEBHOOK_URL_FORBIDDEN', { errors: [detail('url', error.reason, `Refused: ${error.message}.`, km)] });
  }
}

async function checkedFields(db: Kysely<Database>, input: Required<Omit<WebhookInput, 'formKeys' | 'enabled'>> & { formKeys: readonly string[] | null; enabled: boolean }, policy: AddressPolicy, urlChanged: boolean): Promise<WebhookFields> {
  const errors: ProblemDetail[] = [];
  const name = input.name.trim();
  if (name.length < 1 || name.length > 100) errors.push(detail('name', 'length', 'Give the webhook a name of 1 to 100 characters.', 'សូមដាក់ឈ្មោះ webhook ពី ១ ដល់ ១០០ តួអក្សរ។'));
  const events = [...new Set(input.events)];
  if (events.length === 0) errors.push(detail('events', 'minItems', 'Choose at least one event.', 'សូមជ្រើសរើសព្រឹត្តិការណ៍យ៉ាងហោចណាស់មួយ។'));
  events.forEach((e, i) => {
    if (!isWebhookEvent(e)) errors.push(detail(`events.${i}`, 'enum', `Unknown event "${e}"; the events are ${WEBHOOK_EVENTS.join(', ')}.`, `ព្រឹត្តិការណ៍ "${e}" មិនស្គាល់ទេ។ ព្រឹត្តិការណ៍គឺ ${WEBHOOK_EVENTS.join(', ')}។`));
  });
  let formKeys: string[] | null = null;
  if (input.formKeys && input.formKeys.length > 0) {
    formKeys = [...new Set(input.formKeys)];
    if (formKeys.length > 100) errors.push(detail('formKeys', 'maxItems', 'Choose at most 100 forms.', 'សូមជ្រើសរើសទម្រង់យ៉ាងច្រើន ១០០។'));
    const known = await existingFormKeys(db, formKeys.filter((k) => FORM_KEY.test(k)));
    formKeys.forEach((k, i) => {
      if (!known.has(k)) errors.push(detail(`formKeys.${i}`, 'exists', `There is no form "${k}".`, `គ្មានទម្រង់ "${k}" ទេ។`));
    });
  }
  if (errors.length > 0) throw new Problem('BAD_INPUT', { errors });
  const url = urlChanged ? await checkTarget(input.url, policy) : input.url;
  return { name, url, events, formKeys, enabled: input.enabled };
}

/** A new signing secret: `whsec_` and 32 bytes, base64url. */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

const audited = (f: WebhookFields) => ({ name: f.name, url: f.url, events: f.events, formKeys: f.formKeys, enabled: f.enabled });

export async function createWebhook(trx: Kysely<Database>, actor: Actor | null, input: WebhookInput, policy: AddressPolicy): Promise<{ secret: string; row: WebhookRow }> {
  const who = manager(actor);
  const fields = await checkedFields(trx, { name: input.name, url: input.url, events: input.events, formKeys: input.formKeys ?? null, enabled: input.enabled ?? true }, policy, true);
  const secret = newSecret();
  const id = await insertWebhook(trx, { ...fields, secret, createdBy: who.id });
  await recordAudit(trx, { actorId: who.id, actorName: who.username, action: 'webhook.create', entity: 'webhook', entityId: id, after: audited(fields), ip: who.ip });
  return { secret, row: (await findWebhook(trx, id))! };
}

export async function updateWebhook(trx: Kysely<Database>, actor: Actor | null, id: string, change: WebhookChange, policy: AddressPolicy): Promise<WebhookRow> {
  const who = manager(actor);
  const row = await visibleWebhook(trx, who, id);
  const url = change.url ?? row.url;
  const fields = await checkedFields(
    trx,
    { name: change.name ?? row.name, url, events: change.events ?? row.events, formKeys: change.formKeys === undefined ? row.form_keys : change.formKeys, enabled: change.enabled ?? row.enabled },
    policy,
    url !== row.url,
  );
  await updateWebhookRow(trx, row.id, fields);
  await recordAudit(trx, { actorId: who.id, actorName: who.username, action: 'webhook.update', entity: 'webhook', entityId: row.id, before: audited({ name: row.name, url: row.url, events: row.events, formKeys: row.form_keys, enabled: row.enabled }), after: audited(fields), ip: who.ip });
  return (await findWebhook(trx, row.id))!;
}

/** How long a rotated-out secret may keep signing beside the new one: at most a week. */
export const MAX_KEEP_OLD_HOURS = 168;

/**
 * A new signing secret, answered this once (decision 334). The old one keeps signing beside it for
 * `keepOldHours` (default 24; 0: it stops at once), so the receiver can switch without losing a
 * delivery. Audited without either secret.
 */
export async function rotateWebhookSecret(trx: Kysely<Database>, actor: Actor | null, id: string, keepOldHours = 24): Promise<{ secret: string; row: WebhookRow }> {
  const who = manager(actor);
  if (!Number.isInteger(keepOldHours) || keepOldHours < 0 || keepOldHours > MAX_KEEP_OLD_HOURS) {
    throw badParam('keepOldHours', 'range', `keepOldHours must be a whole number of hours from 0 to ${MAX_KEEP_OLD_HOURS}.`, `keepOldHours ត្រូវតែជាចំនួនម៉ោងគត់ពី ០ ដល់ ${MAX_KEEP_OLD_HOURS}។`);
  }
  const row = await visibleWebhook(trx, who, id);
  const secret = newSecret();
  await rotateSecret(trx, row.id, secret, keepOldHours);
  await recordAudit(trx, { actorId: who.id, actorName: who.username, action: 'webhook.rotate_secret', entity: 'webhook', entityId: row.id, after: { keepOldHours }, ip: who.ip });
  return { secret, row: (await findWebhook(trx, row.id))! };
}

/** Deletes the webhook and its delivery log (what was still queued is never sent). */
export async function deleteWebhook(trx: Kysely<Database>, actor: Actor | null, id: string): Promise<boolean> {
  const who = manager(actor);
  const row = await visibleWebhook(trx, who, id);
  await deleteWebhookRow(trx, row.id);
  await recordAudit(trx, { actorId: who.id, actorName: who.username, action: 'webhook.delete', entity: 'webhook', entityId: row.id, before: { name: row.name, url: row.url, events: row.events }, ip: who.ip });
  return true;
}

export async function webhooksOf(db: Kysely<Database>, actor: Actor | null): Promise<WebhookRow[]> {
  const who = manager(actor);
  return listWebhooks(db, managesAll(who) ? null : who.id);
}

/** Per webhook, its deliveries by status (for the list). */
export async function deliverySummary(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, Record<string, number>>> {
  return deliveryCounts(db, ids);
}

export async function webhookDeliveries(db: Kysely<Database>, actor: Actor | null, webhookId: string, first = 20, after?: string | null): Promise<{ rows: DeliveryRow[]; hasNextPage: boolean }> {
  const who = manager(actor);
  checkPageSize(first);
  checkCursor(after);
  const hook = await visibleWebhook(db, who, webhookId);
  const rows = await listDeliveries(db, hook.id, first, after ?? null);
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}

/** Sends a delivery's event again, as a new delivery due now (the body's id stays the event's). */
export async function redeliver(trx: Kysely<Database>, actor: Actor | null, deliveryId: string): Promise<DeliveryRow> {
  const who = manager(actor);
  const of = UUID.test(deliveryId) ? await findDelivery(trx, deliveryId.toLowerCase()) : undefined;
  if (!of) throw new Problem('NOT_FOUND');
  await visibleWebhook(trx, who, of.webhook_id);
  const id = await insertRedelivery(trx, of);
  await recordAudit(trx, { actorId: who.id, actorName: who.username, action: 'webhook.redeliver', entity: 'webhook', entityId: of.webhook_id, after: { delivery: id, of: of.id, event: of.event }, ip: who.ip });
  return (await findDelivery(trx, id))!;
}

/** Queues a `ping` to the webhook (sent even while it is disabled), so its receiver can be tried. */
export async function sendTestPing(trx: Kysely<Database>, actor: Actor | null, webhookId: string): Promise<DeliveryRow> {
  const who = manager(actor);
  const hook = await visibleWebhook(trx, who, webhookId);
  const id = await insertPing(trx, hook.id, { webhook: { id: hook.id, name: hook.name, events: hook.events }, sentBy: who.username });
  return (await findDelivery(trx, id))!;
}
