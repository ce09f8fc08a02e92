// The events a webhook may subscribe to, and the roles whose grants bound which records a webhook
// hears of (its creator's live grants, checked in SQL when a write enqueues: webhook_reaches). The
// roles come from the permission table, so a change there changes the webhooks' reach with it.
import { reachOf, roles, type Action } from '../auth/permissions';
import type { FormDefinitionRow } from '../db/schema';

export const WEBHOOK_EVENTS = ['submission.created', 'submission.updated', 'submission.reviewed', 'definition.published'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** Sent by "send a test" only; no webhook subscribes to it. */
export const PING_EVENT = 'ping';

export function isWebhookEvent(value: string): value is WebhookEvent {
  return (WEBHOOK_EVENTS as readonly string[]).includes(value);
}

function rolesWith(action: Action): string[] {
  return roles.filter((role) => reachOf(role, action) === 'area');
}

/** Roles that read records in their grant's area: a webhook hears of records inside its creator's such grants. */
export const SUBMISSION_READER_ROLES: readonly string[] = rolesWith('submission.read');
/** Roles that read form definitions: a webhook hears of publications while its creator holds one. */
export const DEFINITION_READER_ROLES: readonly string[] = rolesWith('definition.read');

/** The roles as a text[] literal (role names are fixed identifiers). */
export function rolesLiteral(list: readonly string[]): string {
  if (!list.every((r) => /^[a-z_]+$/.test(r))) throw new Error('bad role name');
  return `{${list.join(',')}}`;
}

/** The `data` of definition.published: the version, its title and where its types are (not the whole schema). */
export function definitionPublishedPayload(def: FormDefinitionRow, publishedBy: string): Record<string, unknown> {
  const ref = `${def.key}@${def.version}`;
  return {
    key: def.key,
    version: def.version,
    kind: def.kind,
    title: def.schema['x-title'],
    publishedAt: (def.published_at ?? new Date()).toISOString(),
    publishedBy,
    types: `/api/types/${ref}.d.ts`,
    jsonSchema: `/api/types/${ref}.schema.json`,
  };
}
