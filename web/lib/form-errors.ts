// Error plumbing between the engine/server verdict (dotted data paths such as `criteria.0.score`)
// and formio.js (component paths such as `criteria[0].score`), plus the summary shown above a form.
import type { FieldError } from './api';
import { labelForPath, type DefinitionSchema } from './definition';
import { pick, type Lang } from './i18n';

export interface SummaryItem {
	/** formio component path to focus, when the field is on screen */
	target: string;
	label: string;
	message: string;
}

export function toFormioPath(path: string): string {
	return path.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

/** Errors in the shape `Webform.showErrors` expects, so each message appears under its field. */
export function toFormioErrors(errors: FieldError[], lang: Lang): Array<Record<string, unknown>> {
	return errors.map((e) => ({
		message: pick(e.message, lang),
		path: toFormioPath(e.path),
		level: 'error',
		fromServer: true,
	}));
}

export function summaryFromFieldErrors(errors: FieldError[], schema: DefinitionSchema, lang: Lang): SummaryItem[] {
	return errors.map((e) => ({
		target: toFormioPath(e.path),
		label: labelForPath(schema, e.path, lang),
		message: pick(e.message, lang),
	}));
}

interface FormioError {
	message?: string;
	path?: string | Array<string | number>;
	component?: { key?: string; label?: string };
	context?: { path?: string; label?: string };
}

export function summaryFromFormio(errors: unknown): SummaryItem[] {
	const list = (Array.isArray(errors) ? errors : [errors]) as FormioError[];
	const seen = new Set<string>();
	const items: SummaryItem[] = [];
	for (const e of list) {
		if (!e || typeof e !== 'object') continue;
		const target = e.context?.path ?? (typeof e.path === 'string' ? e.path : e.component?.key) ?? '';
		const message = e.message ?? '';
		const id = `${target}\u0000${message}`;
		if (seen.has(id)) continue;
		seen.add(id);
		items.push({ target, label: '', message });
	}
	return items;
}
