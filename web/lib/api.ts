// Typed GraphQL client for /graphql and the /auth endpoints. Works in the browser (global fetch,
// same-origin cookie) and in SvelteKit server loads (pass `event.fetch`; hooks.server.ts routes it to
// the real server). Every failure becomes an ApiError {code, message, errors?} so pages can branch
// on `code` (the server's `extensions.code`) instead of parsing messages. Operations are the typed
// documents of $lib/api/generated/graphql (web/lib/api/operations/*.graphql): each call takes its
// result and variables types from the server's SDL.
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';

/** Aliased fields the server accepts in one request (server/graphql/limits.ts GRAPHQL_LIMITS.maxAliases). */
export const MAX_ALIASES = 15;

/** Runs aliased lookups in requests of at most MAX_ALIASES items each (in parallel), in order. */
export async function inAliasBatches<I, R>(items: I[], run: (batch: I[]) => Promise<R>): Promise<R[]> {
	const batches: I[][] = [];
	for (let i = 0; i < items.length; i += MAX_ALIASES) batches.push(items.slice(i, i + MAX_ALIASES));
	return Promise.all(batches.map(run));
}

export type ApiErrorCode =
	| 'UNAUTHENTICATED'
	| 'FORBIDDEN'
	| 'NOT_FOUND'
	| 'VALIDATION_FAILED'
	| 'CONFLICT'
	| 'SUBMISSION_ID_TAKEN'
	| 'FORM_RETIRED'
	| 'UNSAFE_DEFINITION'
	| 'BAD_INPUT'
	| 'INVALID_CREDENTIALS'
	| 'NETWORK'
	| 'INTERNAL';

export interface LocalizedMessage {
	en: string;
	km: string;
	[lang: string]: string;
}

export interface FieldError {
	/** Dotted data path, e.g. `criteria.0.score`; empty for the whole form. */
	path: string;
	keyword: string;
	message: LocalizedMessage;
}

export class ApiError extends Error {
	readonly code: ApiErrorCode | string;
	readonly errors?: FieldError[];
	readonly status?: number;
	/** The server's Khmer message (`extensions.messageKm` in GraphQL, `messageKm` in REST bodies). */
	readonly messageKm?: string;

	constructor(code: string, message: string, errors?: FieldError[], status?: number, messageKm?: string) {
		super(message);
		this.name = 'ApiError';
		this.code = code;
		if (errors) this.errors = errors;
		if (status !== undefined) this.status = status;
		if (messageKm) this.messageKm = messageKm;
	}

	/** The message in the UI language: Khmer when the server sent one, else the English message. */
	messageIn(lang: string): string {
		return lang === 'km' && this.messageKm ? this.messageKm : this.message;
	}

	toJSON(): { code: string; message: string; messageKm?: string; errors?: FieldError[] } {
		return {
			code: this.code,
			message: this.message,
			...(this.messageKm ? { messageKm: this.messageKm } : {}),
			...(this.errors ? { errors: this.errors } : {}),
		};
	}
}

/** The message of any failure in the UI language (ApiError: the server's Khmer text when in Khmer). */
export function errorMessage(cause: unknown, lang: string): string {
	if (cause instanceof ApiError) return cause.messageIn(lang);
	return cause instanceof Error ? cause.message : String(cause);
}

export type Fetch = typeof fetch;

interface GraphQLResponse<T> {
	data?: T | null;
	errors?: Array<{
		message: string;
		path?: Array<string | number>;
		extensions?: { code?: string; messageKm?: string; errors?: FieldError[] };
	}>;
}

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

function statusCode(status: number): ApiErrorCode {
	if (status === 401) return 'UNAUTHENTICATED';
	if (status === 403) return 'FORBIDDEN';
	if (status === 404) return 'NOT_FOUND';
	if (status === 409) return 'CONFLICT';
	if (status === 400) return 'BAD_INPUT';
	return 'INTERNAL';
}

async function post(fetchFn: Fetch, url: string, body: unknown): Promise<Response> {
	try {
		return await fetchFn(url, {
			method: 'POST',
			headers: JSON_HEADERS,
			credentials: 'same-origin',
			body: JSON.stringify(body),
		});
	} catch (cause) {
		throw new ApiError('NETWORK', cause instanceof Error ? cause.message : String(cause));
	}
}

/**
 * A generated type whose JSON scalars (generated as `unknown`) get the shape the server documents for
 * them; query functions cast their answer to it at the boundary (`as`: nothing changes at run time).
 */
