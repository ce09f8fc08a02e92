// Where the fill-page pickers get their lists: geoUnits and serviceProviders, each asked once per
// filler (page load) and kept in memory, so moving up and down the cascade or adding repeat rows
// never asks twice and keeps working when the connection drops after the first answer. The lists
// come from `PickerLists`: the server by default, or the offline-aware lists of the field app
// (web/lib/offline/picker-lists.ts: network first, the phone's stored copy when offline).
import { fetchGeoUnits, fetchServiceProviders, type GeoUnit, type ServiceProvider } from '$lib/queries';
import type { Lang } from '$lib/i18n';

export const GEO_LEVELS = ['province', 'district', 'commune', 'village'] as const;
export type GeoLevel = (typeof GEO_LEVELS)[number];

export function isGeoLevel(value: unknown): value is GeoLevel {
	return typeof value === 'string' && (GEO_LEVELS as readonly string[]).includes(value);
}

/** Code length of a level: 2, 4, 6, 8 digits. */
export function codeLength(level: GeoLevel): number {
	return (GEO_LEVELS.indexOf(level) + 1) * 2;
}

/** Where lists come from; `''` means the provinces / every kind. */
export interface PickerLists {
	geoUnits(parent: string): Promise<GeoUnit[]>;
	serviceProviders(kind: string): Promise<ServiceProvider[]>;
}

export const networkLists: PickerLists = {
	geoUnits: (parent) => fetchGeoUnits(parent || null),
	serviceProviders: (kind) => fetchServiceProviders(kind || null),
};

export class PickerSource {
	constructor(private readonly lists: PickerLists = networkLists) {}

	private readonly units = new Map<string, Promise<GeoUnit[]>>();
	private readonly providers = new Map<string, Promise<ServiceProvider[]>>();

	/** Children of `parent` ('' = provinces) in the user's area. A failed request is forgotten. */
	geoUnits(parent: string): Promise<GeoUnit[]> {
		let found = this.units.get(parent);
		if (!found) {
			found = this.lists.geoUnits(parent);
			this.units.set(parent, found);
			found.catch(() => this.units.delete(parent));
		}
		return found;
	}

	serviceProviders(kind: string): Promise<ServiceProvider[]> {
		let found = this.providers.get(kind);
		if (!found) {
			found = this.lists.serviceProviders(kind);
			this.providers.set(kind, found);
			found.catch(() => this.providers.delete(kind));
		}
		return found;
	}
}

/** A unit's name: Khmer, or in English the Latin name followed by the Khmer one. */
export function unitName(unit: { nameKm: string; nameEn: string }, lang: Lang): string {
	if (lang === 'km' || !unit.nameEn) return unit.nameKm || unit.nameEn;
	return unit.nameKm && unit.nameKm !== unit.nameEn ? `${unit.nameEn} (${unit.nameKm})` : unit.nameEn;
}
