// Fill page load, in the browser (no server load: the page must open offline). `?version=N` opens
// that version; without it the published one. The form renderer starts downloading first thing.
import { error } from '@sveltejs/kit';
import type { PageLoad } from './$types';
import { isApiError } from '$lib/api';
import { dictionary } from '$lib/i18n';
import { fetchDefinition } from '$lib/queries';
import { loadRenderer } from '$lib/formio-loader';

export const load: PageLoad = async ({ fetch, params, url, parent }) => {
	// The renderer downloads while the session and the definition are fetched (not after them).
	void loadRenderer().catch(() => undefined);
	const { lang } = await parent();
	const t = dictionary(lang).error;
	const rawVersion = url.searchParams.get('version');
	const version = rawVersion && /^[1-9]\d{0,8}$/.test(rawVersion) ? Number(rawVersion) : null;
	let definition;
	try {
		definition = await fetchDefinition(fetch, params.key, version, lang);
	} catch (cause) {
		const code = isApiError(cause) ? cause.code : 'INTERNAL';
		if (code === 'FORBIDDEN') error(403, { message: t.forbidden, code });
		if (code === 'NOT_FOUND') error(404, { message: t.notFound, code });
		error(code === 'NETWORK' ? 503 : 500, { message: t.generic, code });
	}
	if (!definition || definition.kind !== 'form') error(404, { message: dictionary(lang).error.notFound });
	return { definition, helpPage: 'fill' };
};
