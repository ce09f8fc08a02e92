// Why: the account page's API token operations (docs/api.md "API tokens"), typed by the generated
// documents; the secret comes back once, from createApiToken, and is never stored in the browser.
import { gql, type Fetch } from '$lib/api';
import { ApiTokenFormsDocument, ApiTokensDocument, CreateApiTokenDocument, RevokeApiTokenDocument, type ApiTokenScope, type ApiTokensQuery, type CreateApiTokenMutation } from '$lib/api/generated/graphql';
import type { Lang } from '$lib/i18n';

export type ApiTokenInfo = ApiTokensQuery['apiTokens'][number];
export type CreatedApiToken = CreateApiTokenMutation['createApiToken'];
export type { ApiTokenScope };

/** A published form a token may be limited to. */
export interface TokenForm {
	key: string;
	title: string;
}

/** The caller's tokens; `all` (national system administrators): everyone's. */
export async function listApiTokens(all: boolean, fetchFn: Fetch = fetch): Promise<ApiTokenInfo[]> {
	return (await gql(ApiTokensDocument, { all }, fetchFn)).apiTokens;
}

/** Who may see and revoke everyone's tokens (the server decides the same way). */
export function managesAllTokens(grants: ReadonlyArray<{ role: string; scope: string }>): boolean {
	return grants.some((g) => g.role === 'system_admin' && g.scope === '');
}

/** The published forms (not indicators or help pages), by title: the choices of the form limit. */
export async function listTokenForms(lang: Lang, fetchFn: Fetch = fetch): Promise<TokenForm[]> {
	const { definitions } = await gql(ApiTokenFormsDocument, { lang }, fetchFn);
	return definitions
		.filter((d) => d.kind === 'form')
		.map((d) => ({ key: d.key, title: d.title || d.key }))
		.sort((a, b) => a.title.localeCompare(b.title, lang));
}

/** `formKeys` absent: the token reaches every form its owner reaches. */
export async function createApiToken(input: { name: string; scope: ApiTokenScope; expiresInDays: number; formKeys?: string[] }, fetchFn: Fetch = fetch): Promise<CreatedApiToken> {
	return (await gql(CreateApiTokenDocument, { input }, fetchFn)).createApiToken;
}

export async function revokeApiToken(id: string, fetchFn: Fetch = fetch): Promise<void> {
	await gql(RevokeApiTokenDocument, { id }, fetchFn);
}
