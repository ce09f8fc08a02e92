import type { PageServerLoad } from './$types';
import { isEditor } from '$lib/navigation';
import { failLoad } from '$lib/server/load-errors';
import { fetchIndicatorDrafts, fetchIndicators } from '$lib/indicators/queries';

export const load: PageServerLoad = async ({ fetch, locals, url, parent }) => {
	const { me } = await parent();
	try {
		const editor = isEditor(me);
		const [indicators, all] = await Promise.all([fetchIndicators(fetch, locals.lang), editor ? fetchIndicatorDrafts(fetch, locals.lang) : Promise.resolve([])]);
		const published = new Set(indicators.map((i) => i.key));
		// Editors also see indicators that exist only as drafts.
		const drafts = all.filter((d) => !published.has(d.key));
		return { indicators, drafts, editor };
	} catch (cause) {
		failLoad(cause, url, locals.lang);
	}
};
