import type { PageServerLoad } from './$types';
import { mySessions } from '$lib/admin/api';
import { listApiTokens, managesAllTokens } from '$lib/admin/api-tokens';
import { geoUnitsByCode, pathCodes } from '$lib/admin/geo';
import { failLoad } from '$lib/server/load-errors';

export const load: PageServerLoad = async ({ fetch, parent, url, locals }) => {
	const { me } = await parent();
	try {
		const allTokens = managesAllTokens(me?.grants ?? []);
		const [sessions, apiTokens] = await Promise.all([mySessions(fetch), listApiTokens(allTokens, fetch)]);
		const units = await geoUnitsByCode((me?.grants ?? []).flatMap((g) => (g.scope ? pathCodes(g.scope) : [])), fetch);
		return { sessions, apiTokens, allTokens, units: Object.fromEntries(units) };
	} catch (cause) {
		failLoad(cause, url, locals.lang);
	}
};
