// The narrative of a monthly report, for those who may write it (report.write; the server checks the
// area again when saving). ?month=YYYY-MM&scope=<code> ('' = the whole country).
import { error, isHttpError } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { gql } from '$lib/api';
import { ReportNarrativeDocument } from '$lib/api/generated/graphql';
import { can } from '$lib/admin/permissions';
import { dictionary } from '$lib/i18n';
import { isCode } from '$lib/indicators/geo';
import { failLoad } from '$lib/server/load-errors';

export const load: PageServerLoad = async ({ fetch, locals, parent, url }) => {
	const { me } = await parent();
	if (!me || !can(me.grants, 'report.write')) error(403, { message: dictionary(locals.lang).error.forbidden });
	const rawMonth = url.searchParams.get('month') ?? '';
	const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(rawMonth) ? rawMonth : new Date().toISOString().slice(0, 7);
	const rawScope = url.searchParams.get('scope') ?? '';
	// A country-wide writer starts at the country; others at their first area.
	const scopes = [...new Set(me.grants.map((g) => g.scope))];
	const scope = isCode(rawScope) ? rawScope : scopes.includes('') ? '' : (scopes[0] ?? '');
	try {
		const narrative = (await gql(ReportNarrativeDocument, { month, area: scope }, fetch)).reportNarrative;
		return { month, scope, narrative };
	} catch (cause) {
		if (isHttpError(cause)) throw cause;
		failLoad(cause, url, locals.lang);
	}
};
