import type { PageServerLoad } from './$types';
import { mySessions } from '$lib/admin/api';
import { listApiTokens, listTokenForms, managesAllTokens } from '$lib/admin/api-tokens';
import { geoUnitsByCode, pathCodes } from '$lib/admin/geo';
import { failLoad } from '$lib/server/load-errors';

export const load: PageServerLoad = async ({ fetch, parent, url, locals }) => {
	const { me } = await parent();
	try {
		const allTokens = managesAllTokens(me?.grants ?? []);
		const [sessions, apiTokens, tokenForms] = await Promise.all([mySessions(fetch), listApiTokens(allTokens, fetch), listTokenForms(locals.lang, fetch)]);
		const units = await geoUnitsByCode((me?.grants ?? []).flatMap((g) => (g.scope ? pathCodes(g.scope) : [])), fetch);
		return { sessions, apiTokens, tokenForms, allTokens, units: Object.fromEntries(units) };
	} catch (cause) {
		failLoad(cause, url, locals.lang);
	}
};
