import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { childCounts, geoChildren, geoPath, type GeoUnit } from '$lib/admin/geo';
import { dictionary } from '$lib/i18n';
import { failLoad } from '$lib/server/load-errors';

const CODE = /^\d{2}(\d{2}){0,3}$/;

export const load: PageServerLoad = async ({ fetch, parent, url, locals }) => {
	const { rights } = await parent();
	if (!rights.geography) error(403, { message: dictionary(locals.lang).error.forbidden, code: 'FORBIDDEN' });
	const raw = url.searchParams.get('unit') ?? '';
	const unit = CODE.test(raw) ? raw : '';
	try {
		const [children, path] = await Promise.all([
			geoChildren(unit, fetch),
			unit
				? geoPath(unit, fetch)
				: Promise.resolve([] as GeoUnit[]),
		]);
		// Villages have no children: count only above that level.
		const counts = unit.length < 6 ? await childCounts(children.map((c) => c.code), fetch) : new Map<string, number>();
		return { unit, children, path, counts: Object.fromEntries(counts) };
	} catch (cause) {
		failLoad(cause, url, locals.lang);
	}
};
