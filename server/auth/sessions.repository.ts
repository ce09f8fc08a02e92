// Session rows (hashed ids). Reads join the user so one query authenticates a request.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { forgetSession, forgetUser } from './session-cache';
import type { Database, SessionRow } from '../db/schema';

export interface SessionWithUser {
  id: string;
  expires_at: Date;
  user_id: string;
  username: string;
  display_name: string;
  locale: string;
  disabled_at: Date | null;
  must_change_password: boolean;
  training_mode: boolean;
  grants: Array<{ role: string; geoCode: string }>;
}

/** A user's grants as one JSON column, read in the same round trip as the row that names the user. */
export function userGrants(userId: RawBuilder<unknown>) {
  return sql<Array<{ role: string; geoCode: string }>>`coalesce((select json_agg(json_build_object('role', g.role, 'geoCode', g.geo_code) order by g.role, g.geo_code) from user_grant g where g.user_id = ${userId}), '[]'::json)`.as('grants');
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
    .select(['session.id', 'session.expires_at', 'session.user_id', 'app_user.username', 'app_user.display_name', 'app_user.locale', 'app_user.disabled_at', 'app_user.must_change_password', 'app_user.training_mode'])
    // The grants come along in the same round trip.
    .select(userGrants(sql.ref('session.user_id')))
    .where('session.id', '=', id)
    .executeTakeFirst();
}

export async function extendSession(db: Kysely<Database>, id: string, expiresAt: Date): Promise<void> {
  await db.updateTable('session').set({ expires_at: expiresAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: Kysely<Database>, id: string): Promise<void> {
  forgetSession(id);
  await db.deleteFrom('session').where('id', '=', id).execute();
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
  forgetSession(id);
  const result = await db.deleteFrom('session').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Ends every session of a user (password reset, privilege change, disabling), except `keep` if given. */
export async function deleteAllUserSessions(db: Kysely<Database>, userId: string, keep?: string): Promise<void> {
  forgetUser(userId);
  let q = db.deleteFrom('session').where('user_id', '=', userId);
  if (keep) q = q.where('id', '<>', keep);
  await q.execute();
}
