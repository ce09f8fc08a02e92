// NCDD codes grow by two digits a level (01 → 0102 → 010201 → 01020101): level and parent follow from
// the code alone, so imports need no level column and cannot disagree with it.
import type { LocalizedMessage } from '../core/problems';

export const GEO_LEVELS = ['province', 'district', 'commune', 'village'] as const;
export type GeoLevel = (typeof GEO_LEVELS)[number];

export const GEO_CODE = /^\d{2}(\d{2}){0,3}$/;

export function isGeoCode(value: string): boolean {
  return GEO_CODE.test(value);
}

export function levelOf(code: string): GeoLevel {
  return GEO_LEVELS[code.length / 2 - 1] as GeoLevel;
}

export function parentOf(code: string): string | null {
  return code.length > 2 ? code.slice(0, -2) : null;
}

export function isGeoLevel(value: string): value is GeoLevel {
  return (GEO_LEVELS as readonly string[]).includes(value);
}

/** Every ancestor code, country-side first, then the code itself (0102 → ['01', '0102']). */
export function pathCodes(code: string): string[] {
  const out: string[] = [];
  for (let n = 2; n <= code.length; n += 2) out.push(code.slice(0, n));
  return out;
}

/** Coordinates are kept to 7 decimals (about 1 cm), so re-imports do not see float noise as changes. */
export function coordinate(raw: unknown): number | null {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return null;
  const value = Number(raw);
  return Number.isFinite(value) ? Math.round(value * 1e7) / 1e7 : Number.NaN;
}

/** Unit types used when a CSV/XLSX row leaves them empty. */
export const defaultUnitType: Record<GeoLevel, LocalizedMessage> = {
  province: { km: 'ខេត្ត', en: 'Province' },
  district: { km: 'ស្រុក', en: 'District' },
  commune: { km: 'ឃុំ', en: 'Commune' },
  village: { km: 'ភូមិ', en: 'Village' },
};

/** A unit as parsed from a file, before it is checked against the database. */
export interface GeoUnitInput {
  code: string;
  nameKm: string;
  nameEn: string;
  unitTypeKm: string;
  unitTypeEn: string;
  lat: number | null;
  lng: number | null;
  /** Where it came from, for error reports: a file (or sheet) name, a 1-based row (tables) or the YAML path. */
  source: { file?: string; row?: number; yamlPath?: string };
}

export interface GeoImportError {
  file?: string;
  row?: number;
  code?: string;
  path: string;
  message: LocalizedMessage;
}

export interface ParsedGeo {
  units: GeoUnitInput[];
  /** Levels the files list completely (a YAML level file, or any level of a `complete` table). */
  completeLevels: GeoLevel[];
  errors: GeoImportError[];
}
