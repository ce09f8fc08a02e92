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
    .select(['session.id', 'session.expires_at', 'session.user_id', 'app_user.username', 'app_user.display_name', 'app_user.locale', 'app_user.disabled_at'])
    .where('session.id', '=', id)
    .executeTakeFirst();
}

export async function extendSession(db: Kysely<Database>, id: string, expiresAt: Date): Promise<void> {
  await db.updateTable('session').set({ expires_at: expiresAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('session').where('id', '=', id).execute();
}
