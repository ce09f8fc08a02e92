// User administration rules: create (invite), update, disable, reset passwords, change one's own
// password, list and revoke one's own sessions. Privilege changes end the user's sessions.
import type { Kysely } from 'kysely';
import type { Actor, Grant } from '../auth/actor';
import { hashPassword, randomPassword, verifyPassword } from '../auth/password';
import { requireActor } from '../auth/permissions';
import { scopeOf } from '../auth/scope';
import { deleteAllUserSessions, deleteUserSession, listUserSessions } from '../auth/sessions.repository';
import { findUserById, grantsOfUsers, setUserLocale, findUserByUsername, grantsOf, insertUser, listUsersInArea, replaceGrants, updateUserRow } from './users.repository';
import { recordAudit } from '../audit/audit.repository';
import type { Database, SessionRow, UserRow } from '../db/schema';
import { Problem } from '../core/problems';
import { canGrant, canManageUser } from './delegation';
import { checkGrants, checkNewUser, checkPassword, type NewUserInput, type UserPatch } from './user-input';

export interface UserWithSecret {
  user: UserRow;
  temporaryPassword: string | null;
}

async function managedUser(trx: Kysely<Database>, manager: Actor, username: string): Promise<{ user: UserRow; grants: Grant[] }> {
  const user = await findUserByUsername(trx, username);
  if (!user) throw new Problem('NOT_FOUND');
  const grants = await grantsOf(trx, user.id);
  // Users outside the manager's area are invisible to them, so the answer is NOT_FOUND, not FORBIDDEN.
  if (!canManageUser(manager, grants)) throw new Problem('NOT_FOUND');
  return { user, grants };
}

function assertGrantable(manager: Actor, grants: Grant[]): void {
  grants.forEach((g, i) => {
    if (!canGrant(manager, g)) {
      throw new Problem('FORBIDDEN', {
        message: { en: 'You can give only roles no higher than yours, inside your area.', km: 'អ្នកអាចផ្តល់តែតួនាទីមិនខ្ពស់ជាងរបស់អ្នក ក្នុងតំបន់របស់អ្នកប៉ុណ្ណោះ។' },
        errors: [{ path: `grants.${i}`, keyword: 'forbidden', message: { en: `Cannot grant ${g.role} at "${g.geoCode}"`, km: `មិនអាចផ្តល់ ${g.role} នៅ "${g.geoCode}"` } }],
      });
    }
  });
}

export async function createUser(trx: Kysely<Database>, actor: Actor | null, input: NewUserInput): Promise<UserWithSecret> {
  const manager = requireActor(actor, 'user.manage');
  checkNewUser(input);
  assertGrantable(manager, input.grants);
  if (await findUserByUsername(trx, input.username)) {
    throw new Problem('CONFLICT', { errors: [{ path: 'username', keyword: 'unique', message: { en: 'This username is taken.', km: 'ឈ្មោះអ្នកប្រើនេះមានរួចហើយ។' } }] });
  }
  const temporaryPassword = input.password ? null : randomPassword();
  const id = await insertUser(
    trx,
    {
      username: input.username,
      displayName: input.displayName,
      passwordHash: await hashPassword(input.password ?? temporaryPassword!),
      locale: input.locale ?? 'km',
      mustChangePassword: input.mustChangePassword ?? true,
    },
    input.grants,
  );
  await recordAudit(trx, { actorId: manager.id, actorName: manager.username, action: 'user.create', entity: 'user', entityId: input.username, after: { grants: input.grants }, ip: manager.ip });
  return { user: (await findUserById(trx, id))!, temporaryPassword };
}

export async function updateUser(trx: Kysely<Database>, actor: Actor | null, username: string, patch: UserPatch): Promise<UserRow> {
  const manager = requireActor(actor, 'user.manage');
  const { user, grants } = await managedUser(trx, manager, username);
  if (patch.grants) {
    checkGrants(patch.grants);
    assertGrantable(manager, patch.grants);
  }
  await updateUserRow(trx, user.id, { displayName: patch.displayName, locale: patch.locale });
  if (patch.grants) {
    await replaceGrants(trx, user.id, patch.grants);
    // Privileges changed: every session of the user ends, so new rights apply from the next sign-in.
    await deleteAllUserSessions(trx, user.id);
  }
  await recordAudit(trx, { actorId: manager.id, actorName: manager.username, action: patch.grants ? 'user.permissions' : 'user.update', entity: 'user', entityId: username, before: { displayName: user.display_name, grants }, after: patch, ip: manager.ip });
  return (await findUserById(trx, user.id))!;
}