export type WithJson<T, J extends { [K in keyof T]?: unknown }> = Omit<T, keyof J> & J;

/**
 * A generated document (TypedDocumentString, codegen's string mode): the query text itself, typed with
 * its result and variables (a `String`). A parsed TypedDocumentNode is refused: it is not text to send.
 */
export type TypedDocument<R, V> = DocumentTypeDecoration<R, V> & String;

/** Runs one GraphQL operation; resolves with `data` or throws ApiError (first error wins). */
export async function gql<R, V>(document: TypedDocument<R, V>, variables: V, fetchFn: Fetch = fetch): Promise<R> {
	return run<R>(document.toString(), variables, fetchFn);
}

/** The name of a generated fragment document (`fragment Name on Type { … }`). */
function fragmentName(fragment: TypedDocument<unknown, unknown>): string {
	const name = /fragment\s+(\w+)\s+on\b/.exec(fragment.toString())?.[1];
	if (!name) throw new Error('not a fragment document');
	return name;
}

export interface AliasedQuery<F> {
	/** The operation's name. */
	name: string;
	/** The selection of every alias: a generated fragment document, whose type each answer has. */
	fragment: TypedDocument<F, unknown>;
	/** `alias: field(args)` for each alias; the fragment's selection is added to each. */
	fields: string[];
	/** Variable declarations (`$k0: String!, …`) and their values, when the fields use variables. */
	declarations?: string[];
	variables?: Record<string, unknown>;
}

/**
 * Runs a query built at run time of aliased copies of one field (names of many codes, many indicators'
 * values: the API has no list argument for these). Each alias answers the fragment's generated type:
 * `one` for a nullable object field, `list` for a list field.
 */
export function gqlAliased<F>(shape: 'one', query: AliasedQuery<F>, fetchFn?: Fetch): Promise<Record<string, F | null>>;
export function gqlAliased<F>(shape: 'list', query: AliasedQuery<F>, fetchFn?: Fetch): Promise<Record<string, F[]>>;
export async function gqlAliased<F>(_shape: 'one' | 'list', query: AliasedQuery<F>, fetchFn: Fetch = fetch): Promise<Record<string, F | null | F[]>> {
	const spread = `{ ...${fragmentName(query.fragment)} }`;
	const decl = query.declarations?.length ? `(${query.declarations.join(', ')})` : '';
	const text = `query ${query.name}${decl} { ${query.fields.map((f) => `${f} ${spread}`).join('\n')} }\n${query.fragment.toString()}`;
	return run<Record<string, F | null | F[]>>(text, query.variables ?? {}, fetchFn);
}

async function run<T>(query: string, variables: unknown, fetchFn: Fetch): Promise<T> {
	const response = await post(fetchFn, '/graphql', { query, variables });
	let payload: GraphQLResponse<T>;
	try {
		payload = (await response.json()) as GraphQLResponse<T>;
	} catch {
		throw new ApiError(statusCode(response.status), `HTTP ${response.status}`, undefined, response.status);
	}
	const first = payload.errors?.[0];
	if (first) {
		const code = first.extensions?.code ?? statusCode(response.status);
		throw new ApiError(code, first.message, first.extensions?.errors, response.status, first.extensions?.messageKm);
	}
	if (!response.ok || payload.data == null) {
		// A request refused before GraphQL runs (e.g. 503 UNAVAILABLE while the database is away) has the REST shape.
		const refused = payload as { code?: string; message?: string; messageKm?: string };
		throw new ApiError(refused.code ?? statusCode(response.status), refused.message ?? `HTTP ${response.status}`, undefined, response.status, refused.messageKm);
	}
	return payload.data;
}

/** POST /auth/login; the server sets the httpOnly `sa_session` cookie. */
export async function login(username: string, password: string, fetchFn: Fetch = fetch): Promise<void> {
	const response = await post(fetchFn, '/auth/login', { username, password });
	if (response.ok) return;
	let body: { code?: string; message?: string; messageKm?: string } = {};
	try {
		body = (await response.json()) as typeof body;
	} catch {
		// non-JSON error body: fall back to the status code
	}
	throw new ApiError(body.code ?? statusCode(response.status), body.message ?? `HTTP ${response.status}`, undefined, response.status, body.messageKm);
}

export async function logout(fetchFn: Fetch = fetch): Promise<void> {
	await post(fetchFn, '/auth/logout', {});
}

export function isApiError(value: unknown): value is ApiError {
	return value instanceof ApiError;
}
