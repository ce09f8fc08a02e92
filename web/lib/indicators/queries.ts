// GraphQL operations of the indicator pages (server/indicators/indicators.graphql.ts). Server loads
// pass event.fetch; browser calls use the global fetch.
import { gql, gqlAliased, inAliasBatches, type Fetch, type WithJson } from '$lib/api';
import {
	AllIndicatorsDocument,
	FormSchemaFragmentDoc,
	IndicatorDocument,
	IndicatorPreviewDocument,
	IndicatorRefreshDocument,
	IndicatorSchemaDocument,
	IndicatorsDocument,
	IndicatorValuesDocument,
	IndicatorVersionsDocument,
	KeyExistsDocument,
	SourceFormsDocument,
	ValueFragmentDoc,
	type IndicatorPreviewQuery,
	type IndicatorQuery,
	type IndicatorSummaryFragment,
	type RefreshStatusFragment,
	type ValueFragment,
} from '$lib/api/generated/graphql';
import type { Lang } from '$lib/i18n';
import type { IndicatorValue } from '../../../server/indicators/values';

type IndicatorAnswer = NonNullable<IndicatorQuery['indicator']>;
export type IndicatorWarning = IndicatorAnswer['warnings'][number];

export interface LocalizedText {
	km: string;
	en: string;
	[lang: string]: string;
}

export interface CategoryDef {
	key: string;
	label: LocalizedText;
	field?: string;
	constant?: string;
	fields?: Record<string, string>;
	/** With `fields`: the field holding the total (never added to the others). */
	total?: string;
	valueLabels?: Record<string, LocalizedText>;
}

export interface IndicatorDef {
	'x-kind': 'indicator';
	'x-title': LocalizedText;
	'x-description'?: LocalizedText;
	sources: Array<{ form: string; each?: string; constants?: Record<string, string> }>;
	filter?: unknown;
	measure: {
		type: 'count' | 'sum' | 'average' | 'median' | 'percentage' | 'ratio' | 'coverage';
		field?: string;
		where?: unknown;
		numerator?: { field?: string; where?: unknown };
		denominator?: { field?: string; where?: unknown };
		level?: 'province' | 'district' | 'commune';
	};
	categories?: CategoryDef[];
	periodField?: string;
	target?: number;
	baseline?: number;
	unit?: LocalizedText;
	decimals?: number;
	[extra: string]: unknown;
}

export type IndicatorSummary = IndicatorSummaryFragment;

/** How the roll-ups stand (server: IndicatorRefreshStatus); null for readers who may not edit. */
export type RefreshStatus = RefreshStatusFragment;

export type IndicatorFull = WithJson<IndicatorAnswer, { definition: IndicatorDef }>;

// The server's type: the GraphQL IndicatorValue has exactly these fields (dimensions is JSON).
export type { IndicatorValue };
type Values = Array<WithJson<ValueFragment, { dimensions: IndicatorValue['dimensions'] }>>;

export interface ValuesArgs {
	groupBy?: string[];
	period?: string | null;
	scope?: string | null;
}

export async function fetchIndicators(fetchFn: Fetch, lang: Lang): Promise<IndicatorSummary[]> {
	const data = await gql(IndicatorsDocument, { lang }, fetchFn);
	return data.indicators;
}

export async function fetchIndicator(fetchFn: Fetch, key: string, lang: Lang): Promise<IndicatorFull | null> {
	const data = await gql(IndicatorDocument, { key, lang }, fetchFn);
	return data.indicator as IndicatorFull | null;
}

/** The published version's refresh status (the builder shows a failure to its editors). */
export async function fetchRefreshStatus(fetchFn: Fetch, key: string, lang: Lang): Promise<{ version: number; refreshStatus: RefreshStatus | null } | null> {
	const data = await gql(IndicatorRefreshDocument, { key, lang }, fetchFn);
	return data.indicator;
}

export async function fetchValues(fetchFn: Fetch, key: string, args: ValuesArgs): Promise<IndicatorValue[]> {
	const data = await gql(IndicatorValuesDocument, { key, groupBy: args.groupBy ?? [], period: args.period || null, scope: args.scope || null }, fetchFn);
	return data.indicatorValues as Values;
}

