import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { dictionary } from '$lib/i18n';
import { fetchDefinition } from '$lib/queries';
import { failLoad } from '$lib/server/load-errors';

export const load: PageServerLoad = async ({ fetch, locals, params, url }) => {
	const rawVersion = url.searchParams.get('version');
	const version = rawVersion && /^[1-9]\d{0,8}$/.test(rawVersion) ? Number(rawVersion) : null;
	let definition;
	try {
		definition = await fetchDefinition(fetch, params.key, version, locals.lang);
	} catch (cause) {
		failLoad(cause, url, locals.lang);
	}
	if (!definition || definition.kind !== 'form') error(404, { message: dictionary(locals.lang).error.notFound });
	return { definition, helpPage: 'fill' };
};
