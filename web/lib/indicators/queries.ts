// GraphQL operations of the indicator pages (server/indicators/indicators.graphql.ts). Server loads
// pass event.fetch; browser calls use the global fetch.
import { gql, type Fetch } from '$lib/api';
import type { Lang } from '$lib/i18n';
import type { IndicatorValue } from '../../../server/indicators/values';

export interface IndicatorWarning {
	form: string;
	version: number;
	path: string;
}

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

export interface IndicatorSummary {
	key: string;
	version: number;
	status: string;
	title: string;
	description: string | null;
	unit: string | null;
	target: number | null;
	baseline: number | null;
	decimals: number;
}

/** How the roll-ups stand (server: IndicatorRefreshStatus); null for readers who may not edit. */
export interface RefreshStatus {
	state: 'BUILDING' | 'FRESH' | 'FAILED';
	error: { code: string; path: string | null; message: string; detail: string | null } | null;
	failedAt: string | null;
	freshThrough: string | null;
}

const REFRESH_STATUS = 'refreshStatus { state error { code path message(locale: $lang) detail } failedAt freshThrough }';

export interface IndicatorFull extends IndicatorSummary {
	definition: IndicatorDef;
	dimensions: string[];
	warnings: IndicatorWarning[];
	refreshedAt: string | null;
	refreshStatus: RefreshStatus | null;
}

// The server's type: the GraphQL IndicatorValue has exactly these fields.
export type { IndicatorValue };

export interface ValuesArgs {
	groupBy?: string[];
	period?: string | null;
	scope?: string | null;
}

const SUMMARY = 'key version status title(locale: $lang) description(locale: $lang) unit(locale: $lang) target baseline decimals';
const VALUE = 'dimensions value numerator denominator target previous change';

export async function fetchIndicators(fetchFn: Fetch, lang: Lang): Promise<IndicatorSummary[]> {
	const data = await gql<{ indicators: IndicatorSummary[] }>(`query Indicators($lang: String) { indicators { ${SUMMARY} } }`, { lang }, fetchFn);
	return data.indicators;
}

export async function fetchIndicator(fetchFn: Fetch, key: string, lang: Lang): Promise<IndicatorFull | null> {
	const data = await gql<{ indicator: IndicatorFull | null }>(
		`query Indicator($key: String!, $lang: String) { indicator(key: $key) { ${SUMMARY} definition dimensions warnings { form version path } refreshedAt ${REFRESH_STATUS} } }`,
		{ key, lang },
		fetchFn,
	);
	return data.indicator;
}

/** The published version's refresh status (the builder shows a failure to its editors). */
export async function fetchRefreshStatus(fetchFn: Fetch, key: string, lang: Lang): Promise<{ version: number; refreshStatus: RefreshStatus | null } | null> {
	const data = await gql<{ indicator: { version: number; refreshStatus: RefreshStatus | null } | null }>(
		`query IndicatorRefresh($key: String!, $lang: String) { indicator(key: $key) { version ${REFRESH_STATUS} } }`,
		{ key, lang },
		fetchFn,
	);
	return data.indicator;
}

export async function fetchValues(fetchFn: Fetch, key: string, args: ValuesArgs): Promise<IndicatorValue[]> {
	const data = await gql<{ indicatorValues: IndicatorValue[] }>(
		`query IndicatorValues($key: String!, $groupBy: [String!], $period: String, $scope: String) {
			indicatorValues(key: $key, groupBy: $groupBy, period: $period, scope: $scope) { ${VALUE} }
		}`,
		{ key, groupBy: args.groupBy ?? [], period: args.period || null, scope: args.scope || null },
		fetchFn,
	);
	return data.indicatorValues;
}

/** Several value queries in one request (aliased): the dashboard's cards. */
export async function fetchManyValues(fetchFn: Fetch, requests: Array<{ key: string } & ValuesArgs>): Promise<IndicatorValue[][]> {
	if (requests.length === 0) return [];
	const vars: Record<string, unknown> = {};
	const decl: string[] = [];
	const fields = requests.map((r, i) => {
		vars[`k${i}`] = r.key;
		vars[`g${i}`] = r.groupBy ?? [];
		vars[`p${i}`] = r.period || null;
		vars[`s${i}`] = r.scope || null;
		decl.push(`$k${i}: String!, $g${i}: [String!], $p${i}: String, $s${i}: String`);
		return `v${i}: indicatorValues(key: $k${i}, groupBy: $g${i}, period: $p${i}, scope: $s${i}) { ${VALUE} }`;
	});
	const data = await gql<Record<string, IndicatorValue[]>>(`query ManyValues(${decl.join(', ')}) { ${fields.join('\n')} }`, vars, fetchFn);
	return requests.map((_, i) => data[`v${i}`] ?? []);
}

