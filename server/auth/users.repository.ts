// Users and their grants (kysely only; the caller passes db or a transaction).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Grant } from './actor';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  locale: string;
  disabled_at: Date | null;
}

export async function findUserByUsername(db: Kysely<Database>, username: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name', 'password_hash', 'locale', 'disabled_at'])
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .executeTakeFirst();
}

export async function insertUser(
  db: Kysely<Database>,
  user: { username: string; displayName: string; passwordHash: string; locale: string },
  grants: Grant[],
): Promise<string> {
  const { id } = await db
    .insertInto('app_user')
    .values({ username: user.username, display_name: user.displayName, password_hash: user.passwordHash, locale: user.locale })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (grants.length > 0) {
    await db.insertInto('user_grant').values(grants.map((g) => ({ user_id: id, role: g.role, geo_code: g.geoCode }))).execute();
  }
  return id;
}

export async function grantsOf(db: Kysely<Database>, userId: string): Promise<Grant[]> {
  const rows = await db.selectFrom('user_grant').select(['role', 'geo_code']).where('user_id', '=', userId).orderBy('role').execute();
  return rows.map((r) => ({ role: r.role, geoCode: r.geo_code }));
}

export async function setUserLocale(db: Kysely<Database>, userId: string, locale: string): Promise<void> {
  await db.updateTable('app_user').set({ locale }).where('id', '=', userId).execute();
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('app_user').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
