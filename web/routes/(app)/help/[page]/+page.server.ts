// One help page: the published version, or ?version=N for help editors (drafts included).
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { fetchHelpPage } from '$lib/help/queries';
import { isHelpEditor, safeFrom } from '$lib/help/permissions';
import { helpTexts } from '$lib/help/texts';
import { failLoad } from '$lib/server/load-errors';

export const load: PageServerLoad = async ({ fetch, params, url, locals, parent }) => {
	const raw = url.searchParams.get('version');
	const version = raw && /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : undefined;
	let help;
	try {
		help = await fetchHelpPage(fetch, params.page, version);
	} catch (cause) {
		failLoad(cause, url, locals.lang);
	}
	if (!help) error(404, { message: helpTexts(locals.lang).page.notFound });
	const { me } = await parent();
	return { help, from: safeFrom(url.searchParams.get('from')), canEdit: isHelpEditor(me) };
};
