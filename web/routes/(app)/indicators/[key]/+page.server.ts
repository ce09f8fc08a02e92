import { error, isHttpError, isRedirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { dictionary } from '$lib/i18n';
import { failLoad } from '$lib/server/load-errors';
import { enumLabelsFor } from '$lib/indicators/format';
import { AREA_LEVELS, childLevel, childPlaces, isCode, levelsBelow, placePath, placesByCode, type AreaLevel } from '$lib/indicators/geo';
import { fetchFormSchemas, fetchIndicator, fetchManyValues, type ValuesArgs } from '$lib/indicators/queries';

const PERIOD_KINDS = ['year', 'quarter', 'month'] as const;
type PeriodKind = (typeof PERIOD_KINDS)[number];
const PERIOD_RE: Record<PeriodKind, RegExp> = { year: /^\d{4}$/, quarter: /^\d{4}-Q[1-4]$/, month: /^\d{4}-(0[1-9]|1[0-2])$/ };

export const load: PageServerLoad = async ({ fetch, locals, params, url }) => {
	const q = url.searchParams;
	const rawScope = q.get('scope') ?? '';
	const scope = isCode(rawScope) && rawScope.length <= 6 ? rawScope : '';
	const periodKind: PeriodKind = (PERIOD_KINDS as readonly string[]).includes(q.get('periodKind') ?? '') ? (q.get('periodKind') as PeriodKind) : 'year';
	const rawPeriod = q.get('period') ?? '';
	const period = PERIOD_RE[periodKind].test(rawPeriod) ? rawPeriod : '';
	const below = levelsBelow(scope);
	const rawLevel = q.get('level') ?? '';
	const level: AreaLevel = (below as string[]).includes(rawLevel) ? (rawLevel as AreaLevel) : (childLevel(scope) ?? 'commune');
	try {
		const indicator = await fetchIndicator(fetch, params.key, locals.lang);
		if (!indicator) error(404, { message: dictionary(locals.lang).error.notFound });
		const def = indicator.definition;
		const categories = def.categories ?? [];
		const rawBy = q.get('by') ?? '';
		const by = categories.some((c) => c.key === rawBy) ? rawBy : '';
		const hasRespondent = categories.some((c) => c.key === 'respondent');
		const compareCat = hasRespondent
			? (by && by !== 'respondent' ? by : (categories.find((c) => c.key === 'criterion') ?? categories.find((c) => c.key !== 'respondent'))?.key ?? '')
			: '';

		const base: ValuesArgs = { period, scope };
		const requests: Array<{ key: string } & ValuesArgs> = [
			{ key: indicator.key, ...base, groupBy: [level] },
			{ key: indicator.key, scope, groupBy: [periodKind] },
		];
		if (by) requests.push({ key: indicator.key, ...base, groupBy: [level, by] });
		if (hasRespondent) requests.push({ key: indicator.key, ...base, groupBy: compareCat ? [compareCat, 'respondent'] : ['respondent'] });
		const [results, schemas, path, provinces] = await Promise.all([
			fetchManyValues(fetch, requests),
			fetchFormSchemas(fetch, def.sources.map((s) => s.form)),
			placePath(scope, fetch),
			childPlaces('', fetch),
		]);
		const [byArea = [], trend = []] = results;
		const split = by ? (results[2] ?? []) : [];
		const compare = hasRespondent ? (results[by ? 3 : 2] ?? []) : [];
		const places = await placesByCode(byArea.map((v) => v.dimensions[level] ?? ''), fetch);
		return {
			indicator,
			scope,
			level,
			levels: below.length ? below : (['commune'] as AreaLevel[]),
			periodKind,
			period,
			by,
			compareCat,
			byArea,
			split,
			trend,
			compare,
			places: Object.fromEntries(places),
			path,
			provinces: provinces.filter((p) => p.lat !== null && p.lng !== null),
			enumLabels: enumLabelsFor(categories, def.sources, schemas),
			allLevels: AREA_LEVELS,
		};
	} catch (cause) {
		if (isHttpError(cause) || isRedirect(cause)) throw cause;
		failLoad(cause, url, locals.lang);
	}
};
