// The indicator builder's editable model and its translation to and from an indicator definition
// (form-engine/indicator/types.ts). Conditions are point-and-click rows (field, operator, values)
// written as the JSONLogic subset indicators compile to SQL; anything else is kept as "advanced".
import { compileDefinition, fieldPaths, flattenNodes, type Definition } from '$engine';
import type { Lang } from '$lib/i18n';
import type { CategoryDef, IndicatorDef, LocalizedText } from './queries';

export const OPS = ['eq', 'ne', 'in', 'nin', 'gt', 'ge', 'lt', 'le'] as const;
export type Op = (typeof OPS)[number];
export const MEASURES = ['count', 'sum', 'average', 'median', 'percentage', 'ratio', 'coverage'] as const;
export type MeasureType = (typeof MEASURES)[number];

export interface Cond {
	field: string;
	op: Op;
	/** One value for comparisons, several for in / nin. */
	values: string[];
}

export interface CondSet {
	conds: Cond[];
	/** Logic the rows cannot show (hand-written): kept and and-ed in. */
	advanced: unknown[];
}

export interface SourceModel {
	form: string;
	each: string;
	constants: Record<string, string>;
}

export interface CategoryModel {
	key: string;
	labelKm: string;
	labelEn: string;
	kind: 'field' | 'constant' | 'fields';
	field: string;
	constant: string;
	fields?: Record<string, string>;
	/** With `fields`: the total's key ('' = the fields add up). */
	total?: string;
	valueLabels?: Record<string, LocalizedText>;
}

export interface Model {
	key: string;
	titleKm: string;
	titleEn: string;
	descKm: string;
	descEn: string;
	sources: SourceModel[];
	filter: CondSet;
	measure: MeasureType;
	field: string;
	where: CondSet;
	numField: string;
	numWhere: CondSet;
	denField: string;
	denWhere: CondSet;
	level: 'province' | 'district' | 'commune';
	categories: CategoryModel[];
	target: string;
	baseline: string;
	unitKm: string;
	unitEn: string;
	decimals: string;
	periodField: string;
}

export const emptySet = (): CondSet => ({ conds: [], advanced: [] });

export function emptyModel(): Model {
	return {
		key: '',
		titleKm: '',
		titleEn: '',
		descKm: '',
		descEn: '',
		sources: [{ form: '', each: '', constants: {} }],
		filter: emptySet(),
		measure: 'count',
		field: '',
		where: emptySet(),
		numField: '',
		numWhere: emptySet(),
		denField: '',
		denWhere: emptySet(),
		level: 'commune',
		categories: [],
		target: '',
		baseline: '',
		unitKm: '',
		unitEn: '',
		decimals: '1',
		periodField: '',
	};
}

// ---------- fields of the source forms ----------

export interface FieldOption {
	value: string;
	label: LocalizedText;
}

export interface FieldInfo {
	/** As the indicator reads it: `row.x` inside the source's repeat, else the data path. */
	path: string;
	label: string;
	numeric: boolean;
	boolean: boolean;
	options: FieldOption[];
	inRow: boolean;
}

export interface RepeatInfo {
	path: string;
	label: LocalizedText;
}

const pickLabel = (l: LocalizedText | undefined, lang: Lang, fallback: string) => (l ? l[lang] || l.km || l.en || fallback : fallback);

export function repeatsOf(schema: Record<string, unknown> | undefined): RepeatInfo[] {
	if (!schema) return [];
	try {
		return flattenNodes(compileDefinition(schema as unknown as Definition))
			.filter((n) => n.widget === 'repeat' && !n.path.includes('[]'))
			.map((n) => ({ path: n.path, label: n.label as LocalizedText }));
	} catch {
		return [];
	}
}

/** Fields a source row can read: the repeat item's (`row.x`) and, always, the form's root fields. */
export function fieldsOf(schema: Record<string, unknown> | undefined, each: string, lang: Lang): FieldInfo[] {
	if (!schema) return [];
	try {
		const def = schema as unknown as Definition;
		const nodes = new Map(flattenNodes(compileDefinition(def)).map((n) => [n.path, n]));
		const out: FieldInfo[] = [];
		for (const f of fieldPaths(def)) {
			let path: string;
			if (!f.repeat) path = f.path;
			else if (each && f.repeat === each && !f.path.slice(each.length + 3).includes('[]')) path = `row.${f.path.slice(each.length + 3)}`;
			else continue;
			const node = nodes.get(f.path);
			const options = (node?.options ?? []).map((o) => ({ value: String(o.value), label: o.label as LocalizedText }));
			const label = pickLabel(f.label as LocalizedText, lang, path);
			out.push({ path, label, numeric: f.type === 'number' || f.type === 'integer', boolean: f.type === 'boolean', options, inRow: path.startsWith('row.') });
		}
		// Item fields first: they are what "one row per item" is about.
		return out.sort((a, b) => Number(b.inRow) - Number(a.inRow));
	} catch {
		return [];
	}
}

