import { error } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';
import { adminRights } from '$lib/admin/permissions';
import { dictionary } from '$lib/i18n';

/** Admin pages need one of user.manage, audit.read, geo.import or webhook.manage (the server checks every call too). */
export const load: LayoutServerLoad = async ({ parent, locals }) => {
	const { me } = await parent();
	const rights = adminRights(me?.grants);
	if (!rights.users && !rights.audit && !rights.geography && !rights.webhooks) error(403, { message: dictionary(locals.lang).error.forbidden, code: 'FORBIDDEN' });
	return { rights };
};
