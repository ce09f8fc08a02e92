// GraphQL operations used by the web app, with their result types (contract: see docs/api.md).
import type { Lang } from './i18n';
import { gql, type Fetch, type WithJson } from './api';
import {
	DefinitionDocument,
	DefinitionsDocument,
	GeoUnitsDocument,
	MeDocument,
	ServiceProvidersDocument,
	SetLocaleDocument,
	SubmissionsDocument,
	SubmitDocument,
	type DefinitionsQuery,
	type GeoUnitsQuery,
	type MeQuery,
	type ServiceProvidersQuery,
	type SubmissionsQuery,
	type SubmitMutation,
} from './api/generated/graphql';
import type { DefinitionSchema } from './definition';

export interface Grant {
	role: string;
	/** NCDD code prefix the grant covers; '' is the whole country. */
	scope: string;
}

/** `mustChangePassword` is set after an administrator reset the password: every page sends the user to /account/password. */
export type Me = NonNullable<MeQuery['me']>;

export type { DefinitionStatus } from './api/generated/graphql';

export type DefinitionSummary = DefinitionsQuery['definitions'][number];

export type DefinitionFull = DefinitionSummary & { schema: DefinitionSchema };

export type Submission = WithJson<SubmitMutation['submit'], { data: Record<string, unknown> }>;

type PageAnswer = SubmissionsQuery['submissions'];
export type SubmissionPage = WithJson<PageAnswer, { edges: Array<WithJson<PageAnswer['edges'][number], { node: Submission }>> }>;

export async function fetchMe(fetchFn: Fetch): Promise<Me | null> {
	const data = await gql(MeDocument, {}, fetchFn);
	return data.me;
}

export async function fetchDefinitions(fetchFn: Fetch, lang: Lang): Promise<DefinitionSummary[]> {
	const data = await gql(DefinitionsDocument, { lang }, fetchFn);
	return data.definitions;
}

export async function fetchDefinition(
	fetchFn: Fetch,
	key: string,
	version: number | null,
	lang: Lang,
): Promise<DefinitionFull | null> {
	const data = await gql(DefinitionDocument, { key, version, lang }, fetchFn);
	return data.definition as DefinitionFull | null;
}

export async function fetchSubmissions(
	fetchFn: Fetch,
	definitionKey: string,
	first: number,
	after: string | null,
): Promise<SubmissionPage> {
	const data = await gql(SubmissionsDocument, { definitionKey, first, after }, fetchFn);
	return data.submissions as SubmissionPage;
}

export interface SubmitInput {
	id: string;
	definitionKey: string;
	definitionVersion: number;
	data: Record<string, unknown>;
	geoCode?: string;
}

export async function submitForm(input: SubmitInput, fetchFn: Fetch = fetch): Promise<Submission> {
	const data = await gql(SubmitDocument, { ...input, geoCode: input.geoCode ?? null }, fetchFn);
	return data.submit as Submission;
}

export async function setLocale(fetchFn: Fetch, locale: Lang): Promise<void> {
	await gql(SetLocaleDocument, { locale }, fetchFn);
}

export type GeoUnit = GeoUnitsQuery['geoUnits'][number];

/** Children of `parent` (the provinces when null), limited to the user's area and its ancestors. */
export async function fetchGeoUnits(parent: string | null, fetchFn: Fetch = fetch): Promise<GeoUnit[]> {
	const data = await gql(GeoUnitsDocument, { parent }, fetchFn);
	return data.geoUnits;
}

export type ServiceProvider = ServiceProvidersQuery['serviceProviders'][number];

/** Active providers of one kind; the server keeps only those in the user's area. */
export async function fetchServiceProviders(kind: string | null, fetchFn: Fetch = fetch): Promise<ServiceProvider[]> {
	const data = await gql(ServiceProvidersDocument, { kind }, fetchFn);
	return data.serviceProviders;
}
