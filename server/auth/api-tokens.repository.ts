// API token rows (kysely only). The lookup joins the owner and their grants, as a session's does, so
// one query authenticates a request; use is written at most every five minutes per token.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { forgetSession } from './session-cache';
import { userGrants } from './sessions.repository';

export interface ApiTokenRow {
  id: string;
  user_id: string;
  username: string;
  name: string;
  scope: 'read' | 'read_write';
  form_keys: string[] | null;
  expires_at: Date;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface ApiTokenWithUser extends ApiTokenRow {
  display_name: string;
  locale: string;
  disabled_at: Date | null;
  training_mode: boolean;
  grants: Array<{ role: string; geoCode: string }>;
}

const COLUMNS = ['api_token.id', 'api_token.user_id', 'app_user.username', 'api_token.name', 'api_token.scope', 'api_token.form_keys', 'api_token.expires_at', 'api_token.created_at', 'api_token.last_used_at', 'api_token.revoked_at'] as const;

export async function insertApiToken(trx: Kysely<Database>, row: { id: string; userId: string; name: string; scope: 'read' | 'read_write'; formKeys: string[] | null; expiresAt: Date }): Promise<void> {
  await trx.insertInto('api_token').values({ id: row.id, user_id: row.userId, name: row.name, scope: row.scope, form_keys: row.formKeys, expires_at: row.expiresAt }).execute();
}

export async function findApiTokenForAuth(db: Kysely<Database>, id: string): Promise<ApiTokenWithUser | undefined> {
  return db
    .selectFrom('api_token')
    .innerJoin('app_user', 'app_user.id', 'api_token.user_id')
    .select([...COLUMNS, 'app_user.display_name', 'app_user.locale', 'app_user.disabled_at', 'app_user.training_mode'])
    .select(userGrants(sql.ref('api_token.user_id')))
    .where('api_token.id', '=', id)
    .executeTakeFirst() as Promise<ApiTokenWithUser | undefined>;
}

/** Records a use (time and address) unless one was recorded in the last five minutes; true when written. */
export async function touchApiToken(db: Kysely<Database>, id: string, ip: string | null): Promise<boolean> {
  const result = await db
    .updateTable('api_token')
    .set({ last_used_at: sql`now()`, last_used_ip: ip })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '5 minutes'`)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Tokens of one user, or of everyone (userId null), newest first. */
export async function listApiTokens(db: Kysely<Database>, userId: string | null): Promise<ApiTokenRow[]> {
  let q = db.selectFrom('api_token').innerJoin('app_user', 'app_user.id', 'api_token.user_id').select([...COLUMNS]);
  if (userId !== null) q = q.where('api_token.user_id', '=', userId);
  return q.orderBy('api_token.created_at', 'desc').orderBy('api_token.id').limit(500).execute() as Promise<ApiTokenRow[]>;
}

export async function findApiTokenById(db: Kysely<Database>, id: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_token').innerJoin('app_user', 'app_user.id', 'api_token.user_id').select([...COLUMNS]).where('api_token.id', '=', id).executeTakeFirst() as Promise<ApiTokenRow | undefined>;
}

export async function revokeApiTokenRow(trx: Kysely<Database>, id: string): Promise<void> {
  forgetSession(id);
  await trx.updateTable('api_token').set({ revoked_at: sql`now()` }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}
