import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { gql } from '$lib/api';
import { childCounts, geoChildren, type GeoUnit } from '$lib/admin/geo';
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
				? gql<{ geoPath: GeoUnit[] }>('query Path($code: String!) { geoPath(code: $code) { code level nameKm nameEn parentCode unitTypeKm unitTypeEn } }', { code: unit }, fetch).then((d) => d.geoPath)
				: Promise.resolve([] as GeoUnit[]),
		]);
		// Villages have no children: count only above that level.
		const counts = unit.length < 6 ? await childCounts(children.map((c) => c.code), fetch) : new Map<string, number>();
		return { unit, children, path, counts: Object.fromEntries(counts), helpPage: 'admin-geography' };
	} catch (cause) {
		failLoad(cause, url, locals.lang);
	}
};
