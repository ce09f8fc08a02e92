// GraphQL operations of the builder (contract: docs/api.md): editor lists, versions, drafts,
// publishing and diffs. Browser calls use the global fetch; server loads pass event.fetch.
import { gql, type Fetch } from '$lib/api';
import type { DefinitionSchema } from '$lib/definition';
import type { Lang } from '$lib/i18n';
import type { DefinitionStatus, DefinitionSummary } from '$lib/queries';

export interface VersionInfo {
	version: number;
	status: DefinitionStatus;
	publishedAt: string | null;
	createdAt: string;
}

export interface DefinitionVersions {
	key: string;
	kind: string;
	title: string;
	submissionCount: number;
	versions: VersionInfo[];
}

export interface DiffEntry {
	path: string;
	label: { km: string; en: string };
	changes?: string[];
}

export interface DefinitionDiff {
	from: number;
	to: number;
	added: DiffEntry[];
	removed: DiffEntry[];
	changed: DiffEntry[];
}

/** Every key with its newest version of any status (drafts included for editors). */
export async function fetchAllDefinitions(fetchFn: Fetch, lang: Lang): Promise<DefinitionSummary[]> {
	const data = await gql<{ definitions: DefinitionSummary[] }>(
		`query BuilderDefinitions($lang: String) {
			definitions { key version kind status title(locale: $lang) submissionCount }
		}`,
		{ lang },
		fetchFn,
	);
	return data.definitions;
}

/** Versions of a key (version 1 always exists once a key exists), or null for an unknown key. */
export async function fetchVersions(fetchFn: Fetch, key: string, lang: Lang): Promise<DefinitionVersions | null> {
	const data = await gql<{ definition: DefinitionVersions | null }>(
		`query BuilderVersions($key: String!, $lang: String) {
			definition(key: $key, version: 1) {
				key kind title(locale: $lang) submissionCount
				versions { version status publishedAt createdAt }
			}
		}`,
		{ key, lang },
		fetchFn,
	);
	return data.definition;
}

export async function fetchSchema(fetchFn: Fetch, key: string, version: number): Promise<{ version: number; status: DefinitionStatus; schema: DefinitionSchema } | null> {
	const data = await gql<{ definition: { version: number; status: DefinitionStatus; schema: DefinitionSchema } | null }>(
		`query BuilderSchema($key: String!, $version: Int) { definition(key: $key, version: $version) { version status schema } }`,
		{ key, version },
		fetchFn,
	);
	return data.definition;
}

export async function saveDraft(key: string, schema: unknown): Promise<{ version: number; status: DefinitionStatus }> {
	const data = await gql<{ saveDraft: { version: number; status: DefinitionStatus } }>(
		`mutation SaveDraft($key: String!, $schema: JSON!) { saveDraft(key: $key, schema: $schema) { version status } }`,
		{ key, schema },
	);
	return data.saveDraft;
}

export async function newDraft(key: string, fromVersion: number): Promise<{ version: number }> {
	const data = await gql<{ newDraft: { version: number } }>(
		`mutation NewDraft($key: String!, $fromVersion: Int) { newDraft(key: $key, fromVersion: $fromVersion) { version } }`,
		{ key, fromVersion },
	);
	return data.newDraft;
}

export async function publish(key: string): Promise<{ version: number }> {
	const data = await gql<{ publish: { version: number } }>(`mutation Publish($key: String!) { publish(key: $key) { version } }`, { key });
	return data.publish;
}

export async function fetchDiff(key: string, from: number, to: number): Promise<DefinitionDiff> {
	const data = await gql<{ definitionDiff: DefinitionDiff }>(
		`query Diff($key: String!, $from: Int!, $to: Int!) { definitionDiff(key: $key, from: $from, to: $to) }`,
		{ key, from, to },
	);
	return data.definitionDiff;
}
