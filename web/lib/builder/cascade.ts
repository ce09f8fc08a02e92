// Why: cascading choices by point and click. An officer picks the earlier question a field's options
// depend on ("District" on "Province") and, for each option, the answer it belongs to; the builder
// writes the definition's own spelling into the Form.io JSON (properties `enumData` and `choiceFilter`,
// read back by the engine): each option's attribute named after the parent's key, and the filter
// `choice.<attribute> == <parent>`. A filter of any other shape (from an XLSForm import) is shown as
// made elsewhere and kept unchanged unless the officer removes it.
import type { FormioComponent } from '$engine';
import type { ConditionTarget } from './conditions';
import { locateAll, renamedLogic } from './form-model';

export interface Cascade {
	/** The parent's definition path (`province`, `group.province`, `row.where` inside a repeat). */
	parent: string;
	/** The option attribute the filter reads (`choice.<attribute>`). */
	attribute: string;
	/** Option value → the parent's option value it belongs to ('' or absent: never offered). */
	belongs: Record<string, string>;
}

type EnumData = Record<string, Record<string, string | number>>;

function parse(text: string | undefined): unknown {
	if (text === undefined) return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

const varOf = (node: unknown): string | undefined => {
	const v = (node as { var?: unknown } | null)?.var;
	return typeof v === 'string' ? v : undefined;
};

/** The field's cascade, 'custom' for a filter of another shape, or null without a filter. */
export function cascadeOf(c: FormioComponent): Cascade | 'custom' | null {
	const filter = parse(c.properties?.choiceFilter);
	if (filter === undefined) return null;
	const args = (filter as { '=='?: unknown } | null)?.['=='];
	if (!Array.isArray(args) || args.length !== 2 || Object.keys(filter as object).length !== 1) return 'custom';
	const [a, b] = args.map(varOf);
	const [choice, parent] = a?.startsWith('choice.') ? [a, b] : [b, a];
	if (!choice?.startsWith('choice.') || !parent || parent.startsWith('choice')) return 'custom';
	const attribute = choice.slice('choice.'.length);
	if (attribute === 'value' || attribute === '') return 'custom';
	const data = (parse(c.properties?.enumData) ?? {}) as EnumData;
	const belongs = Object.fromEntries(Object.entries(data).flatMap(([value, attrs]) => (attrs[attribute] !== undefined ? [[value, String(attrs[attribute])]] : [])));
	return { parent, attribute, belongs };
}

/** Writes (or, with null, removes) the cascade; options listed in `values` only. */
export function setCascade(c: FormioComponent, cascade: Cascade | null, values: readonly string[]): void {
	const props = (c.properties ??= {});
	if (!cascade) {
		delete props.choiceFilter;
		delete props.enumData;
		return;
	}
	const data: EnumData = {};
	for (const value of values) {
		const belongs = cascade.belongs[value];
		if (belongs) data[value] = { [cascade.attribute]: belongs };
	}
	props.enumData = JSON.stringify(data);
	props.choiceFilter = JSON.stringify({ '==': [{ var: `choice.${cascade.attribute}` }, { var: cascade.parent }] });
}

/** After the options changed: drops what belonged to options that are gone (custom filters too). */
export function pruneCascade(c: FormioComponent, values: readonly string[]): void {
	const data = parse(c.properties?.enumData) as EnumData | undefined;
	if (!data || !c.properties) return;
	const kept = Object.fromEntries(Object.entries(data).filter(([value]) => values.includes(value)));
	c.properties.enumData = JSON.stringify(kept);
}

/** The questions a field's options may depend on: single-choice fields other than itself. */
export function cascadeParents(targets: readonly ConditionTarget[]): ConditionTarget[] {
	return targets.filter((t) => t.kind === 'options' && !t.numeric);
}

/** A condition target's variable (`data.x`, `row.x`) as the definition path a filter reads. */
export const pathOfTarget = (variable: string): string => variable.replace(/^data\./, '');

/** A default attribute name from the parent's path (`group.province` → `province`). */
export const attributeFor = (parent: string): string => parent.split('.').pop()!.replace(/[^A-Za-z0-9_]/g, '_');

/** Follows a renamed field into every cascade that reads it (definition paths, no `data.`). */
export function renameCascadeVars(form: { components: FormioComponent[] }, before: string, after: string): void {
	for (const { component } of locateAll(form)) {
		const filter = parse(component.properties?.choiceFilter);
		if (filter !== undefined && component.properties) component.properties.choiceFilter = JSON.stringify(renamedLogic(filter, before, after));
	}
}
