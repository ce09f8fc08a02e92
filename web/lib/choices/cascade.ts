// Why: cascading choices on a rendered formio form. A select, radio or multiselect whose component
// carries `properties.choiceFilter` shows only the options the filter offers for the answers so far
// (the engine's offeredOptions, the same function the server's verdict uses), re-decided on every
// change; an answer no longer offered is cleared (a multiselect drops only those picks), so what is
// sent is what the server accepts. formio.js rebuilds components (repeat rows, redraws), so each
// instance is looked at afresh on every change; the full option list is kept per component JSON.
import { offeredOptions, type FieldOption } from '$engine';

type FormioValue = { label: string; value: string | number };

interface ChoiceInstance {
	key?: string;
	data?: unknown;
	dataValue?: unknown;
	component?: { type?: string; multiple?: boolean; properties?: Record<string, string>; values?: FormioValue[]; data?: { values?: FormioValue[] } };
	setValue?(value: unknown, flags?: object): unknown;
	setItems?(items: FormioValue[]): void;
	redraw?(): unknown;
}

export interface ChoiceForm {
	data: Record<string, unknown>;
	everyComponent(fn: (component: ChoiceInstance) => unknown): void;
	on(event: string, listener: (...args: unknown[]) => void): void;
}

interface Prepared {
	filter: unknown;
	all: FormioValue[];
	options: FieldOption[];
}

const prepared = new WeakMap<object, Prepared | null>();

function parse(text: string | undefined): unknown {
	if (text === undefined) return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

function listOf(component: NonNullable<ChoiceInstance['component']>): FormioValue[] {
	return (component.type === 'radio' ? component.values : component.data?.values) ?? [];
}

/** The filter, the full option list and the options with their attributes, read once per component JSON. */
function prepare(component: NonNullable<ChoiceInstance['component']>): Prepared | null {
	if (prepared.has(component)) return prepared.get(component) ?? null;
	const filter = parse(component.properties?.choiceFilter);
	const attributes = (parse(component.properties?.enumData) ?? {}) as Record<string, Record<string, string | number>>;
	const all = [...listOf(component)];
	const result =
		typeof filter === 'object' && filter !== null
			? { filter, all, options: all.map((v) => ({ value: v.value, label: { km: v.label, en: v.label }, ...(Object.hasOwn(attributes, String(v.value)) ? { data: attributes[String(v.value)] } : {}) })) }
			: null;
	prepared.set(component, result);
	return result;
}

function sameValues(a: readonly FormioValue[], b: readonly FormioValue[]): boolean {
	return a.length === b.length && a.every((v, i) => v.value === b[i]?.value);
}

/** Shows `offered` in place of the component's options (only when they changed: a redraw loses focus). */
function show(instance: ChoiceInstance, component: NonNullable<ChoiceInstance['component']>, offered: FormioValue[]): void {
	if (sameValues(listOf(component), offered)) return;
	if (component.type === 'radio') {
		component.values = offered;
		instance.redraw?.();
	} else {
		component.data = { ...component.data, values: offered };
		instance.setItems?.(offered);
	}
}

/** Clears the picks no longer offered; true when the answer changed. */
function clearUnoffered(instance: ChoiceInstance, multiple: boolean, offered: ReadonlySet<unknown>): boolean {
	const value = instance.dataValue;
	if (multiple) {
		if (!Array.isArray(value)) return false;
		const kept = value.filter((v) => offered.has(v));
		if (kept.length === value.length) return false;
		instance.setValue?.(kept, { modified: true });
		return true;
	}
	if (value === '' || value === null || value === undefined || offered.has(value)) return false;
	instance.setValue?.('', { modified: true });
	return true;
}

function apply(form: ChoiceForm): boolean {
	let changed = false;
	form.everyComponent((instance) => {
		const component = instance.component;
		if (!component?.properties?.choiceFilter) return;
		const ready = prepare(component);
		if (!ready) return;
		// Inside a repeat, `row.` reads the instance's own row (formio's `data` of a row component).
		const row = instance.data !== form.data ? instance.data : undefined;
		const offered = offeredOptions(ready.filter, ready.options, form.data, row);
		const values = new Set<unknown>(offered.map((o) => o.value));
		// Cleared before the options change: formio's html5 select keeps (and re-adds) the option of
		// the answer it holds when its items are replaced, so the stale district stayed on screen.
		if (clearUnoffered(instance, component.multiple === true, values)) changed = true;
		show(instance, component, ready.all.filter((v) => values.has(v.value)));
	});
	return changed;
}

/** Keeps every filtered choice of `form` showing only what is offered; returns the clean-up. */
export function attachChoiceFilters(form: ChoiceForm): () => void {
	let stopped = false;
	let running = false;
	const run = () => {
		if (stopped || running) return;
		running = true;
		try {
			// A cleared answer can change what a later filter offers: settle (bounded by the field count).
			for (let pass = 0; pass < 10 && apply(form); pass++);
		} finally {
			running = false;
		}
	};
	form.on('change', run);
	run();
	return () => {
		stopped = true;
	};
}
