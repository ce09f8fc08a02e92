// Why: what the builder adds to formio's canvas (selected and faulty fields marked, a "?" help link
// per field, faces drawn like the fill page), kept apart from the workspace state: plain DOM work
// over the canvas element and the working Form.io JSON.
import type { FormioForm } from '$engine';
import { allKeys, locate } from './form-model';
import type { Problem } from './problems';

type Tagged = HTMLElement & { formioComponent?: { key?: string; component?: { key?: string } } };

/** Key of the field a canvas element shows: formio's back-reference, else its formio-component-<key> class. */
export function componentKeyOf(el: HTMLElement, working: FormioForm | null): string | undefined {
	const tagged = (el as Tagged).formioComponent ?? (el.querySelector(':scope > [ref=component], :scope > .formio-component') as Tagged | null)?.formioComponent;
	const key = tagged?.component?.key ?? tagged?.key;
	if (key) return key;
	const inner = el.querySelector(':scope > .formio-component');
	if (!inner || !working) return undefined;
	const keys = allKeys(working);
	const names = [...inner.classList].filter((c) => c.startsWith('formio-component-')).map((c) => c.slice('formio-component-'.length));
	return names.reverse().find((n) => keys.has(n));
}

/** The canvas shows faces like the fill page: our SVGs instead of emoji (display only). */
function showFaces(el: HTMLElement) {
	el.classList.add('sa-faces-canvas');
	for (const span of el.querySelectorAll<HTMLElement>('.form-check-label span')) {
		const text = span.textContent ?? '';
		const space = text.indexOf(' ');
		if (space > 0 && /[^\p{L}\p{N}]/u.test(text.slice(0, space))) span.textContent = text.slice(space + 1);
	}
}

/** The help page's anchor for a field (its palette entry). */
function paletteAnchor(c: { type: string; inputType?: unknown; multiple?: unknown; properties?: Record<string, string> }): string {
	const widget = c.properties?.widget;
	if (widget) return widget;
	return { textfield: c.inputType === 'date' ? 'date' : 'text', container: 'group', datagrid: 'repeat', panel: 'section', select: c.multiple ? 'multiselect' : 'select' }[c.type] ?? c.type;
}

export interface CanvasState {
	host: HTMLElement | undefined;
	working: FormioForm | null;
	selectedKey: string | null;
	problems: Problem[];
	/** The help link's label and title. */
	helpLabel: string;
}

/** Marks the selected field and fields with problems in the canvas, and adds a "?" to each (next frame). */
export function decorateCanvas(read: () => CanvasState): void {
	requestAnimationFrame(() => {
		const { host, working, selectedKey, problems, helpLabel } = read();
		if (!host) return;
		const byKey = new Map(problems.filter((p) => p.key).map((p) => [p.key as string, p.message]));
		for (const el of host.querySelectorAll<HTMLElement>('.builder-component')) {
			const key = componentKeyOf(el, working);
			el.classList.toggle('sa-selected', !!key && key === selectedKey);
			const message = key ? byKey.get(key) : undefined;
			el.classList.toggle('sa-problem', !!message);
			if (message) el.dataset.problem = message;
			else delete el.dataset.problem;
			const component = key && working ? locate(working, key)?.component : undefined;
			if (component?.properties?.widget === 'faces') showFaces(el);
			const group = el.querySelector(':scope > .component-btn-group');
			if (key && group && !group.querySelector('.sa-field-help')) {
				const at = working ? locate(working, key) : undefined;
				const link = document.createElement('a');
				link.className = 'sa-field-help';
				link.textContent = '?';
				link.target = '_blank';
				link.rel = 'noopener';
				link.href = `/help/builder#${at ? paletteAnchor(at.component) : ''}`;
				link.setAttribute('aria-label', helpLabel);
				link.title = helpLabel;
				group.prepend(link);
			}
		}
	});
}
