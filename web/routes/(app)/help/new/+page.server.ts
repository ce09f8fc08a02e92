// A new help page: only for help editors.
import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { isHelpEditor } from '$lib/help/permissions';
import { helpTexts } from '$lib/help/texts';
import { loginPath } from '$lib/navigation';

export const load: PageServerLoad = async ({ locals, parent, url }) => {
	const { me } = await parent();
	if (!me) redirect(303, loginPath(url.pathname));
	if (!isHelpEditor(me)) error(403, { message: helpTexts(locals.lang).page.notFound });
	return {};
};
