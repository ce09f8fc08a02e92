import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { dictionary } from '$lib/i18n';

export const load: PageServerLoad = async ({ parent, locals }) => {
	const { rights, me } = await parent();
	if (!rights.users || !me) error(403, { message: dictionary(locals.lang).error.forbidden, code: 'FORBIDDEN' });
	return { managerGrants: me.grants };
};
