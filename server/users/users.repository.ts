// Users and their grants (kysely only; the caller passes db or a transaction).
import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../db/schema';
import type { Grant } from '../auth/actor';
import { forgetUser } from '../auth/session-cache';

export async function findUserByUsername(db: Kysely<Database>, username: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name', 'password_hash', 'locale', 'disabled_at', 'must_change_password', 'training_mode', 'created_at'])
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .executeTakeFirst();
}

export async function insertUser(
  db: Kysely<Database>,
  user: { username: string; displayName: string; passwordHash: string; locale: string; mustChangePassword?: boolean },
  grants: Grant[],
): Promise<string> {
  const { id } = await db
    .insertInto('app_user')
    .values({ username: user.username, display_name: user.displayName, password_hash: user.passwordHash, locale: user.locale, must_change_password: user.mustChangePassword ?? false })
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
  forgetUser(userId);
  await db.updateTable('app_user').set({ locale }).where('id', '=', userId).execute();
}

export async function setUserTrainingMode(db: Kysely<Database>, userId: string, on: boolean): Promise<void> {
  forgetUser(userId);
  await db.updateTable('app_user').set({ training_mode: on }).where('id', '=', userId).execute();
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('app_user').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Grants of many users at once (GraphQL loader). */
export async function grantsOfUsers(db: Kysely<Database>, userIds: readonly string[]): Promise<Map<string, Grant[]>> {
  const byUser = new Map<string, Grant[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await db.selectFrom('user_grant').select(['user_id', 'role', 'geo_code']).where('user_id', 'in', userIds).orderBy('role').orderBy('geo_code').execute();
  for (const r of rows) byUser.get(r.user_id)?.push({ role: r.role, geoCode: r.geo_code });
  return byUser;
}

export async function replaceGrants(db: Kysely<Database>, userId: string, grants: Grant[]): Promise<void> {
  forgetUser(userId);
  await db.deleteFrom('user_grant').where('user_id', '=', userId).execute();
  if (grants.length > 0) {
    await db.insertInto('user_grant').values(grants.map((g) => ({ user_id: userId, role: g.role, geo_code: g.geoCode }))).execute();
  }
}

export async function updateUserRow(
  db: Kysely<Database>,
  userId: string,
  patch: { displayName?: string; locale?: string; passwordHash?: string; mustChangePassword?: boolean; disabledAt?: Date | null },
): Promise<void> {
  forgetUser(userId);
  const set: Record<string, unknown> = {};
  if (patch.displayName !== undefined) set.display_name = patch.displayName;
  if (patch.locale !== undefined) set.locale = patch.locale;
  if (patch.passwordHash !== undefined) set.password_hash = patch.passwordHash;
  if (patch.mustChangePassword !== undefined) set.must_change_password = patch.mustChangePassword;
  if (patch.disabledAt !== undefined) set.disabled_at = patch.disabledAt;
  if (Object.keys(set).length > 0) await db.updateTable('app_user').set(set).where('id', '=', userId).execute();
}

export async function findUserById(db: Kysely<Database>, id: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name', 'password_hash', 'locale', 'disabled_at', 'must_change_password', 'training_mode', 'created_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Users whose every grant lies inside one of the prefixes ('' = everywhere); with `all`, every user.
 * The area rule runs in SQL: a user with any grant outside the manager's area is not listed.
 */
export async function listUsersInArea(db: Kysely<Database>, area: { all: true } | { all: false; prefixes: string[] }, search?: string): Promise<UserRow[]> {
  let q = db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name', 'password_hash', 'locale', 'disabled_at', 'must_change_password', 'training_mode', 'created_at']);
  if (!area.all) {
    const prefixes = area.prefixes;
    q = q.where((eb) =>
      eb.and([
        eb.exists(eb.selectFrom('user_grant').select('user_id').whereRef('user_grant.user_id', '=', 'app_user.id')),
        eb.not(
          eb.exists(
            eb
              .selectFrom('user_grant')
              .select('user_id')
              .whereRef('user_grant.user_id', '=', 'app_user.id')
              .where((g) => (prefixes.length === 0 ? g.val(true) : g.and(prefixes.map((p) => g('user_grant.geo_code', 'not like', `${p}%`))))),
          ),
        ),
      ]),
    );
  }
  if (search) q = q.where((eb) => eb.or([eb('username', 'ilike', `%${search}%`), eb('display_name', 'ilike', `%${search}%`)]));
  return q.orderBy('username').limit(500).execute();
}
