import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { listUsers } from '$lib/admin/api';
import { geoUnitsByCode, pathCodes } from '$lib/admin/geo';
import { dictionary } from '$lib/i18n';
import { failLoad } from '$lib/server/load-errors';

export const load: PageServerLoad = async ({ fetch, parent, url, locals }) => {
	const { rights } = await parent();
	if (!rights.users) error(403, { message: dictionary(locals.lang).error.forbidden, code: 'FORBIDDEN' });
	const search = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
	try {
		const users = await listUsers(search, fetch);
		const codes = users.flatMap((u) => u.grants.flatMap((g) => (g.scope ? pathCodes(g.scope) : [])));
		const units = await geoUnitsByCode(codes, fetch);
		return { users, units: Object.fromEntries(units), search };
	} catch (cause) {
		failLoad(cause, url, locals.lang);
	}
};
