// API tokens (issue 14.4): named, read or read/write, optionally limited to some forms, with an
// expiry; made and revoked by their owner (an administrator may list and revoke everyone's). The
// secret is shown once; only its SHA-256 is stored. A token acts as its owner with the owner's live
// grants (a grant taken away or the owner disabled stops it at once), narrowed by its scope
// (permissions.ts: a read token never writes) and its forms (scope.ts: every submission query filters
// on them; decision 265).
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.repository';
import { badParam } from '../core/params';
import { Problem } from '../core/problems';
import type { Database } from '../db/schema';
import { kindsOfKeys } from '../definitions/definitions.repository';
import type { Actor } from './actor';
import { findApiTokenById, findApiTokenForAuth, insertApiToken, listApiTokens, revokeApiTokenRow, touchApiToken, type ApiTokenRow } from './api-tokens.repository';
import { requireActor } from './permissions';

export type { ApiTokenRow };
import { cachedSession, rememberSession } from './session-cache';
import { generateSessionToken, sessionIdFromToken } from './sessions.service';

/** API tokens start with this, so the server tells them from session tokens without a lookup. */
export const API_TOKEN_PREFIX = 'sat_';
const TOKEN = /^sat_[a-z2-7]{32}$/;
const DAY_MS = 86_400_000;
export const MAX_TOKEN_DAYS = 366;
/** The most forms one token may be limited to. */
export const MAX_TOKEN_FORMS = 50;

export interface NewApiToken {
  name: string;
  scope: 'read' | 'read_write';
  expiresInDays: number;
  /** Limit the token to the records of these forms (definition keys); absent or null: every form. */
  formKeys?: readonly string[] | null | undefined;
}

/** The form keys a token is limited to, each checked (a form's key, once); null: no limit. */
async function checkFormKeys(db: Kysely<Database>, formKeys: readonly string[] | null | undefined): Promise<{ keys: string[] | null; errors: Problem[] }> {
  if (formKeys == null) return { keys: null, errors: [] };
  const errors: Problem[] = [];
  if (formKeys.length === 0) errors.push(badParam('formKeys', 'minItems', 'Choose at least one form, or leave the list out for every form.', 'សូមជ្រើសរើសទម្រង់យ៉ាងហោចណាស់មួយ ឬទុកបញ្ជីឱ្យទទេសម្រាប់ទម្រង់ទាំងអស់។'));
  if (formKeys.length > MAX_TOKEN_FORMS) {
    errors.push(badParam('formKeys', 'maxItems', `A token is limited to at most ${MAX_TOKEN_FORMS} forms.`, `និមិត្តសញ្ញាមួយអាចកំណត់បានយ៉ាងច្រើន ${MAX_TOKEN_FORMS} ទម្រង់។`));
    return { keys: null, errors };
  }
  const kinds = await kindsOfKeys(db, formKeys);
  const seen = new Set<string>();
  formKeys.forEach((key, i) => {
    if (seen.has(key)) errors.push(badParam(`formKeys.${i}`, 'unique', `Form ${key} is in the list twice.`, `ទម្រង់ ${key} មានក្នុងបញ្ជីពីរដង។`));
    else if (kinds.get(key) !== 'form') errors.push(badParam(`formKeys.${i}`, 'exists', `There is no form ${key}.`, `គ្មានទម្រង់ ${key} ទេ។`));
    seen.add(key);
  });
  return { keys: [...seen].sort(), errors };
}

export const isApiToken = (token: string): boolean => token.startsWith(API_TOKEN_PREFIX);

/** The whole country's system administrators manage every token; everyone else only their own. */
function isTokenAdmin(actor: Actor): boolean {
  return actor.grants.some((g) => g.role === 'system_admin' && g.geoCode === '');
}

