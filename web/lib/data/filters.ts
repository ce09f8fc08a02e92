// The data page's filters live in the URL (?version=&geo=&from=&to=&states=), so a filtered view can be
// bookmarked and shared; the same values feed the GraphQL `filter` and the export links. Review states
// go as one comma-separated lower-case list (`states=received,has_issues`, as the exports take them).
import type { Lang } from '$lib/i18n';
import { isReviewState } from '$lib/review/types';
import type { SubmissionFilter } from './queries';

const GEO = /^(\d{2}|\d{4}|\d{6}|\d{8})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface ParsedFilter {
	filter: SubmissionFilter;
	/** The raw values, to refill the inputs. */
	values: { version: string; geo: string; from: string; to: string; states: string };
	invalid: boolean;
}

export function parseFilter(params: URLSearchParams): ParsedFilter {
	const values = {
		version: params.get('version') ?? '',
		geo: (params.get('geo') ?? '').trim(),
		from: params.get('from') ?? '',
		to: params.get('to') ?? '',
		states: (params.get('states') ?? '').trim(),
	};
	const filter: SubmissionFilter = {};
	let invalid = false;
	if (values.version) {
		if (/^[1-9]\d{0,8}$/.test(values.version)) filter.version = Number(values.version);
		else invalid = true;
	}
	if (values.geo) {
		if (GEO.test(values.geo)) filter.geo = values.geo;
		else invalid = true;
	}
	for (const bound of ['from', 'to'] as const) {
		if (!values[bound]) continue;
		if (DATE.test(values[bound])) filter[bound] = values[bound];
		else invalid = true;
	}
	if (values.states) {
		const states = [...new Set(values.states.split(',').map((v) => v.trim().toUpperCase()))].filter(Boolean);
		if (states.every(isReviewState)) filter.states = states;
		else invalid = true;
	}
	return { filter, values, invalid };
}

/** Query string of the filter (without paging), for links. */
export function filterQuery(filter: SubmissionFilter): URLSearchParams {
	const params = new URLSearchParams();
	for (const [name, value] of Object.entries(filter)) {
		if (value === undefined || value === null || value === '') continue;
		if (Array.isArray(value)) {
			if (value.length) params.set(name, value.join(',').toLowerCase());
		} else params.set(name, String(value));
	}
	return params;
}

export function exportHref(key: string, format: 'csv' | 'xlsx' | 'zip', filter: SubmissionFilter, lang: Lang, words = false, files = false): string {
	const params = filterQuery(filter);
	params.set('lang', lang);
	// Choice answers and review states as words (labels) instead of the stored codes.
	if (words) params.set('values', 'labels');
	// ZIP: the photo, signature and audio files too (media/<id>.<ext>), not only their links.
	if (files && format === 'zip') params.set('files', '1');
	return `/export/${encodeURIComponent(key)}.${format}?${params.toString()}`;
}
