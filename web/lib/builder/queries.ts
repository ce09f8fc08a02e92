// GraphQL operations of the builder (contract: docs/api.md): editor lists, versions, drafts,
// publishing and diffs. Browser calls use the global fetch; server loads pass event.fetch.
import { gql, type Fetch } from '$lib/api';
import {
	BuilderDefinitionsDocument,
	BuilderSchemaDocument,
	BuilderVersionsDocument,
	DiffDocument,
	NewDraftDocument,
	PublishDocument,
	RetireDocument,
	SaveDraftDocument,
	type BuilderVersionsQuery,
} from '$lib/api/generated/graphql';
import type { DefinitionSchema } from '$lib/definition';
import type { Lang } from '$lib/i18n';
import type { DefinitionStatus, DefinitionSummary } from '$lib/queries';

export type DefinitionVersions = NonNullable<BuilderVersionsQuery['definition']>;
export type VersionInfo = DefinitionVersions['versions'][number];

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
	const data = await gql(BuilderDefinitionsDocument, { lang }, fetchFn);
	return data.definitions;
}

/** Versions of a key (version 1 always exists once a key exists), or null for an unknown key. */
export async function fetchVersions(fetchFn: Fetch, key: string, lang: Lang): Promise<DefinitionVersions | null> {
	const data = await gql(BuilderVersionsDocument, { key, lang }, fetchFn);
	return data.definition;
}

export async function fetchSchema(fetchFn: Fetch, key: string, version: number): Promise<{ version: number; status: DefinitionStatus; schema: DefinitionSchema } | null> {
	const data = await gql(BuilderSchemaDocument, { key, version }, fetchFn);
	return data.definition as { version: number; status: DefinitionStatus; schema: DefinitionSchema } | null;
}

export async function saveDraft(key: string, schema: unknown): Promise<{ version: number; status: DefinitionStatus }> {
	const data = await gql(SaveDraftDocument, { key, schema });
	return data.saveDraft;
}

export async function newDraft(key: string, fromVersion: number): Promise<{ version: number }> {
	const data = await gql(NewDraftDocument, { key, fromVersion });
	return data.newDraft;
}

export async function publish(key: string): Promise<{ version: number }> {
	const data = await gql(PublishDocument, { key });
	return data.publish;
}

/** Retires the latest published version: it stays readable, but nobody can fill it any more. */
export async function retire(key: string): Promise<{ version: number }> {
	const data = await gql(RetireDocument, { key });
	return data.retire;
}

export async function fetchDiff(key: string, from: number, to: number): Promise<DefinitionDiff> {
	const data = await gql(DiffDocument, { key, from, to });
	return data.definitionDiff as DefinitionDiff;
}
