// Session rows (hashed ids). Reads join the user so one query authenticates a request.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export interface SessionWithUser {
  id: string;
  expires_at: Date;
  user_id: string;
  username: string;
  display_name: string;
  locale: string;
  disabled_at: Date | null;
  must_change_password: boolean;
}

export async function insertSession(
  db: Kysely<Database>,
  row: { id: string; userId: string; expiresAt: Date; kind: string; ip: string | null; userAgent: string | null },
): Promise<void> {
  await db
    .insertInto('session')
    .values({ id: row.id, user_id: row.userId, expires_at: row.expiresAt, kind: row.kind, ip: row.ip, user_agent: row.userAgent })
    .execute();
}

export async function findSession(db: Kysely<Database>, id: string): Promise<SessionWithUser | undefined> {
  return db
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.id', 'session.user_id')
    .select(['session.id', 'session.expires_at', 'session.user_id', 'app_user.username', 'app_user.display_name', 'app_user.locale', 'app_user.disabled_at', 'app_user.must_change_password'])
    .where('session.id', '=', id)
    .executeTakeFirst();
}

export async function extendSession(db: Kysely<Database>, id: string, expiresAt: Date): Promise<void> {
  await db.updateTable('session').set({ expires_at: expiresAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('session').where('id', '=', id).execute();
}

export interface SessionRow {
  id: string;
  created_at: Date;
  expires_at: Date;
  kind: string;
  ip: string | null;
  user_agent: string | null;
}

export async function listUserSessions(db: Kysely<Database>, userId: string): Promise<SessionRow[]> {
  return db
    .selectFrom('session')
    .select(['id', 'created_at', 'expires_at', 'kind', 'ip', 'user_agent'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', new Date())
    .orderBy('created_at', 'desc')
    .execute();
}

export async function deleteUserSession(db: Kysely<Database>, userId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('session').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Ends every session of a user (password reset, privilege change, disabling), except `keep` if given. */
export async function deleteAllUserSessions(db: Kysely<Database>, userId: string, keep?: string): Promise<void> {
  let q = db.deleteFrom('session').where('user_id', '=', userId);
  if (keep) q = q.where('id', '<>', keep);
  await q.execute();
}
