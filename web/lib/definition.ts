// The parts of a definition (docs/definition-format.md) the pages read directly: title, field
// labels and display order. Rendering and validation are the form engine's job ($engine).
import { pick, type Lang } from './i18n';
import { gpsText } from '$engine/model/gps';

export type Localized = { km: string; en: string; [lang: string]: string };

export interface FieldSchema {
	type?: string | string[];
	enum?: Array<string | number>;
	'x-label'?: Localized;
	'x-widget'?: string;
	'x-enum-labels'?: Record<string, Localized>;
	properties?: Record<string, FieldSchema>;
	items?: FieldSchema;
	[keyword: string]: unknown;
}

export interface DefinitionSchema {
	'x-title'?: Localized;
	'x-description'?: Localized;
	'x-sections'?: Array<{ key: string; title: Localized; fields: string[] }>;
	'x-order'?: string[];
	properties?: Record<string, FieldSchema>;
	required?: string[];
	[keyword: string]: unknown;
}

/** Top-level fields in display order (sections first, then x-order, then declaration order). */
export function topLevelFields(schema: DefinitionSchema): Array<{ key: string; field: FieldSchema }> {
	const properties = schema.properties ?? {};
	const order = schema['x-sections']?.flatMap((s) => s.fields) ?? schema['x-order'] ?? Object.keys(properties);
	const seen = new Set<string>();
	const result: Array<{ key: string; field: FieldSchema }> = [];
	for (const key of [...order, ...Object.keys(properties)]) {
		const field = properties[key];
		if (field && !seen.has(key)) {
			seen.add(key);
			result.push({ key, field });
		}
	}
	return result;
}

/** Label of the field at a dotted data path (`criteria.0.score` → "Criteria › 1 › Score"). */
export function labelForPath(schema: DefinitionSchema, path: string, lang: Lang): string {
	if (!path) return '';
	const parts: string[] = [];
	let node: FieldSchema | DefinitionSchema | undefined = schema;
	for (const segment of path.split('.')) {
		if (/^\d+$/.test(segment)) {
			parts.push(String(Number(segment) + 1));
			node = (node as FieldSchema | undefined)?.items;
			continue;
		}
		node = node?.properties?.[segment];
		parts.push(pick(node?.['x-label'], lang) || segment);
	}
	return parts.join(' › ');
}

/** A short, plain-text rendering of a stored value for tables. */
export function displayValue(
	field: FieldSchema,
	value: unknown,
	lang: Lang,
	words: { yes: string; no: string; items: (n: number) => string },
): string {
	if (value === undefined || value === null || value === '') return '';
	const labels = field['x-enum-labels'];
	if (Array.isArray(value)) {
		if (value.every((v) => typeof v !== 'object')) {
			return value.map((v) => (labels ? pick(labels[String(v)], lang) || String(v) : String(v))).join(', ');
		}
		return words.items(value.length);
	}
	if (typeof value === 'boolean') return value ? words.yes : words.no;
	if (field['x-widget'] === 'gps') return gpsText(value) ?? '';
	if (typeof value === 'object') {
		const nested = field.properties ?? {};
		return Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined && v !== null && v !== '')
			.map(([k, v]) => `${pick(nested[k]?.['x-label'], lang) || k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
			.join('; ');
	}
	if (labels && labels[String(value)]) return pick(labels[String(value)], lang);
	return String(value);
}
