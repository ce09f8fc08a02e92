// A short-lived in-process cache of validated sessions, so most requests authenticate without a
// database round trip. Every write to sessions, users or grants forgets the affected entries (the
// repositories call forget*), so sign-out, revocation, disabling and privilege changes apply at once
// in this process; the TTL bounds staleness for any other process sharing the database.
import type { Actor } from './actor';

interface Entry {
  actor: Omit<Actor, 'ip'>;
  expiresAt: Date;
  cachedAt: number;
}

const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;
const entries = new Map<string, Entry>();

export function cachedSession(sessionId: string, now = Date.now()): Entry | undefined {
  const hit = entries.get(sessionId);
  if (!hit) return undefined;
  if (now - hit.cachedAt > TTL_MS || hit.expiresAt.getTime() <= now) {
    entries.delete(sessionId);
    return undefined;
  }
  return hit;
}

export function rememberSession(sessionId: string, actor: Omit<Actor, 'ip'>, expiresAt: Date): void {
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(sessionId, { actor, expiresAt, cachedAt: Date.now() });
}

export function forgetSession(sessionId: string): void {
  entries.delete(sessionId);
}

export function forgetUser(userId: string): void {
  for (const [id, entry] of entries) if (entry.actor.id === userId) entries.delete(id);
}

/** Forgets every cached session (a process whose database was replaced under it: the test suite). */
export function forgetAllSessions(): void {
  entries.clear();
}
