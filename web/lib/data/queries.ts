// GraphQL operations of the data pages: every version's schema (for columns that span versions),
// filtered submission pages and one submission (contract: docs/api.md).
import { gql, type Fetch } from '$lib/api';
import type { DefinitionSchema } from '$lib/definition';
import type { Lang } from '$lib/i18n';

export interface SubmissionFilter {
	version?: number;
	geo?: string;
	from?: string;
	to?: string;
}

export interface DataSubmission {
	id: string;
	definitionKey: string;
	definitionVersion: number;
	geoCode: string | null;
	period: string | null;
	data: Record<string, unknown>;
	status: string;
	createdAt: string;
}

export interface DataPage {
	totalCount: number;
	pageInfo: { hasNextPage: boolean; endCursor: string | null };
	edges: Array<{ cursor: string; node: DataSubmission }>;
}

export interface VersionSchema {
	version: number;
	status: string;
	schema: DefinitionSchema;
}

export interface FormVersions {
	key: string;
	title: string;
	kind: string;
	versions: VersionSchema[];
}

const NODE = 'id definitionKey definitionVersion geoCode period data status createdAt';

/** Every version the reader may see (drafts only for editors), oldest first; null for an unknown key. */
export async function fetchFormVersions(fetchFn: Fetch, key: string, lang: Lang): Promise<FormVersions | null> {
	const data = await gql<{ definition: FormVersions | null }>(
		`query DataVersions($key: String!, $lang: String) {
			definition(key: $key, version: 1) { key kind title(locale: $lang) versions { version status schema } }
		}`,
		{ key, lang },
		fetchFn,
	);
	return data.definition;
}

export async function fetchDataPage(fetchFn: Fetch, key: string, first: number, after: string | null, filter: SubmissionFilter): Promise<DataPage> {
	const data = await gql<{ submissions: DataPage }>(
		`query DataPage($key: String!, $first: Int, $after: String, $filter: SubmissionFilter) {
			submissions(definitionKey: $key, first: $first, after: $after, filter: $filter) {
				totalCount
				pageInfo { hasNextPage endCursor }
				edges { cursor node { ${NODE} } }
			}
		}`,
		{ key, first, after, filter },
		fetchFn,
	);
	return data.submissions;
}

export async function fetchSubmission(fetchFn: Fetch, id: string): Promise<DataSubmission | null> {
	const data = await gql<{ submission: DataSubmission | null }>(`query One($id: ID!) { submission(id: $id) { ${NODE} } }`, { id }, fetchFn);
	return data.submission;
}
