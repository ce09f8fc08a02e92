// Puts a refusal (fromFormio's DefinitionError or the server's INVALID/UNSAFE_DEFINITION) next to
// the field it is about: problem paths are either Form.io paths (`components.0.components.2...`)
// or definition paths (`properties.participants.properties.female.x-label`, `x-sections.1...`).
import type { FormioComponent, FormioForm } from '$engine';
import { pick, type Lang } from '$lib/i18n';

export interface RawProblem {
	path: string;
	message: { en: string; km: string };
	code?: string;
}

export interface Problem {
	path: string;
	message: string;
	/** Key of the component the problem is about, when it maps to one. */
	key?: string;
}

function byFormioPath(form: FormioForm, segments: string[]): string | undefined {
	let list: FormioComponent[] | undefined = form.components;
	let found: string | undefined;
	for (let i = 0; i + 1 < segments.length && list; i += 2) {
		if (segments[i] !== 'components' || !/^\d+$/.test(segments[i + 1] ?? '')) break;
		const c: FormioComponent | undefined = list[Number(segments[i + 1])];
		if (!c) break;
		found = c.key;
		list = c.components;
	}
	return found;
}

/** Children of a component as the data sees them (panels are transparent). */
function dataChildren(list: FormioComponent[]): FormioComponent[] {
	return list.flatMap((c) => (c.type === 'panel' ? dataChildren(c.components ?? []) : [c]));
}

function byDefinitionPath(form: FormioForm, segments: string[]): string | undefined {
	if (segments[0] === 'x-sections' && /^\d+$/.test(segments[1] ?? '')) {
		const panels = form.components.filter((c) => c.type === 'panel');
		return panels[Number(segments[1])]?.key;
	}
	let list = dataChildren(form.components);
	let found: string | undefined;
	let i = 0;
	while (i < segments.length) {
		if (segments[i] === 'items') {
			i++;
			continue;
		}
		if (segments[i] !== 'properties') break;
		const key = segments[i + 1];
		const c = list.find((x) => x.key === key);
		if (!c) break;
		found = c.key;
		list = dataChildren(c.components ?? []);
		i += 2;
	}
	return found;
}

export function locateProblems(form: FormioForm, raw: RawProblem[], lang: Lang): Problem[] {
	return raw.map((p) => {
		const segments = p.path ? p.path.split('.') : [];
		const key = segments[0] === 'components' ? byFormioPath(form, segments) : byDefinitionPath(form, segments);
		return { path: p.path, message: pick(p.message, lang), ...(key ? { key } : {}) };
	});
}