export async function setDisabled(trx: Kysely<Database>, actor: Actor | null, username: string, disabled: boolean): Promise<UserRow> {
  const manager = requireActor(actor, 'user.manage');
  const { user } = await managedUser(trx, manager, username);
  if (user.id === manager.id) throw new Problem('BAD_INPUT', { message: { en: 'You cannot disable yourself.', km: 'អ្នកមិនអាចបិទគណនីខ្លួនឯងបានទេ។' } });
  await updateUserRow(trx, user.id, { disabledAt: disabled ? new Date() : null });
  if (disabled) await deleteAllUserSessions(trx, user.id);
  await recordAudit(trx, { actorId: manager.id, actorName: manager.username, action: disabled ? 'user.disable' : 'user.enable', entity: 'user', entityId: username, ip: manager.ip });
  return (await findUserById(trx, user.id))!;
}

export async function resetPassword(trx: Kysely<Database>, actor: Actor | null, username: string): Promise<string> {
  const manager = requireActor(actor, 'user.manage');
  const { user } = await managedUser(trx, manager, username);
  const temporary = randomPassword();
  await updateUserRow(trx, user.id, { passwordHash: await hashPassword(temporary), mustChangePassword: true });
  await deleteAllUserSessions(trx, user.id);
  await recordAudit(trx, { actorId: manager.id, actorName: manager.username, action: 'user.reset_password', entity: 'user', entityId: username, ip: manager.ip });
  return temporary;
}

export const wrongCurrentPassword = (): Problem =>
  new Problem('BAD_INPUT', { errors: [{ path: 'currentPassword', keyword: 'invalid', message: { en: 'The current password is wrong.', km: 'ពាក្យសម្ងាត់បច្ចុប្បន្នមិនត្រឹមត្រូវ។' } }] });

/**
 * Allowed even while a password change is required (that is its purpose). A wrong current password
 * changes nothing and is returned, not thrown, so the edge can count the guess outside this
 * transaction (see LoginThrottle) and then answer `wrongCurrentPassword()`.
 */
export async function changePassword(trx: Kysely<Database>, actor: Actor | null, current: string, next: string): Promise<'changed' | 'wrong-current-password'> {
  if (!actor) throw new Problem('UNAUTHENTICATED');
  checkPassword(next, 'newPassword', [actor.username, actor.displayName]);
  const user = await findUserById(trx, actor.id);
  if (!user || !(await verifyPassword(user.password_hash, current))) return 'wrong-current-password';
  await updateUserRow(trx, actor.id, { passwordHash: await hashPassword(next), mustChangePassword: false });
  await deleteAllUserSessions(trx, actor.id, actor.sessionId);
  await recordAudit(trx, { actorId: actor.id, actorName: actor.username, action: 'user.change_password', entity: 'user', entityId: actor.username, ip: actor.ip });
  return 'changed';
}

export async function listUsers(db: Kysely<Database>, actor: Actor | null, search?: string): Promise<UserRow[]> {
  const manager = requireActor(actor, 'user.manage');
  return listUsersInArea(db, scopeOf(manager, 'user.manage'), search?.trim() || undefined);
}

export async function mySessions(db: Kysely<Database>, actor: Actor | null): Promise<SessionRow[]> {
  if (!actor) throw new Problem('UNAUTHENTICATED');
  return listUserSessions(db, actor.id);
}

export async function revokeSession(trx: Kysely<Database>, actor: Actor | null, sessionId: string): Promise<boolean> {
  if (!actor) throw new Problem('UNAUTHENTICATED');
  const done = await deleteUserSession(trx, actor.id, sessionId);
  if (!done) throw new Problem('NOT_FOUND');
  await recordAudit(trx, { actorId: actor.id, actorName: actor.username, action: 'session.revoke', entity: 'session', entityId: sessionId.slice(0, 12), ip: actor.ip });
  return true;
}

const LOCALES = ['km', 'en'];

/** The signed-in user's interface language. */
export async function setLocale(db: Kysely<Database>, actor: Actor | null, locale: string): Promise<true> {
  const who = requireActor(actor);
  if (!LOCALES.includes(locale)) throw new Problem('BAD_INPUT', { errors: [{ path: 'locale', keyword: 'enum', message: { en: 'Use km or en.', km: 'សូមប្រើ km ឬ en។' } }] });
  await setUserLocale(db, who.id, locale);
  return true;
}

/** Grants of many users at once (the User.grants loader). */
export function grantsOfManyUsers(db: Kysely<Database>, userIds: readonly string[]): Promise<Map<string, Grant[]>> {
  return grantsOfUsers(db, userIds);
}
