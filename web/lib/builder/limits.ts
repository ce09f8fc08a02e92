// The builder's limits for a field, as the form engine reads them back from Form.io (from-component.ts):
// text and long text: shortest/longest (validate.minLength/maxLength); number: smallest/largest
// (validate.min/max); several choices: fewest/most picked (properties.minItems/maxItems); repeat
// group: fewest/most rows (validate.minLength/maxLength). The definition checks then apply (a
// minimum above its maximum is refused when saving, with the field named).
import type { FormioComponent } from '$engine';
import { paletteIdOf } from './palette';

export type LimitKind = 'length' | 'value' | 'choices' | 'rows';

export function limitKindOf(c: FormioComponent): LimitKind | null {
	switch (paletteIdOf(c)) {
		case 'text':
		case 'textarea':
			return 'length';
		case 'number':
			return 'value';
		case 'multiselect':
			return 'choices';
		case 'repeat':
			return 'rows';
		default:
			return null;
	}
}

function read(value: unknown): string {
	return typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? value : '';
}

/** The two limits as the panel shows them ('' = none). */
export function limitsOf(c: FormioComponent): { min: string; max: string } {
	const kind = limitKindOf(c);
	const v = (c.validate ?? {}) as Record<string, unknown>;
	if (kind === 'value') return { min: read(v.min), max: read(v.max) };
	if (kind === 'choices') return { min: read(c.properties?.minItems), max: read(c.properties?.maxItems) };
	return { min: read(v.minLength), max: read(v.maxLength) };
}

/** Sets one limit ('' removes it). Lengths and counts are whole numbers from 0; values any number. */
export function setLimit(c: FormioComponent, which: 'min' | 'max', text: string): boolean {
	const kind = limitKindOf(c);
	if (!kind) return false;
	const value = text.trim() === '' ? null : Number(text);
	if (value !== null && (!Number.isFinite(value) || (kind !== 'value' && (!Number.isInteger(value) || value < 0)))) return false;
	if (kind === 'choices') {
		const props = (c.properties ??= {});
		const name = which === 'min' ? 'minItems' : 'maxItems';
		if (value === null) delete props[name];
		else props[name] = String(value);
		return true;
	}
	const v = (c.validate ??= {}) as Record<string, unknown>;
	const name = kind === 'value' ? which : which === 'min' ? 'minLength' : 'maxLength';
	if (value === null) delete v[name];
	else v[name] = value;
	return true;
}
