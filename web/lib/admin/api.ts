// GraphQL operations of the admin and account pages (contract: docs/api.md "Users, sessions and the
// audit log"), and turning ApiErrors into messages placed at the fields they concern.
import { errorMessage, gql, isApiError, type Fetch, type FieldError } from '$lib/api';
import { dictionary, format, pick, type Lang } from '$lib/i18n';
import type { Grant } from '$lib/queries';

export interface User {
	username: string;
	displayName: string;
	locale: string;
	disabled: boolean;
	mustChangePassword: boolean;
	createdAt: string;
	grants: Grant[];
}

export interface CreatedUser extends User {
	temporaryPassword: string | null;
}

export interface SessionInfo {
	id: string;
	createdAt: string;
	expiresAt: string;
	kind: string;
	ip: string | null;
	userAgent: string | null;
	current: boolean;
}

export interface AuditEvent {
	id: string;
	at: string;
	actor: string | null;
	action: string;
	entity: string;
	entityId: string;
	before: unknown;
	after: unknown;
	ip: string | null;
}

export interface AuditFilter {
	actor?: string;
	action?: string;
	entity?: string;
	entityId?: string;
	from?: string;
	to?: string;
}

export interface AuditPage {
	edges: Array<{ node: AuditEvent; cursor: string }>;
	pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const USER = 'username displayName locale disabled mustChangePassword createdAt grants { role scope }';

export async function listUsers(search: string, fetchFn: Fetch = fetch): Promise<User[]> {
	const data = await gql<{ users: User[] }>(`query Users($search: String) { users(search: $search) { ${USER} } }`, { search: search || null }, fetchFn);
	return data.users;
}

/** One user by exact username, or null (outside the caller's area, or unknown). */
export async function findUser(username: string, fetchFn: Fetch = fetch): Promise<User | null> {
	const users = await listUsers(username, fetchFn);
	return users.find((u) => u.username === username) ?? null;
}

export interface NewUser {
	username: string;
	password: string | null;
	displayName: string;
	locale: string;
	grants: Grant[];
	mustChangePassword: boolean;
}

export async function createUser(input: NewUser, fetchFn: Fetch = fetch): Promise<CreatedUser> {
	const data = await gql<{ createUser: CreatedUser }>(
		`mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { ${USER} temporaryPassword } }`,
		{ input },
		fetchFn,
	);
	return data.createUser;
}

export async function updateUser(username: string, input: { displayName: string; locale: string; grants: Grant[] }, fetchFn: Fetch = fetch): Promise<User> {
	const data = await gql<{ updateUser: User }>(
		`mutation UpdateUser($username: String!, $input: UpdateUserInput!) { updateUser(username: $username, input: $input) { ${USER} } }`,
		{ username, input },
		fetchFn,
	);
	return data.updateUser;
}

export async function setUserDisabled(username: string, disabled: boolean, fetchFn: Fetch = fetch): Promise<User> {
	const op = disabled ? 'disableUser' : 'enableUser';
	const data = await gql<Record<string, User>>(`mutation SetDisabled($username: String!) { ${op}(username: $username) { ${USER} } }`, { username }, fetchFn);
	return data[op]!;
}

export async function resetPassword(username: string, fetchFn: Fetch = fetch): Promise<string> {
	const data = await gql<{ resetPassword: string }>('mutation Reset($username: String!) { resetPassword(username: $username) }', { username }, fetchFn);
	return data.resetPassword;
}

export async function changePassword(currentPassword: string, newPassword: string, fetchFn: Fetch = fetch): Promise<void> {
	await gql<{ changePassword: boolean }>(
		'mutation ChangePassword($currentPassword: String!, $newPassword: String!) { changePassword(currentPassword: $currentPassword, newPassword: $newPassword) }',
		{ currentPassword, newPassword },
		fetchFn,
	);
}

export async function mySessions(fetchFn: Fetch = fetch): Promise<SessionInfo[]> {
	const data = await gql<{ mySessions: SessionInfo[] }>('query MySessions { mySessions { id createdAt expiresAt kind ip userAgent current } }', {}, fetchFn);
	return data.mySessions;
}

export async function revokeSession(id: string, fetchFn: Fetch = fetch): Promise<void> {
	await gql<{ revokeSession: boolean }>('mutation Revoke($id: ID!) { revokeSession(id: $id) }', { id }, fetchFn);
}

export async function auditLog(first: number, after: string | null, filter: AuditFilter, fetchFn: Fetch = fetch): Promise<AuditPage> {
	const data = await gql<{ auditLog: AuditPage }>(
		`query Audit($first: Int, $after: String, $filter: AuditFilter) {
			auditLog(first: $first, after: $after, filter: $filter) {
				edges { cursor node { id at actor action entity entityId before after ip } }
				pageInfo { hasNextPage endCursor }
			}
		}`,
		{ first, after, filter },
		fetchFn,
	);
	return data.auditLog;
}

/** A failure shown to the user: a general message plus messages keyed by field path. */
export interface ShownError {
	message: string;
	fields: Record<string, string>;
}

export function showError(cause: unknown, lang: Lang): ShownError {
	const t = dictionary(lang).admin.common;
	const fields: Record<string, string> = {};
	if (!isApiError(cause)) return { message: format(t.failed, { message: errorMessage(cause, lang) }), fields };
	for (const e of cause.errors ?? ([] as FieldError[])) {
		if (e.path && !(e.path in fields)) fields[e.path] = pick(e.message, lang);
	}
	const hasFields = Object.keys(fields).length > 0;
	switch (cause.code) {
		case 'FORBIDDEN':
			return { message: hasFields ? t.fixErrors : t.forbidden, fields };
		case 'NOT_FOUND':
			return { message: t.notFound, fields };
		case 'CONFLICT':
			return { message: hasFields ? t.fixErrors : t.conflict, fields };
		case 'NETWORK':
			return { message: t.network, fields };
		case 'BAD_INPUT':
		case 'VALIDATION_FAILED':
			if (hasFields) return { message: t.fixErrors, fields };
	}
	// The server's own message, in Khmer when the UI is (extensions.messageKm).
	return { message: format(t.failed, { message: cause.messageIn(lang) }), fields };
}