export interface PreviewProblem {
	code: string;
	path: string;
	message: { en: string; km: string };
}

export interface PreviewResult {
	values: IndicatorValue[];
	warnings: IndicatorWarning[];
	problems: PreviewProblem[];
	sample: number;
}

export async function previewIndicator(definition: unknown, args: ValuesArgs, fetchFn: Fetch = fetch): Promise<PreviewResult> {
	const data = await gql<{ indicatorPreview: PreviewResult }>(
		`query IndicatorPreview($definition: JSON!, $groupBy: [String!], $period: String, $scope: String) {
			indicatorPreview(definition: $definition, groupBy: $groupBy, period: $period, scope: $scope) {
				values { ${VALUE} } warnings { form version path } problems { code path message } sample
			}
		}`,
		{ definition, groupBy: args.groupBy ?? [], period: args.period || null, scope: args.scope || null },
		fetchFn,
	);
	return data.indicatorPreview;
}

export interface FormDefinition {
	key: string;
	version: number;
	title: string;
	schema: Record<string, unknown>;
}

/** Published forms (the builder's sources), with their schemas. */
export async function fetchPublishedForms(fetchFn: Fetch, lang: Lang): Promise<FormDefinition[]> {
	const data = await gql<{ definitions: Array<FormDefinition & { kind: string }> }>(
		`query SourceForms($lang: String) { definitions(status: PUBLISHED) { key version kind title(locale: $lang) schema } }`,
		{ lang },
		fetchFn,
	);
	return data.definitions.filter((d) => d.kind === 'form');
}

/** Latest published schemas of some forms (for value labels of category fields). */
export async function fetchFormSchemas(fetchFn: Fetch, keys: string[]): Promise<Map<string, Record<string, unknown>>> {
	const unique = [...new Set(keys)].filter((k) => /^[a-z][a-z0-9-]{1,62}$/.test(k));
	const out = new Map<string, Record<string, unknown>>();
	if (unique.length === 0) return out;
	const fields = unique.map((k, i) => `f${i}: definition(key: "${k}") { key schema }`).join('\n');
	const data = await gql<Record<string, { key: string; schema: Record<string, unknown> } | null>>(`query FormSchemas { ${fields} }`, {}, fetchFn);
	for (const d of Object.values(data)) if (d) out.set(d.key, d.schema);
	return out;
}

/** Every version of a definition key (any kind), for the indicator builder's edit page. */
export async function fetchIndicatorDraft(
	fetchFn: Fetch,
	key: string,
	lang: Lang,
): Promise<{ kind: string; title: string; version: number; status: string; schema: IndicatorDef } | null> {
	const info = await gql<{ definition: { kind: string; title: string; versions: Array<{ version: number; status: string }> } | null }>(
		`query IndicatorVersions($key: String!, $lang: String) { definition(key: $key, version: 1) { kind title(locale: $lang) versions { version status } } }`,
		{ key, lang },
		fetchFn,
	);
	if (!info.definition) return null;
	const latest = info.definition.versions.reduce((a, b) => (b.version > a.version ? b : a));
	const data = await gql<{ definition: { version: number; status: string; schema: IndicatorDef } | null }>(
		`query IndicatorSchema($key: String!, $version: Int) { definition(key: $key, version: $version) { version status schema } }`,
		{ key, version: latest.version },
		fetchFn,
	);
	if (!data.definition) return null;
	return { kind: info.definition.kind, title: info.definition.title, ...data.definition };
}

/** Indicator keys of every status (drafts too), for editors' list. */
export async function fetchIndicatorDrafts(fetchFn: Fetch, lang: Lang): Promise<Array<{ key: string; version: number; status: string; title: string }>> {
	const data = await gql<{ definitions: Array<{ key: string; version: number; status: string; title: string; kind: string }> }>(
		`query AllIndicators($lang: String) { definitions { key version kind status title(locale: $lang) } }`,
		{ lang },
		fetchFn,
	);
	return data.definitions.filter((d) => d.kind === 'indicator');
}

export async function keyExists(key: string): Promise<boolean> {
	const data = await gql<{ definition: { key: string } | null }>(`query KeyExists($key: String!) { definition(key: $key, version: 1) { key } }`, { key });
	return data.definition !== null;
}
