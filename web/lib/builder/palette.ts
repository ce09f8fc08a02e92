// The builder's palette: exactly the widgets of the definition format. Each entry's Form.io JSON is
// produced by toFormio from a one-field definition, so a new field is byte-for-byte what the engine
// emits for that widget (faces, date, geography included) and converts back with fromFormio.
import { toFormio, type Definition, type FieldSchema, type FormioComponent } from '$engine';
import type { Lang } from '$lib/i18n';
import type { BuilderDictionary } from '$lib/i18n/builder-en';
import { format } from '$lib/i18n';

export const PALETTE = [
	'text',
	'textarea',
	'number',
	'faces',
	'select',
	'radio',
	'multiselect',
	'checkbox',
	'date',
	'geography',
	'provider',
	'gps',
	'photo',
	'signature',
	'audio',
	'group',
	'repeat',
	'section',
] as const;
export type PaletteId = (typeof PALETTE)[number];

/** Short glyphs for the palette buttons (plain text, no icon font). */
export const PALETTE_ICONS: Record<PaletteId, string> = {
	text: 'Aa',
	textarea: '¶',
	number: '12',
	faces: '☺',
	select: '▾',
	radio: '◉',
	multiselect: '☑',
	checkbox: '✓',
	date: '▦',
	geography: '⌖',
	provider: '✚',
	gps: '◎',
	photo: '▣',
	signature: '✎',
	audio: '♪',
	group: '{ }',
	repeat: '↻',
	section: '▭',
};

/** The builder's words in both languages (new fields get both labels). */
export type PaletteWords = { km: BuilderDictionary; en: BuilderDictionary };
type Words = PaletteWords;

function both(words: Words, pick: (d: BuilderDictionary) => string): { km: string; en: string } {
	return { km: pick(words.km), en: pick(words.en) };
}

function options(words: Words): Pick<FieldSchema, 'x-enum-labels'> & { values: string[] } {
	const values = ['option_1', 'option_2'];
	const labels = Object.fromEntries(
		values.map((v, i) => [v, both(words, (d) => format(d.newLabel.option, { n: i + 1 }))]),
	);
	return { values, 'x-enum-labels': labels };
}

function schemaFor(id: Exclude<PaletteId, 'section'>, words: Words, childKey: string): FieldSchema {
	const label = both(words, (d) => d.palette[id] ?? id);
	const child: FieldSchema = { type: 'string', 'x-label': both(words, (d) => d.newLabel.child) } as FieldSchema;
	const base = { 'x-label': label };
	switch (id) {
		case 'text':
			return { type: 'string', ...base } as FieldSchema;
		case 'textarea':
			return { type: 'string', 'x-widget': 'textarea', ...base } as FieldSchema;
		case 'number':
			return { type: 'integer', ...base } as FieldSchema;
		case 'faces':
			return { type: 'integer', minimum: 1, maximum: 5, 'x-widget': 'faces', ...base } as FieldSchema;
		case 'select':
		case 'radio': {
			const o = options(words);
			return { type: 'string', enum: o.values, 'x-enum-labels': o['x-enum-labels'], ...(id === 'radio' ? { 'x-widget': 'radio' } : {}), ...base } as FieldSchema;
		}
		case 'multiselect': {
			const o = options(words);
			return { type: 'array', items: { type: 'string', enum: o.values }, uniqueItems: true, 'x-enum-labels': o['x-enum-labels'], ...base } as FieldSchema;
		}
		case 'checkbox':
			return { type: 'boolean', ...base } as FieldSchema;
		case 'date':
			return { type: 'string', format: 'date', ...base } as FieldSchema;
		case 'geography':
			return { type: 'string', pattern: '^[0-9]{6}$', 'x-widget': 'geography', 'x-geo-level': 'commune', ...base } as FieldSchema;
		case 'provider':
			return { type: 'string', 'x-widget': 'provider', 'x-provider-kind': 'health_centre', ...base } as FieldSchema;
		case 'gps':
			return { type: 'object', 'x-widget': 'gps', ...base } as FieldSchema;
		case 'photo':
		case 'signature':
		case 'audio':
			return { type: 'string', 'x-widget': id, ...base } as FieldSchema;
		case 'group':
			return { type: 'object', properties: { [childKey]: child }, additionalProperties: false, ...base } as FieldSchema;
		case 'repeat':
			return {
				type: 'array',
				items: { type: 'object', properties: { [childKey]: child }, additionalProperties: false },
				...base,
			} as FieldSchema;
	}
}

/** A new Form.io component for the palette entry, with the given key (and child key for groups). */
export function componentFor(id: PaletteId, key: string, lang: Lang, words: Words, childKey = 'question'): FormioComponent {
	const label = both(words, (d) => d.palette[id] ?? id);
	if (id === 'section') {
		return {
			type: 'panel',
			key,
			title: label[lang],
			label: label[lang],
			input: false,
			collapsible: false,
			properties: { 'title:km': label.km, 'title:en': label.en },
			components: [],
		};
	}
	const definition = {
		$schema: 'https://json-schema.org/draft/2020-12/schema',
		type: 'object',
		'x-kind': 'form',
		'x-title': label,
		properties: { [key]: schemaFor(id, words, childKey) },
		additionalProperties: false,
	} as unknown as Definition;
	const component = toFormio(definition, lang).components[0];
	if (!component) throw new Error(`palette entry ${id} produced no component`);
	return component;
}

/** Which palette entry a component corresponds to (for labels, help anchors and the editor). */
export function paletteIdOf(c: FormioComponent): PaletteId | 'unknown' {
	const widget = c.properties?.widget;
	switch (c.type) {
		case 'panel':
			return 'section';
		case 'textfield':
			if (widget === 'geography') return 'geography';
			if (widget === 'provider') return 'provider';
			if (widget === 'photo' || widget === 'signature' || widget === 'audio') return widget;
			return c.inputType === 'date' ? 'date' : 'text';
		case 'textarea':
			return 'textarea';
		case 'number':
			return 'number';
		case 'checkbox':
			return 'checkbox';
		case 'radio':
			return widget === 'faces' ? 'faces' : 'radio';
		case 'select':
			return c.multiple ? 'multiselect' : 'select';
		case 'container':
			return widget === 'gps' ? 'gps' : 'group';
		case 'datagrid':
			return 'repeat';
		default:
			return 'unknown';
	}
}
