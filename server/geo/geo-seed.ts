// First start: the 25 province-level units shipped in definitions/geo/provinces.json, loaded only
// while geo_unit is empty. Districts, communes and villages come from an import (npm run import:geo).
import type { Kysely } from 'kysely';
import provinces from '../../definitions/geo/provinces.json' with { type: 'json' };
import type { Database } from '../db/schema';
import { countUnits, upsertUnits } from './geo.repository';

interface ShippedProvince {
  code: string;
  name_km: string;
  name_en: string;
  type_km: string;
  type_en: string;
  lat: number | null;
  lng: number | null;
}

/** Returns how many provinces were loaded (0 when geography exists already). */
export async function seedProvinces(db: Kysely<Database>): Promise<number> {
  if ((await countUnits(db)) > 0) return 0;
  const units = (provinces as ShippedProvince[]).map((p) => ({
    code: p.code,
    nameKm: p.name_km,
    nameEn: p.name_en,
    unitTypeKm: p.type_km,
    unitTypeEn: p.type_en,
    lat: p.lat,
    lng: p.lng,
    source: {},
  }));
  return (await upsertUnits(db, units, new Date())).added;
}
