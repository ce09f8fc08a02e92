import type { PageServerLoad } from './$types';
import { fetchDefinitions } from '$lib/queries';
import { fetchAttention } from '$lib/review/queries';
import { failLoad } from '$lib/server/load-errors';

export const load: PageServerLoad = async ({ fetch, locals, url }) => {
	try {
		// The attention card is extra: the page still opens when it cannot be had.
		const [definitions, attention] = await Promise.all([fetchDefinitions(fetch, locals.lang), fetchAttention(fetch, 8).catch(() => null)]);
		return { definitions: definitions.filter((d) => d.kind === 'form'), attention };
	} catch (cause) {
		failLoad(cause, url, locals.lang);
	}
};
