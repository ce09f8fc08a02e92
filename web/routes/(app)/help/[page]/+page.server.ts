import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { dictionary } from '$lib/i18n';

export const load: PageServerLoad = async ({ params, locals }) => {
	if (!(params.page in dictionary('en').help.pages)) error(404, { message: dictionary(locals.lang).error.notFound });
	return { page: params.page };
};
