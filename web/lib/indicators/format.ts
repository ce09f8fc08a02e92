// Numbers, periods, statuses and category labels of indicator values, in the UI language.
import { KM_MONTHS, format, type Lang } from '$lib/i18n';
import type { IndicatorsDictionary } from './texts';
import type { CategoryDef, IndicatorValue, LocalizedText } from './queries';

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatValue(n: number | null | undefined, decimals: number, lang: Lang): string {
	if (n === null || n === undefined || !Number.isFinite(n)) return '–';
	return new Intl.NumberFormat(lang === 'km' ? 'km-KH' : 'en-GB', { minimumFractionDigits: 0, maximumFractionDigits: decimals }).format(n);
}

/** "72.5 %" / "3.1 points": the unit after the number (a bare "%" sticks to it). */
export function withUnit(text: string, unit: string | null | undefined): string {
	if (!unit || text === '–') return text;
	return unit === '%' ? `${text}%` : `${text} ${unit}`;
}

export function formatChange(n: number | null, decimals: number, lang: Lang): string {
	if (n === null || !Number.isFinite(n)) return '–';
	const s = formatValue(Math.abs(n), decimals, lang);
	return n > 0 ? `+${s}` : n < 0 ? `−${s}` : s;
}

/** 2026 · 2026-Q2 · 2026-05 in words. */
export function periodLabel(period: string, lang: Lang, t: IndicatorsDictionary): string {
	const q = /^(\d{4})-Q([1-4])$/.exec(period);
	if (q) return format(t.quarter, { q: q[2]!, year: q[1]! });
	const m = /^(\d{4})-(\d{2})$/.exec(period);
	if (m) {
		const i = Number(m[2]) - 1;
		return lang === 'km' ? `${KM_MONTHS[i]} ${m[1]}` : `${EN_MONTHS[i]} ${m[1]}`;
	}
	return period;
}

export type Status = 'met' | 'below' | 'none';

export function statusOf(value: number | null, target: number | null | undefined): Status {
	if (target === null || target === undefined || value === null) return 'none';
	return value >= target ? 'met' : 'below';
}

/** A value's label for a category: the definition's valueLabels, then the source forms' enum labels. */
export function categoryValueLabel(cat: CategoryDef | undefined, value: string, lang: Lang, enumLabels: Record<string, Record<string, LocalizedText>>, none: string): string {
	if (value === '') return none;
	const fromDef = cat?.valueLabels?.[value];
	if (fromDef) return fromDef[lang] || fromDef.en || value;
	const fromForm = cat ? enumLabels[cat.key]?.[value] : undefined;
	if (fromForm) return fromForm[lang] || fromForm.en || value;
	return value;
}

export function pickText(text: LocalizedText | undefined | null, lang: Lang): string {
	if (!text) return '';
	return text[lang] || text.km || text.en || '';
}

/** The field schema at a data path of a form (`row.x` inside the source's repeat `each`). */
export function schemaAt(formSchema: Record<string, unknown> | undefined, path: string, each?: string): Record<string, unknown> | undefined {
	if (!formSchema) return undefined;
	let node: Record<string, unknown> | undefined = formSchema;
	const parts: string[] = [];
	if (path.startsWith('row.')) {
		if (!each) return undefined;
		parts.push(...each.split('.'), '[]', ...path.slice(4).split('.'));
	} else parts.push(...path.split('.'));
	for (const part of parts) {
		if (!node) return undefined;
		if (part === '[]') node = node.items as Record<string, unknown> | undefined;
		else node = (node.properties as Record<string, Record<string, unknown>> | undefined)?.[part];
	}
	return node;
}

/** Enum labels of every category read from a field, merged over the sources' forms. */
export function enumLabelsFor(categories: CategoryDef[], sources: Array<{ form: string; each?: string }>, schemas: Map<string, Record<string, unknown>>): Record<string, Record<string, LocalizedText>> {
	const out: Record<string, Record<string, LocalizedText>> = {};
	for (const c of categories) {
		if (!c.field) continue;
		const merged: Record<string, LocalizedText> = {};
		for (const s of sources) {
			const field = schemaAt(schemas.get(s.form), c.field, s.each);
			const labels = (field?.['x-enum-labels'] ?? (field?.items as Record<string, unknown> | undefined)?.['x-enum-labels']) as Record<string, LocalizedText> | undefined;
			if (labels) for (const [k, v] of Object.entries(labels)) merged[k] ??= v;
		}
		out[c.key] = merged;
	}
	return out;
}

export function valueOf(v: IndicatorValue | undefined): number | null {
	return v && v.value !== null && Number.isFinite(v.value) ? v.value : null;
}