export async function createApiToken(trx: Kysely<Database>, actor: Actor | null, input: NewApiToken): Promise<{ token: string; row: ApiTokenRow }> {
  const who = requireActor(actor);
  if (who.token) throw new Problem('FORBIDDEN'); // a token never makes tokens
  const name = input.name.trim();
  const errors: Problem[] = [];
  if (name.length < 1 || name.length > 100) errors.push(badParam('name', 'length', 'Give the token a name of 1 to 100 characters (what it is for).', 'សូមដាក់ឈ្មោះនិមិត្តសញ្ញាពី ១ ដល់ ១០០ តួអក្សរ (គោលបំណងរបស់វា)។'));
  if (input.scope !== 'read' && input.scope !== 'read_write') errors.push(badParam('scope', 'enum', 'The scope is read or read_write.', 'វិសាលភាពគឺ read ឬ read_write។'));
  if (!Number.isInteger(input.expiresInDays) || input.expiresInDays < 1 || input.expiresInDays > MAX_TOKEN_DAYS) errors.push(badParam('expiresInDays', 'range', `A token lasts 1 to ${MAX_TOKEN_DAYS} days.`, `និមិត្តសញ្ញាមានសុពលភាពពី ១ ដល់ ${MAX_TOKEN_DAYS} ថ្ងៃ។`));
  const forms = await checkFormKeys(trx, input.formKeys);
  errors.push(...forms.errors);
  if (errors.length) throw new Problem('BAD_INPUT', { errors: errors.flatMap((e) => e.errors ?? []) });
  const token = `${API_TOKEN_PREFIX}${generateSessionToken()}`;
  const id = sessionIdFromToken(token);
  await insertApiToken(trx, { id, userId: who.id, name, scope: input.scope, formKeys: forms.keys, expiresAt: new Date(Date.now() + input.expiresInDays * DAY_MS) });
  await recordAudit(trx, { actorId: who.id, actorName: who.username, action: 'api_token.create', entity: 'api_token', entityId: id.slice(0, 12), after: { name, scope: input.scope, expiresInDays: input.expiresInDays, formKeys: forms.keys }, ip: who.ip });
  return { token, row: (await findApiTokenById(trx, id))! };
}

/** The caller's tokens; with `all`, an administrator sees everyone's. */
export async function apiTokensOf(db: Kysely<Database>, actor: Actor | null, all = false): Promise<ApiTokenRow[]> {
  const who = requireActor(actor);
  if (all && !isTokenAdmin(who)) throw new Problem('FORBIDDEN');
  return listApiTokens(db, all ? null : who.id);
}

export async function revokeApiToken(trx: Kysely<Database>, actor: Actor | null, id: string): Promise<ApiTokenRow> {
  const who = requireActor(actor);
  const row = await findApiTokenById(trx, id);
  if (!row || (row.user_id !== who.id && !isTokenAdmin(who))) throw new Problem('NOT_FOUND');
  await revokeApiTokenRow(trx, id);
  await recordAudit(trx, { actorId: who.id, actorName: who.username, action: 'api_token.revoke', entity: 'api_token', entityId: id.slice(0, 12), before: { name: row.name, owner: row.username }, ip: who.ip });
  return (await findApiTokenById(trx, id))!;
}

/**
 * The actor of an API token, or null when unknown, revoked, expired or its owner disabled. Cached
 * like sessions (5 s, forgotten on revoke and on any change to the owner); a use is written, with an
 * audit entry, at most every five minutes per token.
 */
export async function validateApiToken(db: Kysely<Database>, token: string, ip: string | null): Promise<Actor | null> {
  if (!TOKEN.test(token)) return null;
  const id = sessionIdFromToken(token);
  const now = Date.now();
  const hit = cachedSession(id, now);
  if (hit) return { ...hit.actor, ip };
  const row = await findApiTokenForAuth(db, id);
  if (!row || row.revoked_at || row.disabled_at || row.expires_at.getTime() <= now) return null;
  const actor: Actor = {
    id: row.user_id,
    username: row.username,
    displayName: row.display_name,
    locale: row.locale,
    grants: row.grants,
    mustChangePassword: false,
    trainingMode: row.training_mode,
    sessionId: id,
    ip,
    token: row.form_keys ? { id, scope: row.scope, formKeys: row.form_keys } : { id, scope: row.scope },
  };
  if (await touchApiToken(db, id, ip)) {
    await recordAudit(db, { actorId: row.user_id, actorName: row.username, action: 'api_token.use', entity: 'api_token', entityId: id.slice(0, 12), ip });
  }
  const { ip: _ip, ...cacheable } = actor;
  rememberSession(id, cacheable, row.expires_at);
  return actor;
}
