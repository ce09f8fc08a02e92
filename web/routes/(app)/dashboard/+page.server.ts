import type { PageServerLoad } from './$types';
import { failLoad } from '$lib/server/load-errors';
import { fetchIndicators, fetchManyValues } from '$lib/indicators/queries';
import { isCode } from '$lib/indicators/geo';

export const load: PageServerLoad = async ({ fetch, locals, url }) => {
	const now = new Date();
	const rawYear = url.searchParams.get('year') ?? '';
	const year = /^\d{4}$/.test(rawYear) ? rawYear : String(now.getFullYear());
	const rawScope = url.searchParams.get('scope') ?? '';
	const scope = isCode(rawScope) && rawScope.length <= 6 ? rawScope : '';
	const rawMonth = url.searchParams.get('month') ?? '';
	const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(rawMonth) ? rawMonth : now.toISOString().slice(0, 7);
	try {
		const indicators = (await fetchIndicators(fetch, locals.lang)).filter((i) => i.status === 'PUBLISHED');
		const series = await fetchManyValues(
			fetch,
			indicators.map((i) => ({ key: i.key, groupBy: ['year'], scope })),
		);
		return { indicators, series, year, scope, month };
	} catch (cause) {
		failLoad(cause, url, locals.lang);
	}
};
