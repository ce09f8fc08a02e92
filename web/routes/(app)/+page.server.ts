import type { PageServerLoad } from './$types';
import { fetchDefinitions } from '$lib/queries';
import { failLoad } from '$lib/server/load-errors';

export const load: PageServerLoad = async ({ fetch, locals, url }) => {
	try {
		const definitions = await fetchDefinitions(fetch, locals.lang);
		return { definitions: definitions.filter((d) => d.kind === 'form') };
	} catch (cause) {
		failLoad(cause, url, locals.lang);
	}
};
