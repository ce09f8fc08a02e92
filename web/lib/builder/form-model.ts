// Small, pure operations on the builder's Form.io JSON: finding components, unique keys, and the
// bilingual texts kept in `properties` ("label:km", "help:en", "option:<v>:km"), written the way
// toFormio writes them so fromFormio reads both languages back.
import type { FormioComponent, FormioForm } from '$engine';
import type { Lang } from '$lib/i18n';

export interface Located {
	component: FormioComponent;
	/** The array holding the component (root components or a parent's components). */
	siblings: FormioComponent[];
	index: number;
	/** Nearest enclosing container/datagrid (panels are layout only), if any. */
	parent?: FormioComponent;
	/** Data path of the component (panels skipped), e.g. `participants.female`. */
	dataPath: string;
	/** Key of the enclosing repeat (datagrid), for `row.` conditions. */
	repeatKey?: string;
}

export type Bilingual = { km: string; en: string };

export const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;
const VALUE_TYPES = new Set(['textfield', 'textarea', 'number', 'checkbox', 'radio', 'select']);

export function isValueComponent(c: FormioComponent): boolean {
	return VALUE_TYPES.has(c.type);
}

/** Every component with where it sits, depth first in display order. */
export function locateAll(form: { components: FormioComponent[] }): Located[] {
	const out: Located[] = [];
	const visit = (list: FormioComponent[], parent: FormioComponent | undefined, prefix: string, repeatKey: string | undefined) => {
		list.forEach((component, index) => {
			const isLayout = component.type === 'panel';
			const dataPath = isLayout ? prefix : prefix ? `${prefix}.${component.key}` : component.key;
			out.push({ component, siblings: list, index, dataPath, ...(parent ? { parent } : {}), ...(repeatKey ? { repeatKey } : {}) });
			// A GPS point's parts are the engine's, not fields of the form (form-engine/model/gps.ts).
			if (component.components && component.properties?.widget !== 'gps') {
				const nextParent = isLayout ? parent : component;
				const nextPrefix = isLayout ? prefix : component.type === 'datagrid' ? '' : dataPath;
				const nextRepeat = component.type === 'datagrid' ? component.key : repeatKey;
				visit(component.components, nextParent, nextPrefix, nextRepeat);
			}
		});
	};
	visit(form.components, undefined, '', undefined);
	return out;
}

export function locate(form: { components: FormioComponent[] }, key: string): Located | undefined {
	return locateAll(form).find((l) => l.component.key === key);
}

export function allKeys(form: { components: FormioComponent[] }): Set<string> {
	return new Set(locateAll(form).map((l) => l.component.key));
}

export function uniqueKey(taken: Set<string>, base: string): string {
	const clean = base.replace(/[^A-Za-z0-9_]/g, '_').replace(/^[^A-Za-z]+/, '') || 'field';
	for (let n = 1; ; n++) {
		const key = `${clean}${n}`;
		if (!taken.has(key)) {
			taken.add(key);
			return key;
		}
	}
}

/** Reads `prefix:km` / `prefix:en`; the text the builder shows in `lang` wins when it was edited there. */
export function readText(props: Record<string, string> | undefined, prefix: string, shown: string | undefined, lang: Lang): Bilingual {
	const text: Bilingual = { km: props?.[`${prefix}:km`] ?? '', en: props?.[`${prefix}:en`] ?? '' };
	if (shown && shown !== text[lang]) text[lang] = shown;
	return text;
}

function setPair(props: Record<string, string>, prefix: string, text: Bilingual): void {
	for (const l of ['km', 'en'] as const) {
		if (text[l].trim()) props[`${prefix}:${l}`] = text[l];
		else delete props[`${prefix}:${l}`];
	}
}

export function labelOf(c: FormioComponent, lang: Lang): Bilingual {
	return readText(c.properties, c.type === 'panel' ? 'title' : 'label', c.type === 'panel' ? c.title : c.label, lang);
}

export function helpOf(c: FormioComponent, lang: Lang): Bilingual {
	return readText(c.properties, 'help', c.description, lang);
}

export function setLabel(c: FormioComponent, text: Bilingual, lang: Lang): void {
	const props = (c.properties ??= {});
	const shown = text[lang] || text.km || text.en;
	if (c.type === 'panel') {
		setPair(props, 'title', text);
		c.title = shown;
		c.label = shown;
	} else {
		setPair(props, 'label', text);
		c.label = shown;
	}
}

export function setHelp(c: FormioComponent, text: Bilingual, lang: Lang): void {
	const props = (c.properties ??= {});
	setPair(props, 'help', text);
	const shown = text[lang] || text.km || text.en;
	if (shown.trim()) c.description = shown;
	else delete c.description;
}

