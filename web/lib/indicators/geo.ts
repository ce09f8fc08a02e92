// Places for the indicator pages: names and coordinates by code, the path of a scope for the
// breadcrumb, and the levels below a scope.
import { gql, gqlAliased, inAliasBatches, type Fetch } from '$lib/api';
import { ChildPlacesDocument, PlaceFragmentDoc, PlacePathDocument, type PlaceFragment } from '$lib/api/generated/graphql';
import type { Lang } from '$lib/i18n';

export type Place = PlaceFragment;
export const AREA_LEVELS = ['province', 'district', 'commune'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

export const isCode = (c: string) => /^\d{2}(\d{2}){0,3}$/.test(c);

/** The level of a code: 2 digits province, 4 district, 6 commune. */
export function levelOf(code: string): AreaLevel | 'country' {
	if (code === '') return 'country';
	return AREA_LEVELS[code.length / 2 - 1] ?? 'commune';
}

/** The area levels strictly below `scope` ('' = country). */
export function levelsBelow(scope: string): AreaLevel[] {
	return AREA_LEVELS.slice(scope.length / 2);
}

export function childLevel(scope: string): AreaLevel | null {
	return levelsBelow(scope)[0] ?? null;
}

export function placeName(p: Pick<Place, 'nameKm' | 'nameEn'> | undefined | null, lang: Lang): string {
	if (!p) return '';
	return (lang === 'km' ? p.nameKm || p.nameEn : p.nameEn || p.nameKm) ?? '';
}

/** Units for these codes in one request (aliased geoUnit); unknown codes are absent. */
export async function placesByCode(codes: string[], fetchFn: Fetch = fetch): Promise<Map<string, Place>> {
	const unique = [...new Set(codes.filter(isCode))];
	const out = new Map<string, Place>();
	if (unique.length === 0) return out;
	await inAliasBatches(unique, async (batch) => {
		const fields = batch.map((c, i) => `u${i}: geoUnit(code: "${c}")`);
		const data = await gqlAliased('one', { name: 'Places', fragment: PlaceFragmentDoc, fields }, fetchFn);
		for (const unit of Object.values(data)) if (unit) out.set(unit.code, unit);
	});
	return out;
}

/** Children of a unit, or the provinces for ''. */
export async function childPlaces(parent: string, fetchFn: Fetch = fetch): Promise<Place[]> {
	const data = await gql(ChildPlacesDocument, parent ? { parent, level: null } : { parent: null, level: 'province' }, fetchFn);
	return data.geoUnits;
}

/** Province first, ending with the unit ([] when unknown). */
export async function placePath(code: string, fetchFn: Fetch = fetch): Promise<Place[]> {
	if (!isCode(code)) return [];
	const data = await gql(PlacePathDocument, { code }, fetchFn);
	return data.geoPath;
}

/** Areas the user may read indicators for ('' = whole country): every role holds indicator.read. */
export function readScopes(grants: Array<{ scope: string }> | undefined | null): string[] {
	const scopes = [...new Set((grants ?? []).map((g) => g.scope))];
	return scopes.includes('') ? [''] : scopes;
}

/** True when `code` ('' = country) lies inside one of `scopes`. */
export function covered(scopes: string[], code: string): boolean {
	return scopes.some((s) => s === '' || (code !== '' && code.startsWith(s)));
}

/** True when a unit may be offered: inside a scope, or on the way down to one. */
export function reachable(scopes: string[], code: string): boolean {
	return covered(scopes, code) || scopes.some((s) => s.startsWith(code));
}

/** Every ancestor code and the code itself (060101 → 06, 0601, 060101). */
export function pathCodes(code: string): string[] {
	const out: string[] = [];
	for (let n = 2; n <= code.length; n += 2) out.push(code.slice(0, n));
	return out;
}