/** Union of the sources' fields (same path once). */
export function sourceFields(sources: SourceModel[], schemas: Map<string, Record<string, unknown>>, lang: Lang): FieldInfo[] {
	const seen = new Map<string, FieldInfo>();
	for (const s of sources) for (const f of fieldsOf(schemas.get(s.form), s.each, lang)) if (!seen.has(f.path)) seen.set(f.path, f);
	return [...seen.values()];
}

// ---------- conditions ----------

const SYMBOL: Record<Exclude<Op, 'in' | 'nin'>, string> = { eq: '==', ne: '!=', gt: '>', ge: '>=', lt: '<', le: '<=' };
const READ: Record<string, Op> = { '==': 'eq', '===': 'eq', '!=': 'ne', '!==': 'ne', '>': 'gt', '>=': 'ge', '<': 'lt', '<=': 'le' };

function typed(raw: string, field: FieldInfo | undefined): string | number | boolean {
	const text = raw.trim();
	if (field?.boolean) return text !== 'false';
	if (field?.numeric && text !== '' && Number.isFinite(Number(text))) return Number(text);
	return text;
}

export function condToLogic(c: Cond, field: FieldInfo | undefined): unknown {
	const v = { var: c.field };
	if (c.op === 'in' || c.op === 'nin') {
		const list = { in: [v, c.values.filter((x) => x.trim() !== '').map((x) => typed(x, field))] };
		return c.op === 'in' ? list : { '!': list };
	}
	return { [SYMBOL[c.op]]: [v, typed(c.values[0] ?? '', field)] };
}

export function condFromLogic(json: unknown): Cond | null {
	if (!json || typeof json !== 'object' || Array.isArray(json)) return null;
	const entries = Object.entries(json as Record<string, unknown>);
	if (entries.length !== 1) return null;
	const [symbol, args] = entries[0]!;
	if (symbol === '!') {
		const inner = condFromLogic(Array.isArray(args) && args.length === 1 ? args[0] : args);
		return inner && inner.op === 'in' ? { ...inner, op: 'nin' } : null;
	}
	if (!Array.isArray(args) || args.length !== 2) return null;
	const [left, right] = args as [unknown, unknown];
	const field = left && typeof left === 'object' && 'var' in left ? (left as { var: unknown }).var : undefined;
	if (typeof field !== 'string') return null;
	if (symbol === 'in' && Array.isArray(right) && right.every((x) => typeof x !== 'object')) return { field, op: 'in', values: right.map(String) };
	const op = READ[symbol];
	if (!op || (typeof right !== 'string' && typeof right !== 'number' && typeof right !== 'boolean')) return null;
	return { field, op, values: [String(right)] };
}

export function setToLogic(set: CondSet, fields: FieldInfo[]): unknown | undefined {
	const parts = [...set.conds.filter((c) => c.field).map((c) => condToLogic(c, fields.find((f) => f.path === c.field))), ...set.advanced];
	if (parts.length === 0) return undefined;
	return parts.length === 1 ? parts[0] : { and: parts };
}

export function setFromLogic(json: unknown): CondSet {
	if (json === undefined || json === null) return emptySet();
	const parts = json && typeof json === 'object' && !Array.isArray(json) && Array.isArray((json as { and?: unknown }).and) && Object.keys(json).length === 1 ? ((json as { and: unknown[] }).and) : [json];
	const out = emptySet();
	for (const p of parts) {
		const c = condFromLogic(p);
		if (c) out.conds.push(c);
		else out.advanced.push(p);
	}
	return out;
}

// ---------- definition ----------

const num = (s: string) => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : undefined);
const text = (km: string, en: string): LocalizedText | undefined => (km.trim() || en.trim() ? { km: km.trim(), en: en.trim() } : undefined);

