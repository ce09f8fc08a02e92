// Browser-side use of the form engine ($engine): the Form.io JSON for one language, tuned for
// small screens, and the same validation verdict the server gives. Imported lazily by the fill page
// (it pulls in Ajv), never by pages that only list or show data.
import { defaultAnswers, DefinitionError, toFormio, unsafeEnumValues, validate, type Definition, type FormioComponent, type FormioForm } from '$engine';
import type { FieldError } from './api';
import type { DefinitionSchema } from './definition';
import type { Lang } from './i18n';

export { attachChoiceFilters, type ChoiceForm } from './choices/cascade';

/** Small-screen tuning: repeat rows are stacked cards whose fields show their own labels; native selects. */
function tune(components: FormioComponent[], inGrid: boolean): FormioComponent[] {
	return components
		.filter((c) => c.type !== 'button')
		.map((c) => {
			const tuned: FormioComponent = { ...c };
			// A section holding one group/repeat of the same name would show the title twice.
			const only = c.type === 'panel' && c.components?.length === 1 ? c.components[0] : undefined;
			const children = only && only.label === c.title ? [{ ...only, hideLabel: true }] : c.components;
			if (inGrid) tuned.dataGridLabel = true;
			// A native <select> is lighter and opens the phone's own picker (no choices.js search box).
			if (c.type === 'select') tuned.widget = 'html5';
			if (children) tuned.components = tune(children, c.type === 'datagrid' || (inGrid && c.type !== 'datagrid'));
			return tuned;
		});
}

export function formFor(schema: DefinitionSchema, lang: Lang): FormioForm {
	// Option values reach formio.js's HTML; one saved before they had to be tokens is not rendered.
	const unsafe = unsafeEnumValues(schema);
	if (unsafe.length) throw new DefinitionError(unsafe);
	const form = toFormio(schema as unknown as Definition, lang);
	return { ...form, components: tune(form.components, false) };
}

/** The answers a new form starts with (the fields' default answers). */
export function startingAnswers(schema: DefinitionSchema): Record<string, unknown> {
	return defaultAnswers(schema as unknown as Definition);
}

export function check(schema: DefinitionSchema, data: unknown): { errors: FieldError[]; data: Record<string, unknown> } {
	const result = validate(schema as unknown as Definition, data);
	return {
		errors: result.errors as unknown as FieldError[],
		data: (result.data ?? {}) as Record<string, unknown>,
	};
}
