// The help centre: the published pages, a search (?q=), a role filter (?role=), and the "?" of a
// page without script (?for=<route>&from=<path>), which goes straight to that page's help.
import { isRedirect, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { fetchHelpForRoute, fetchHelpPages, searchHelp } from '$lib/help/queries';
import { isHelpEditor, safeFrom } from '$lib/help/permissions';
import { failLoad } from '$lib/server/load-errors';

export const load: PageServerLoad = async ({ fetch, url, locals, parent }) => {
	const forRoute = url.searchParams.get('for');
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
	try {
		if (forRoute) {
			const [first] = await fetchHelpForRoute(fetch, forRoute.slice(0, 200));
			const from = safeFrom(url.searchParams.get('from'));
			if (first) redirect(303, `/help/${first.key}${from ? `?from=${encodeURIComponent(from)}` : ''}`);
		}
		const [pages, hits, { me }] = await Promise.all([fetchHelpPages(fetch), q ? searchHelp(fetch, q, locals.lang) : Promise.resolve(null), parent()]);
		return { pages, hits, q, role: url.searchParams.get('role') ?? '', canEdit: isHelpEditor(me) };
	} catch (cause) {
		if (isRedirect(cause)) throw cause;
		failLoad(cause, url, locals.lang);
	}
};
