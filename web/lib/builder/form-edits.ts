// Why: the builder's edits of the working Form.io JSON that are not formio's own drag-and-drop
// (adding a field where the selection is, preparing the form for conversion), as plain functions.
import type { FormioForm } from '$engine';
import type { Lang } from '$lib/i18n';
import { allKeys, locate, locateAll, uniqueKey, withoutButtons } from './form-model';
import { componentFor, type PaletteId, type PaletteWords } from './palette';

export const clone = (form: FormioForm): FormioForm => JSON.parse(JSON.stringify(form)) as FormioForm;

/** Adds a palette field after (or into) the selected one, or at the end; answers the new key. */
export function addField(form: FormioForm, id: PaletteId, selectedKey: string | null, lang: Lang, words: PaletteWords): string {
	const taken = allKeys(form);
	const key = uniqueKey(taken, id === 'section' ? 'section' : id);
	const component = componentFor(id, key, lang, words, uniqueKey(taken, 'question'));
	const at = selectedKey ? locate(form, selectedKey) : undefined;
	const nests = id === 'group' || id === 'repeat';
	if (id === 'section') {
		const loose = form.components.filter((c) => c.type !== 'panel');
		if (loose.length) {
			const first = componentFor('section', uniqueKey(taken, 'section'), lang, words);
			first.components = loose;
			form.components = [first, ...form.components.filter((c) => c.type === 'panel')];
		}
		form.components.push(component);
	} else if (at && ['container', 'panel'].includes(at.component.type) && at.component.properties?.widget !== 'gps') {
		(at.component.components ??= []).push(component);
	} else if (at && at.component.type === 'datagrid' && !nests) {
		(at.component.components ??= []).push(component);
	} else if (at && !(nests && at.repeatKey)) {
		at.siblings.splice(at.index + 1, 0, component);
	} else {
		const panels = form.components.filter((c) => c.type === 'panel');
		(panels.length ? ((panels[panels.length - 1] as (typeof panels)[number]).components ??= []) : form.components).push(component);
	}
	return key;
}

/** The builder's form as a definition candidate: no buttons, explicit display order everywhere. */
export function prepared(working: FormioForm | null, lang: Lang): FormioForm {
	const form = withoutButtons(clone(working ?? ({ components: [] } as unknown as FormioForm)));
	form.properties = { ...(form.properties ?? {}), order: 'true', locale: lang, kind: form.properties?.kind ?? 'form' };
	for (const at of locateAll(form)) {
		if (at.component.type === 'container' || at.component.type === 'datagrid') {
			at.component.properties = { ...(at.component.properties ?? {}), order: 'true', additionalProperties: 'false' };
		}
	}
	return form;
}
