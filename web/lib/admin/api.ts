// GraphQL operations of the admin and account pages (contract: docs/api.md "Users, sessions and the
// audit log"), and turning ApiErrors into messages placed at the fields they concern.
import { errorMessage, gql, isApiError, type Fetch, type FieldError } from '$lib/api';
import {
	AuditDocument,
	ChangePasswordDocument,
	CreateUserDocument,
	DisableUserDocument,
	EnableUserDocument,
	MySessionsDocument,
	ResetDocument,
	RevokeDocument,
	UpdateUserDocument,
	UsersDocument,
	type AuditFilter,
	type AuditQuery,
	type CreateUserMutation,
	type MySessionsQuery,
	type UserFieldsFragment,
} from '$lib/api/generated/graphql';
import { dictionary, format, pick, type Lang } from '$lib/i18n';
import type { Grant } from '$lib/queries';

export type User = UserFieldsFragment;
export type CreatedUser = CreateUserMutation['createUser'];
export type SessionInfo = MySessionsQuery['mySessions'][number];
export type AuditPage = AuditQuery['auditLog'];
export type AuditEvent = AuditPage['edges'][number]['node'];
export type { AuditFilter };

export async function listUsers(search: string, fetchFn: Fetch = fetch): Promise<User[]> {
	const data = await gql(UsersDocument, { search: search || null }, fetchFn);
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
	const data = await gql(CreateUserDocument, { input }, fetchFn);
	return data.createUser;
}

export async function updateUser(username: string, input: { displayName: string; locale: string; grants: Grant[] }, fetchFn: Fetch = fetch): Promise<User> {
	const data = await gql(UpdateUserDocument, { username, input }, fetchFn);
	return data.updateUser;
}

export async function setUserDisabled(username: string, disabled: boolean, fetchFn: Fetch = fetch): Promise<User> {
	if (disabled) return (await gql(DisableUserDocument, { username }, fetchFn)).disableUser;
	return (await gql(EnableUserDocument, { username }, fetchFn)).enableUser;
}

export async function resetPassword(username: string, fetchFn: Fetch = fetch): Promise<string> {
	const data = await gql(ResetDocument, { username }, fetchFn);
	return data.resetPassword;
}

export async function changePassword(currentPassword: string, newPassword: string, fetchFn: Fetch = fetch): Promise<void> {
	await gql(ChangePasswordDocument, { currentPassword, newPassword }, fetchFn);
}

export async function mySessions(fetchFn: Fetch = fetch): Promise<SessionInfo[]> {
	const data = await gql(MySessionsDocument, {}, fetchFn);
	return data.mySessions;
}

export async function revokeSession(id: string, fetchFn: Fetch = fetch): Promise<void> {
	await gql(RevokeDocument, { id }, fetchFn);
}

export async function auditLog(first: number, after: string | null, filter: AuditFilter, fetchFn: Fetch = fetch): Promise<AuditPage> {
	const data = await gql(AuditDocument, { first, after, filter }, fetchFn);
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