/** Several value queries in one request (aliased): the dashboard's cards. */
export async function fetchManyValues(fetchFn: Fetch, requests: Array<{ key: string } & ValuesArgs>): Promise<IndicatorValue[][]> {
	if (requests.length === 0) return [];
	const parts = await inAliasBatches(requests, async (batch) => {
		const vars: Record<string, unknown> = {};
		const decl: string[] = [];
		const fields = batch.map((r, i) => {
			vars[`k${i}`] = r.key;
			vars[`g${i}`] = r.groupBy ?? [];
			vars[`p${i}`] = r.period || null;
			vars[`s${i}`] = r.scope || null;
			decl.push(`$k${i}: String!, $g${i}: [String!], $p${i}: String, $s${i}: String`);
			return `v${i}: indicatorValues(key: $k${i}, groupBy: $g${i}, period: $p${i}, scope: $s${i})`;
		});
		const data = await gqlAliased('list', { name: 'ManyValues', fragment: ValueFragmentDoc, fields, declarations: decl, variables: vars }, fetchFn);
		return batch.map((_, i) => (data[`v${i}`] ?? []) as Values);
	});
	return parts.flat();
}

type PreviewAnswer = IndicatorPreviewQuery['indicatorPreview'];
export type PreviewProblem = WithJson<PreviewAnswer['problems'][number], { message: { en: string; km: string } }>;
export type PreviewResult = WithJson<PreviewAnswer, { values: Values; problems: PreviewProblem[] }>;

export async function previewIndicator(definition: unknown, args: ValuesArgs, fetchFn: Fetch = fetch): Promise<PreviewResult> {
	const data = await gql(IndicatorPreviewDocument, { definition, groupBy: args.groupBy ?? [], period: args.period || null, scope: args.scope || null }, fetchFn);
	return data.indicatorPreview as PreviewResult;
}

export interface FormDefinition {
	key: string;
	version: number;
	title: string;
	schema: Record<string, unknown>;
}

/** Published forms (the builder's sources), with their schemas. */
export async function fetchPublishedForms(fetchFn: Fetch, lang: Lang): Promise<FormDefinition[]> {
	const data = await gql(SourceFormsDocument, { lang }, fetchFn);
	return (data.definitions as Array<FormDefinition & { kind: string }>).filter((d) => d.kind === 'form');
}

/** Latest published schemas of some forms (for value labels of category fields). */
export async function fetchFormSchemas(fetchFn: Fetch, keys: string[]): Promise<Map<string, Record<string, unknown>>> {
	const unique = [...new Set(keys)].filter((k) => /^[a-z][a-z0-9-]{1,62}$/.test(k));
	const out = new Map<string, Record<string, unknown>>();
	if (unique.length === 0) return out;
	await inAliasBatches(unique, async (batch) => {
		const fields = batch.map((k, i) => `f${i}: definition(key: "${k}")`);
		const data = await gqlAliased('one', { name: 'FormSchemas', fragment: FormSchemaFragmentDoc, fields }, fetchFn);
		for (const d of Object.values(data)) if (d) out.set(d.key, d.schema as Record<string, unknown>);
	});
	return out;
}

/** Every version of a definition key (any kind), for the indicator builder's edit page. */
export async function fetchIndicatorDraft(
	fetchFn: Fetch,
	key: string,
	lang: Lang,
): Promise<{ kind: string; title: string; version: number; status: string; schema: IndicatorDef } | null> {
	const info = await gql(IndicatorVersionsDocument, { key, lang }, fetchFn);
	if (!info.definition) return null;
	const latest = info.definition.versions.reduce((a, b) => (b.version > a.version ? b : a));
	const data = await gql(IndicatorSchemaDocument, { key, version: latest.version }, fetchFn);
	if (!data.definition) return null;
	return { kind: info.definition.kind, title: info.definition.title, ...data.definition, schema: data.definition.schema as IndicatorDef };
}

/** Indicator keys of every status (drafts too), for editors' list. */
export async function fetchIndicatorDrafts(fetchFn: Fetch, lang: Lang): Promise<Array<{ key: string; version: number; status: string; title: string }>> {
	const data = await gql(AllIndicatorsDocument, { lang }, fetchFn);
	return data.definitions.filter((d) => d.kind === 'indicator');
}

export async function keyExists(key: string): Promise<boolean> {
	const data = await gql(KeyExistsDocument, { key });
	return data.definition !== null;
}
