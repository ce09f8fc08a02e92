// The builder's "Default answer" for a field: which fields offer one (answer fields that are not
// places, calculations, groups, sections or inside repeats) and how the panel's value is kept: as
// JSON in the component's `default` property, which the form engine reads as the definition's
// `default` (and checks it fits). Not Form.io's defaultValue: see form-engine to-component.ts.
import { storedDefault, type FormioComponent } from '$engine';
import { paletteIdOf, type PaletteId } from './palette';

const OFFERED: ReadonlySet<PaletteId> = new Set(['text', 'textarea', 'number', 'faces', 'select', 'radio', 'multiselect', 'checkbox', 'date']);

export function offersDefault(c: FormioComponent, inRepeat: boolean): boolean {
	const kind = paletteIdOf(c);
	return !inRepeat && kind !== 'unknown' && OFFERED.has(kind) && !(c.calculateValue && typeof c.calculateValue === 'object');
}

/** The default as the panel shows it: text, the chosen values of a multiselect, or ticked. */
export function defaultOf(c: FormioComponent): string | string[] | boolean {
	const value = storedDefault(c.properties ?? {}).default;
	if (c.type === 'checkbox') return value === true;
	if (c.type === 'select' && c.multiple) return Array.isArray(value) ? value.map(String) : [];
	return value === undefined || value === null ? '' : String(value);
}

/** Sets (or, with '' / [] / false, clears) the component's default from the panel's value. */
export function setDefault(c: FormioComponent, value: string | string[] | boolean): void {
	const props = (c.properties ??= {});
	if (value === '' || value === false || (Array.isArray(value) && value.length === 0)) {
		delete props.default;
		return;
	}
	const numeric = c.type === 'number' || c.dataType === 'number';
	if (typeof value === 'string' && numeric) {
		const n = Number(value);
		if (Number.isFinite(n)) props.default = JSON.stringify(n);
		return;
	}
	props.default = JSON.stringify(value);
}
