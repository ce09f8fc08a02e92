// The help centre's calls to the API (typed documents from web/lib/api/operations/help.graphql).
import { gql, type Fetch } from '$lib/api';
import {
	HelpForRouteDocument,
	HelpPageDocument,
	HelpPagesDocument,
	HelpSearchDocument,
	type HelpPageQuery,
	type HelpSearchQuery,
	type HelpSummaryFieldsFragment,
} from '$lib/api/generated/graphql';

export type HelpSummary = HelpSummaryFieldsFragment;
export type HelpPageView = NonNullable<HelpPageQuery['helpPage']>;
export type HelpHit = HelpSearchQuery['helpSearch'][number];

export async function fetchHelpPages(fetchFn: Fetch): Promise<HelpSummary[]> {
	return (await gql(HelpPagesDocument, {}, fetchFn)).helpPages;
}

export async function fetchHelpPage(fetchFn: Fetch, key: string, version?: number): Promise<HelpPageView | null> {
	return (await gql(HelpPageDocument, { key, version: version ?? null }, fetchFn)).helpPage ?? null;
}

export async function fetchHelpForRoute(fetchFn: Fetch, route: string): Promise<HelpSummary[]> {
	return (await gql(HelpForRouteDocument, { route }, fetchFn)).helpForRoute;
}

export async function searchHelp(fetchFn: Fetch, q: string, lang: string): Promise<HelpHit[]> {
	return (await gql(HelpSearchDocument, { q, lang }, fetchFn)).helpSearch;
}
