// Why: officers set a text field's `pattern` by picking a safe preset or typing one. The pattern is
// kept as the engine's to-component.ts writes it (the definition's text in `properties.pattern`, the
// formio.js spelling in `validate.pattern`), so fromFormio reads the definition's text back. A typed
// pattern is checked here with the engine's own parser (form-engine/patterns/), with its reason in
// Khmer and English; whether it runs in linear time is proven by the server when the draft is saved.
import { formioPatternSource, patternProblem, type FormioComponent } from '$engine';
import { khmerReason } from '$engine/patterns/reasons';
import type { Bilingual } from './form-model';
import { paletteIdOf } from './palette';

export interface PatternPreset {
	id: 'phone' | 'digits' | 'letters' | 'code';
	pattern: string;
	label: Bilingual;
	/** An answer it accepts, shown as an example. */
	example: string;
}

/** Anchored, simple classes only: each runs in linear time on every engine. */
export const PATTERN_PRESETS: readonly PatternPreset[] = [
	{ id: 'phone', pattern: '^(?:\\+855|0)[1-9][0-9]{7,8}$', label: { en: 'Phone number in Cambodia', km: 'លេខទូរស័ព្ទនៅកម្ពុជា' }, example: '012345678, +85512345678' },
	{ id: 'digits', pattern: '^[0-9]+$', label: { en: 'Digits only', km: 'តែលេខប៉ុណ្ណោះ' }, example: '2026' },
	{ id: 'letters', pattern: '^[\\p{L}\\p{M} ]+$', label: { en: 'Letters only (Khmer or other, with spaces)', km: 'តែអក្សរប៉ុណ្ណោះ (ខ្មែរ ឬផ្សេងទៀត មានដកឃ្លា)' }, example: 'សុខ ជា, Sok Chea' },
	{ id: 'code', pattern: '^[A-Za-z0-9][A-Za-z0-9-]{0,29}$', label: { en: 'ID-like code (letters, digits, dashes)', km: 'លេខកូដ (អក្សរ លេខ សញ្ញា -)' }, example: 'KH-0012' },
];

export function offersPattern(c: FormioComponent): boolean {
	const id = paletteIdOf(c);
	return id === 'text' || id === 'textarea';
}

export function patternOf(c: FormioComponent): string {
	return c.properties?.pattern ?? '';
}

/** 'none', a preset's id, or 'custom'. */
export function presetOf(pattern: string): PatternPreset['id'] | 'none' | 'custom' {
	if (!pattern) return 'none';
	return PATTERN_PRESETS.find((p) => p.pattern === pattern)?.id ?? 'custom';
}

/** Why the engine refuses `pattern`, in both languages; null when it is in the supported language. */
export function patternReason(pattern: string): Bilingual | null {
	const reason = patternProblem(pattern);
	return reason ? { en: reason, km: khmerReason(reason) } : null;
}

/** Sets the pattern ('' removes it); a pattern the engine refuses is not written. */
export function setPattern(c: FormioComponent, pattern: string): boolean {
	const props = (c.properties ??= {});
	const v = (c.validate ??= {}) as Record<string, unknown>;
	if (pattern === '') {
		delete props.pattern;
		delete v.pattern;
		return true;
	}
	if (patternReason(pattern)) return false;
	props.pattern = pattern;
	v.pattern = formioPatternSource(pattern);
	return true;
}
