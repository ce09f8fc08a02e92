// Lucia-style sessions: a random token goes to the client; only its SHA-256 is stored. Sessions slide:
// when less than half of the lifetime is left, the expiry moves forward.
import { createHash } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Actor } from './actor';
import { cachedSession, rememberSession } from './session-cache';
import { deleteSession, extendSession, findSession, insertSession } from './sessions.repository';

const DAY_MS = 86_400_000;

export function generateSessionToken(): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

/** The stored id of a token: its SHA-256 in hex (Node's native hash: this runs on every request). */
export function sessionIdFromToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface SessionContext {
  ip: string | null;
  userAgent: string | null;
}

export async function createSession(
  db: Kysely<Database>,
  userId: string,
  lifetimeDays: number,
  kind: 'cookie' | 'bearer',
  context: SessionContext,
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateSessionToken();
  const expiresAt = new Date(Date.now() + lifetimeDays * DAY_MS);
  await insertSession(db, { id: sessionIdFromToken(token), userId, expiresAt, kind, ip: context.ip, userAgent: context.userAgent });
  return { token, expiresAt };
}

/** Resolves a token to an actor, or null when unknown, expired or the user is disabled. */
export async function validateSessionToken(
  db: Kysely<Database>,
  token: string,
  lifetimeDays: number,
  ip: string | null,
): Promise<{ actor: Actor; expiresAt: Date; extended: boolean } | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const id = sessionIdFromToken(token);
  const now = Date.now();
  const hit = cachedSession(id, now);
  // A cached session is used while no sliding extension is due (that needs a write).
  if (hit && hit.expiresAt.getTime() - now >= (lifetimeDays * DAY_MS) / 2) {
    return { actor: { ...hit.actor, ip }, expiresAt: hit.expiresAt, extended: false };
  }
  const row = await findSession(db, id);
  if (!row || row.disabled_at) return null;
  if (row.expires_at.getTime() <= now) {
    await deleteSession(db, id);
    return null;
  }
  let expiresAt = row.expires_at;
  let extended = false;
  if (expiresAt.getTime() - now < (lifetimeDays * DAY_MS) / 2) {
    expiresAt = new Date(now + lifetimeDays * DAY_MS);
    await extendSession(db, id, expiresAt);
    extended = true;
  }
  const grants = row.grants;
  const actor: Actor = {
    id: row.user_id,
    username: row.username,
    displayName: row.display_name,
    locale: row.locale,
    grants,
    mustChangePassword: row.must_change_password,
    trainingMode: row.training_mode,
    sessionId: id,
    ip,
  };
  const { ip: _ip, ...cacheable } = actor;
  rememberSession(id, cacheable, expiresAt);
  return { actor, expiresAt, extended };
}

export async function invalidateSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await deleteSession(db, sessionId);
}
