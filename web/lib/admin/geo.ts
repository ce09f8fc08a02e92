// Geography look-ups for the admin pages: units under a parent, names for codes, child counts.
import { gql, gqlAliased, inAliasBatches, type Fetch } from '$lib/api';
import { AdminUnitFragmentDoc, GeoChildrenDocument, PathDocument, UnitCodeFragmentDoc, type AdminUnitFragment } from '$lib/api/generated/graphql';
import type { Lang } from '$lib/i18n';

export type GeoUnit = AdminUnitFragment;
export const GEO_LEVELS = ['province', 'district', 'commune', 'village'] as const;

export function levelOfCode(code: string): string {
	return GEO_LEVELS[code.length / 2 - 1] ?? 'province';
}

export function unitName(unit: Pick<GeoUnit, 'nameKm' | 'nameEn'> | undefined | null, lang: Lang): string {
	if (!unit) return '';
	return (lang === 'km' ? unit.nameKm || unit.nameEn : unit.nameEn || unit.nameKm) ?? '';
}

export function unitType(unit: Pick<GeoUnit, 'unitTypeKm' | 'unitTypeEn'>, lang: Lang): string {
	return lang === 'km' ? unit.unitTypeKm : unit.unitTypeEn;
}

/** Children of `parent` ('' = provinces). */
export async function geoChildren(parent: string, fetchFn: Fetch = fetch): Promise<GeoUnit[]> {
	const data = await gql(GeoChildrenDocument, parent ? { parent, level: null } : { parent: null, level: 'province' }, fetchFn);
	return data.geoUnits;
}

/** Province first, ending with the unit. */
export async function geoPath(code: string, fetchFn: Fetch = fetch): Promise<GeoUnit[]> {
	return (await gql(PathDocument, { code }, fetchFn)).geoPath;
}

/** The units for these codes (one request, aliased); unknown codes are absent. */
export async function geoUnitsByCode(codes: string[], fetchFn: Fetch = fetch): Promise<Map<string, GeoUnit>> {
	const unique = [...new Set(codes.filter((c) => /^\d{2}(\d{2}){0,3}$/.test(c)))];
	const out = new Map<string, GeoUnit>();
	if (unique.length === 0) return out;
	await inAliasBatches(unique, async (batch) => {
		const fields = batch.map((c, i) => `u${i}: geoUnit(code: "${c}")`);
		const data = await gqlAliased('one', { name: 'GeoNames', fragment: AdminUnitFragmentDoc, fields }, fetchFn);
		for (const unit of Object.values(data)) if (unit) out.set(unit.code, unit);
	});
	return out;
}

/** Every ancestor code and the code itself (060101 → 06, 0601, 060101). */
export function pathCodes(code: string): string[] {
	const out: string[] = [];
	for (let n = 2; n <= code.length; n += 2) out.push(code.slice(0, n));
	return out;
}

/** Names of a code's path for display: "Kampong Thom › Baray › Bak Sna". */
export function pathLabel(code: string, units: Map<string, GeoUnit>, lang: Lang): string {
	return pathCodes(code)
		.map((c) => unitName(units.get(c), lang) || c)
		.join(' › ');
}

/** How many children each of `codes` has (one request, aliased). */
export async function childCounts(codes: string[], fetchFn: Fetch = fetch): Promise<Map<string, number>> {
	const out = new Map<string, number>();
	if (codes.length === 0) return out;
	if (codes.some((c) => !/^\d{2}(\d{2}){0,3}$/.test(c))) throw new Error('bad geography code');
	await inAliasBatches(codes, async (batch) => {
		const fields = batch.map((c, i) => `c${i}: geoUnits(parent: "${c}")`);
		const data = await gqlAliased('list', { name: 'GeoCounts', fragment: UnitCodeFragmentDoc, fields }, fetchFn);
		batch.forEach((c, i) => out.set(c, data[`c${i}`]?.length ?? 0));
	});
	return out;
}
