import type { PageServerLoad } from './$types';
import { mySessions } from '$lib/admin/api';
import { geoUnitsByCode, pathCodes } from '$lib/admin/geo';
import { failLoad } from '$lib/server/load-errors';

export const load: PageServerLoad = async ({ fetch, parent, url, locals }) => {
	const { me } = await parent();
	try {
		const sessions = await mySessions(fetch);
		const units = await geoUnitsByCode((me?.grants ?? []).flatMap((g) => (g.scope ? pathCodes(g.scope) : [])), fetch);
		return { sessions, units: Object.fromEntries(units) };
	} catch (cause) {
		failLoad(cause, url, locals.lang);
	}
};
