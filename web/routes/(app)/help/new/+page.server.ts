// A new help page: only for help editors.
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { isHelpEditor } from '$lib/help/permissions';
import { helpTexts } from '$lib/help/texts';

export const load: PageServerLoad = async ({ locals, parent }) => {
	const { me } = await parent();
	if (!isHelpEditor(me)) error(403, { message: helpTexts(locals.lang).page.notFound });
	return {};
};