export function formTitle(form: FormioForm, lang: Lang): Bilingual {
	return readText(form.properties, 'title', form.title, lang);
}

export function setFormTitle(form: FormioForm, text: Bilingual, lang: Lang): void {
	setPair(form.properties, 'title', text);
	form.title = text[lang] || text.km || text.en;
}

export function formDescription(form: FormioForm): Bilingual {
	return readText(form.properties, 'description', undefined, 'km');
}

export function setFormDescription(form: FormioForm, text: Bilingual): void {
	setPair(form.properties, 'description', text);
}

// ---------- options of select / radio / multiselect ----------

export interface Option {
	value: string;
	label: Bilingual;
}

export function hasOptions(c: FormioComponent): boolean {
	return (c.type === 'radio' && c.properties?.widget !== 'faces') || c.type === 'select';
}

export function isNumeric(c: FormioComponent): boolean {
	return c.type === 'number' || c.dataType === 'number';
}

export function optionsOf(c: FormioComponent, lang: Lang): Option[] {
	const list = (c.type === 'radio' ? c.values : c.data?.values) ?? [];
	return list.map((v) => ({ value: String(v.value), label: readText(c.properties, `option:${String(v.value)}`, v.label, lang) }));
}

export function setOptions(c: FormioComponent, options: Option[], lang: Lang): void {
	const props = (c.properties ??= {});
	for (const name of Object.keys(props)) if (name.startsWith('option:')) delete props[name];
	const numeric = c.dataType === 'number';
	const values = options.map((o) => {
		setPair(props, `option:${o.value}`, o.label);
		return { label: o.label[lang] || o.label.km || o.label.en || o.value, value: numeric ? Number(o.value) : o.value };
	});
	if (c.type === 'radio') c.values = values;
	else c.data = { ...(c.data ?? {}), values };
}

// ---------- required ----------

/** Checkbox/group/repeat keep `required` in the parent's hint (see form-engine to-component). */
const HINTED = new Set(['checkbox', 'container', 'datagrid']);

export function isRequired(form: FormioForm, at: Located): boolean {
	const c = at.component;
	if (!HINTED.has(c.type)) return c.validate?.required === true;
	const hint = at.parent ? at.parent.properties?.required : form.properties.required;
	return (hint ?? '').split(',').includes(c.key);
}

export function setRequired(form: FormioForm, at: Located, required: boolean): void {
	const c = at.component;
	if (!HINTED.has(c.type)) {
		c.validate = { ...(c.validate ?? {}), required };
		return;
	}
	const props = at.parent ? (at.parent.properties ??= {}) : form.properties;
	const keys = (props.required ?? '').split(',').filter((k) => k && k !== c.key);
	if (required) keys.push(c.key);
	props.required = keys.join(',');
}

/** Renames a component key and the references to it in the parent's `required` hint. */
export function renameKey(form: FormioForm, at: Located, next: string): void {
	const props = at.parent ? at.parent.properties : form.properties;
	if (props?.required) props.required = props.required.split(',').map((k) => (k === at.component.key ? next : k)).join(',');
	at.component.key = next;
}

/** Removes the Form.io submit button the builder may add: definitions have no buttons. */
export function withoutButtons(form: FormioForm): FormioForm {
	const strip = (list: FormioComponent[]): FormioComponent[] =>
		list.filter((c) => c.type !== 'button').map((c) => (c.components ? { ...c, components: strip(c.components) } : c));
	return { ...form, components: strip(form.components) };
}

/** Points conditions that read `from` (or under it) at `to`, after a field's data name changed. */
/** JSONLogic with every read of `from` (or a path under it) renamed to `to`: `var` and `missing` names. */
export function renamedLogic(node: unknown, from: string, to: string): unknown {
	const rename = (name: unknown) => (typeof name === 'string' && (name === from || name.startsWith(`${from}.`)) ? to + name.slice(from.length) : name);
	const swap = (n: unknown): unknown => {
		if (Array.isArray(n)) return n.map(swap);
		if (!n || typeof n !== 'object') return n;
		const record = n as Record<string, unknown>;
		if (Object.keys(record).length === 1 && 'var' in record) return { var: rename(record.var) };
		if (Object.keys(record).length === 1 && Array.isArray(record.missing)) return { missing: record.missing.map(rename) };
		return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, swap(v)]));
	};
	return swap(node);
}

export function renameConditionVars(list: FormioComponent[], from: string, to: string): void {
	for (const x of list) {
		if (x.conditional?.json) x.conditional = { json: renamedLogic(x.conditional.json, from, to) };
		if (x.components) renameConditionVars(x.components, from, to);
	}
}