export function toDefinition(m: Model, fields: FieldInfo[]): IndicatorDef {
	const def: IndicatorDef = {
		$schema: 'https://json-schema.org/draft/2020-12/schema',
		'x-kind': 'indicator',
		'x-title': { km: m.titleKm.trim(), en: m.titleEn.trim() },
		sources: m.sources.map((s) => {
			const constants = Object.fromEntries(Object.entries(s.constants).filter(([k, v]) => k && v.trim() !== '' && m.categories.some((c) => c.kind === 'constant' && c.constant === k)));
			return { form: s.form, ...(s.each ? { each: s.each } : {}), ...(Object.keys(constants).length ? { constants } : {}) };
		}),
		measure: { type: m.measure },
	};
	const desc = text(m.descKm, m.descEn);
	if (desc) def['x-description'] = desc;
	const filter = setToLogic(m.filter, fields);
	if (filter !== undefined) def.filter = filter;
	switch (m.measure) {
		case 'sum':
		case 'average':
		case 'median':
			if (m.field) def.measure.field = m.field;
			break;
		case 'percentage': {
			const where = setToLogic(m.where, fields);
			if (where !== undefined) def.measure.where = where;
			break;
		}
		case 'ratio': {
			const part = (field: string, set: CondSet) => {
				const where = setToLogic(set, fields);
				return { ...(field ? { field } : {}), ...(where !== undefined ? { where } : {}) };
			};
			def.measure.numerator = part(m.numField, m.numWhere);
			def.measure.denominator = part(m.denField, m.denWhere);
			break;
		}
		case 'coverage':
			def.measure.level = m.level;
			break;
	}
	if (m.categories.length) {
		def.categories = m.categories.map((c): CategoryDef => {
			const base: CategoryDef = { key: c.key, label: { km: c.labelKm.trim() || c.labelEn.trim(), en: c.labelEn.trim() || c.labelKm.trim() } };
			if (c.kind === 'fields' && c.fields) {
				base.fields = c.fields;
				if (c.total && c.total in c.fields) base.total = c.total;
			}
			else if (c.kind === 'constant') base.constant = c.constant;
			else base.field = c.field;
			if (c.valueLabels && Object.keys(c.valueLabels).length) base.valueLabels = c.valueLabels;
			return base;
		});
	}
	if (m.periodField) def.periodField = m.periodField;
	const target = num(m.target);
	if (target !== undefined) def.target = target;
	const baseline = num(m.baseline);
	if (baseline !== undefined) def.baseline = baseline;
	const unit = text(m.unitKm, m.unitEn);
	if (unit) def.unit = { km: unit.km || unit.en, en: unit.en || unit.km };
	const decimals = num(m.decimals);
	if (decimals !== undefined) def.decimals = decimals;
	return def;
}

export function fromDefinition(key: string, d: IndicatorDef): Model {
	const m = emptyModel();
	m.key = key;
	m.titleKm = d['x-title']?.km ?? '';
	m.titleEn = d['x-title']?.en ?? '';
	m.descKm = d['x-description']?.km ?? '';
	m.descEn = d['x-description']?.en ?? '';
	m.sources = d.sources.map((s) => ({ form: s.form, each: s.each ?? '', constants: { ...(s.constants ?? {}) } }));
	m.filter = setFromLogic(d.filter);
	m.measure = d.measure.type;
	m.field = d.measure.field ?? '';
	m.where = setFromLogic(d.measure.where);
	m.numField = d.measure.numerator?.field ?? '';
	m.numWhere = setFromLogic(d.measure.numerator?.where);
	m.denField = d.measure.denominator?.field ?? '';
	m.denWhere = setFromLogic(d.measure.denominator?.where);
	m.level = d.measure.level ?? 'commune';
	m.categories = (d.categories ?? []).map((c) => ({
		key: c.key,
		labelKm: c.label.km,
		labelEn: c.label.en,
		kind: c.fields ? 'fields' : c.constant !== undefined ? 'constant' : 'field',
		field: c.field ?? '',
		constant: c.constant ?? '',
		...(c.fields ? { fields: c.fields, total: c.total ?? '' } : {}),
		...(c.valueLabels ? { valueLabels: c.valueLabels } : {}),
	}));
	m.target = d.target !== undefined ? String(d.target) : '';
	m.baseline = d.baseline !== undefined ? String(d.baseline) : '';
	m.unitKm = d.unit?.km ?? '';
	m.unitEn = d.unit?.en ?? '';
	m.decimals = d.decimals !== undefined ? String(d.decimals) : '1';
	m.periodField = d.periodField ?? '';
	return m;
}

/** A category key from a field path: `row.service` → service. */
export function keyFromPath(path: string): string {
	const last = path.split('.').pop() ?? 'category';
	const key = last.toLowerCase().replace(/[^a-z0-9_]/g, '_').replace(/^[^a-z]+/, '');
	return key || 'category';
}

export const KEY_RE = /^[a-z][a-z0-9-]{1,62}$/;
