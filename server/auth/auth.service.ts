// Sign-in rules: verify the password (in constant-ish time even for unknown users), open a session,
// and record the attempt in the audit log. The edge decides how to answer a failure.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { recordAudit } from '../audit/audit.repository';
import { hashPassword, verifyPassword } from './password';
import { createSession, type SessionContext } from './sessions.service';
import { findUserByUsername } from '../users/users.repository';

let dummyHash: Promise<string> | undefined;

export async function login(
  db: Kysely<Database>,
  input: { username: string; password: string },
  lifetimeDays: number,
  context: SessionContext,
): Promise<{ ok: true; token: string; expiresAt: Date; userId: string } | { ok: false; userId: string | null }> {
  const user = await findUserByUsername(db, input.username);
  const ok = user
    ? await verifyPassword(user.password_hash, input.password)
    : await verifyPassword(await (dummyHash ??= hashPassword('not-a-real-password')), input.password);
  if (!user || !ok || user.disabled_at) return { ok: false, userId: user?.id ?? null };
  const session = await createSession(db, user.id, lifetimeDays, 'cookie', context);
  await recordAudit(db, { actorId: user.id, actorName: user.username, action: 'auth.login', entity: 'user', entityId: user.username, ip: context.ip });
  return { ok: true, ...session, userId: user.id };
}

/** Failed sign-ins are recorded in a transaction of their own (the attempt itself changes nothing). */
export async function recordLoginFailure(db: Kysely<Database>, username: string, userId: string | null, ip: string | null): Promise<void> {
  await recordAudit(db, { actorId: userId, actorName: username, action: 'auth.login_failed', entity: 'user', entityId: username, ip });
}
