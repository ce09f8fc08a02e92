// The 1–5 faces scale is drawn with our own SVGs (web/static/faces/), because cheap phones and the
// test browser often lack colour emoji. toFormio labels each option "<emoji> <word>"; this marks
// faces radios with a class for the CSS (formio-theme.css) and keeps only the localized word.
import type { FormioComponent, FormioForm } from '$engine';

export const FACES_CLASS = 'sa-faces';

function strip(label: string): string {
	// The face is the first "word"; what follows is the localized meaning.
	const space = label.indexOf(' ');
	return space > 0 && /[^\p{L}\p{N}]/u.test(label.slice(0, space)) ? label.slice(space + 1) : label;
}

function mark(components: FormioComponent[]): FormioComponent[] {
	return components.map((c) => {
		const out: FormioComponent = { ...c };
		if (c.type === 'radio' && c.properties?.widget === 'faces') {
			out.customClass = [c.customClass, FACES_CLASS].filter(Boolean).join(' ');
			out.values = (c.values ?? []).map((v) => ({ ...v, label: strip(v.label) }));
		}
		if (c.components) out.components = mark(c.components);
		return out;
	});
}

/** The same form with faces radios ready for the SVG faces look (display only; data unchanged). */
export function withFaces<T extends FormioForm>(form: T): T {
	return { ...form, components: mark(form.components) };
}
