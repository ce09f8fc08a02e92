// The builder's "Default answer" for a field: which fields offer one (answer fields that are not
// places, calculations, groups or sections) and how the panel's text is read into the component's
// `defaultValue` (the form engine writes it as the definition's `default` and checks it fits).
import type { FormioComponent } from '$engine';
import { paletteIdOf, type PaletteId } from './palette';

const OFFERED: ReadonlySet<PaletteId> = new Set(['text', 'textarea', 'number', 'faces', 'select', 'radio', 'multiselect', 'checkbox', 'date']);

export function offersDefault(c: FormioComponent): boolean {
	const kind = paletteIdOf(c);
	return kind !== 'unknown' && OFFERED.has(kind) && !(c.calculateValue && typeof c.calculateValue === 'object');
}

/** The default as the panel shows it: text, or the chosen values of a multiselect. */
export function defaultOf(c: FormioComponent): string | string[] | boolean {
	const value = c.defaultValue;
	if (c.type === 'checkbox') return value === true;
	if (c.type === 'select' && c.multiple) return Array.isArray(value) ? value.map(String) : [];
	return value === undefined || value === null ? '' : String(value);
}

/** Sets (or, with '' / [] / false, clears) the component's default from the panel's value. */
export function setDefault(c: FormioComponent, value: string | string[] | boolean): void {
	const numeric = c.type === 'number' || c.dataType === 'number';
	if (value === '' || value === false || (Array.isArray(value) && value.length === 0)) {
		delete c.defaultValue;
		return;
	}
	if (typeof value === 'string' && numeric) {
		const n = Number(value);
		if (Number.isFinite(n)) c.defaultValue = n;
		return;
	}
	c.defaultValue = value;
}
