import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { findUser } from '$lib/admin/api';
import { dictionary } from '$lib/i18n';
import { failLoad } from '$lib/server/load-errors';

export const load: PageServerLoad = async ({ fetch, parent, params, url, locals }) => {
	const { rights, me } = await parent();
	const t = dictionary(locals.lang).error;
	if (!rights.users || !me) error(403, { message: t.forbidden, code: 'FORBIDDEN' });
	let user;
	try {
		user = await findUser(params.username, fetch);
	} catch (cause) {
		failLoad(cause, url, locals.lang);
	}
	if (!user) error(404, { message: t.notFound, code: 'NOT_FOUND' });
	return { user, managerGrants: me.grants, isSelf: me.username === user.username };
};
