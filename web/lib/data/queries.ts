// GraphQL operations of the data pages: every version's schema (for columns that span versions),
// filtered submission pages and one submission (contract: docs/api.md).
import { gql, type Fetch, type WithJson } from '$lib/api';
import {
	DataPageDocument,
	DataVersionsDocument,
	OneDocument,
	type DataNodeFragment,
	type DataPageQuery,
	type DataVersionsQuery,
	type SubmissionFilter,
} from '$lib/api/generated/graphql';
import type { DefinitionSchema } from '$lib/definition';
import type { Lang } from '$lib/i18n';

export type { SubmissionFilter };

export type DataSubmission = WithJson<DataNodeFragment, { data: Record<string, unknown> }>;

type PageAnswer = DataPageQuery['submissions'];
export type DataPage = WithJson<PageAnswer, { edges: Array<WithJson<PageAnswer['edges'][number], { node: DataSubmission }>> }>;

type VersionsAnswer = NonNullable<DataVersionsQuery['definition']>;
export type VersionSchema = WithJson<VersionsAnswer['versions'][number], { schema: DefinitionSchema }>;
export type FormVersions = WithJson<VersionsAnswer, { versions: VersionSchema[] }>;

/** Every version the reader may see (drafts only for editors), oldest first; null for an unknown key. */
export async function fetchFormVersions(fetchFn: Fetch, key: string, lang: Lang): Promise<FormVersions | null> {
	const data = await gql(DataVersionsDocument, { key, lang }, fetchFn);
	return data.definition as FormVersions | null;
}

export async function fetchDataPage(fetchFn: Fetch, key: string, first: number, after: string | null, filter: SubmissionFilter): Promise<DataPage> {
	const data = await gql(DataPageDocument, { key, first, after, filter }, fetchFn);
	return data.submissions as DataPage;
}

export async function fetchSubmission(fetchFn: Fetch, id: string): Promise<DataSubmission | null> {
	const data = await gql(OneDocument, { id }, fetchFn);
	return data.submission as DataSubmission | null;
}
