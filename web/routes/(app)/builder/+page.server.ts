import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { fetchAllDefinitions } from '$lib/builder/queries';
import { dictionary } from '$lib/i18n';
import { isEditor } from '$lib/navigation';
import { failLoad } from '$lib/server/load-errors';

export const load: PageServerLoad = async ({ fetch, locals, url, parent }) => {
	const { me } = await parent();
	if (!isEditor(me)) error(403, { message: dictionary(locals.lang).error.forbidden });
	try {
		return { definitions: await fetchAllDefinitions(fetch, locals.lang) };
	} catch (cause) {
		failLoad(cause, url, locals.lang);
	}
};
