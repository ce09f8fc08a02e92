// GraphQL operations used by the web app, with their result types (contract: see docs/api.md).
import type { Lang } from './i18n';
import { gql, type Fetch } from './api';
import type { DefinitionSchema } from './definition';

export interface Grant {
	role: string;
	/** NCDD code prefix the grant covers; '' is the whole country. */
	scope: string;
}

export interface Me {
	username: string;
	displayName: string;
	locale: string | null;
	/** Set after an administrator reset the password: every page sends the user to /account/password. */
	mustChangePassword: boolean;
	grants: Grant[];
}

export type DefinitionStatus = 'DRAFT' | 'PUBLISHED' | 'RETIRED';

export interface DefinitionSummary {
	key: string;
	version: number;
	kind: string;
	status: DefinitionStatus;
	title: string;
	submissionCount: number;
}

export interface DefinitionFull extends DefinitionSummary {
	schema: DefinitionSchema;
}

export interface Submission {
	id: string;
	definitionKey: string;
	definitionVersion: number;
	data: Record<string, unknown>;
	status: string;
	createdAt: string;
}

export interface SubmissionPage {
	totalCount: number;
	pageInfo: { hasNextPage: boolean; endCursor: string | null };
	edges: Array<{ cursor: string; node: Submission }>;
}

export async function fetchMe(fetchFn: Fetch): Promise<Me | null> {
	const data = await gql<{ me: Me | null }>('query Me { me { username displayName locale mustChangePassword grants { role scope } } }', {}, fetchFn);
	return data.me;
}

export async function fetchDefinitions(fetchFn: Fetch, lang: Lang): Promise<DefinitionSummary[]> {
	const data = await gql<{ definitions: DefinitionSummary[] }>(
		`query Definitions($lang: String) {
			definitions(status: PUBLISHED) { key version kind status title(locale: $lang) submissionCount }
		}`,
		{ lang },
		fetchFn,
	);
	return data.definitions;
}

export async function fetchDefinition(
	fetchFn: Fetch,
	key: string,
	version: number | null,
	lang: Lang,
): Promise<DefinitionFull | null> {
	const data = await gql<{ definition: DefinitionFull | null }>(
		`query Definition($key: String!, $version: Int, $lang: String) {
			definition(key: $key, version: $version) {
				key version kind status title(locale: $lang) submissionCount schema
			}
		}`,
		{ key, version, lang },
		fetchFn,
	);
	return data.definition;
}

export async function fetchSubmissions(
	fetchFn: Fetch,
	definitionKey: string,
	first: number,
	after: string | null,
): Promise<SubmissionPage> {
	const data = await gql<{ submissions: SubmissionPage }>(
		`query Submissions($definitionKey: String!, $first: Int, $after: String) {
			submissions(definitionKey: $definitionKey, first: $first, after: $after) {
				totalCount
				pageInfo { hasNextPage endCursor }
				edges { cursor node { id definitionKey definitionVersion data status createdAt } }
			}
		}`,
		{ definitionKey, first, after },
		fetchFn,
	);
	return data.submissions;
}

export interface SubmitInput {
	id: string;
	definitionKey: string;
	definitionVersion: number;
	data: Record<string, unknown>;
	geoCode?: string;
}

export async function submitForm(input: SubmitInput, fetchFn: Fetch = fetch): Promise<Submission> {
	const data = await gql<{ submit: Submission }>(
		// Variables are spelled out so the query does not depend on the input type's name.
		`mutation Submit($id: ID!, $definitionKey: String!, $definitionVersion: Int!, $data: JSON!, $geoCode: String) {
			submit(input: { id: $id, definitionKey: $definitionKey, definitionVersion: $definitionVersion, data: $data, geoCode: $geoCode }) {
				id definitionKey definitionVersion data status createdAt
			}
		}`,
		{ ...input, geoCode: input.geoCode ?? null },
		fetchFn,
	);
	return data.submit;
}

export async function setLocale(fetchFn: Fetch, locale: Lang): Promise<void> {
	await gql<{ setLocale: boolean }>('mutation SetLocale($locale: String!) { setLocale(locale: $locale) }', { locale }, fetchFn);
}

export interface GeoUnit {
	code: string;
	level: string;
	nameKm: string;
	nameEn: string;
	parentCode: string | null;
}

/** Children of `parent` (the provinces when null), limited to the user's area and its ancestors. */
export async function fetchGeoUnits(parent: string | null, fetchFn: Fetch = fetch): Promise<GeoUnit[]> {
	const data = await gql<{ geoUnits: GeoUnit[] }>(
		`query GeoUnits($parent: String) {
			geoUnits(parent: $parent, inMyArea: true) { code level nameKm nameEn parentCode }
		}`,
		{ parent },
		fetchFn,
	);
	return data.geoUnits;
}

export interface ServiceProvider {
	id: string;
	kind: string;
	code: string | null;
	nameKm: string;
	nameEn: string;
	geoCode: string;
}

/** Active providers of one kind; the server keeps only those in the user's area. */
export async function fetchServiceProviders(kind: string | null, fetchFn: Fetch = fetch): Promise<ServiceProvider[]> {
	const data = await gql<{ serviceProviders: ServiceProvider[] }>(
		`query ServiceProviders($kind: String) {
			serviceProviders(kind: $kind) { id kind code nameKm nameEn geoCode }
		}`,
		{ kind },
		fetchFn,
	);
	return data.serviceProviders;
}
