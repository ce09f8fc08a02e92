// Checks a parsed import before anything is written: code format, duplicates, the Khmer name (the Latin
// name may be empty: the gazetteer itself has such villages), coordinates, and
// that every parent exists (in the same import, or active in the database when the import does not
// list the parent's level completely: a complete level replaces what the database has).
import { defaultUnitType, isGeoCode, levelOf, parentOf, type GeoImportError, type GeoLevel, type GeoUnitInput } from './geo-codes';
import type { LocalizedMessage } from '../core/problems';

export const MAX_REPORTED_ERRORS = 500;

const FIELD_PATHS = {
  code: ['', 'code'],
  nameKm: ['name.km', 'name_km'],
  nameEn: ['name.latin', 'name_en'],
  lat: ['geodata.lat', 'lat'],
  lng: ['geodata.long', 'lng'],
  parent: ['', 'code'],
} as const;

function errorAt(unit: GeoUnitInput, field: keyof typeof FIELD_PATHS, message: LocalizedMessage): GeoImportError {
  const [yamlField, column] = FIELD_PATHS[field];
  const { file, row, yamlPath } = unit.source;
  const path = yamlPath !== undefined ? [yamlPath, yamlField].filter(Boolean).join('.') : column;
  return { ...(file ? { file } : {}), ...(row ? { row } : {}), ...(unit.code ? { code: unit.code } : {}), path, message };
}

/**
 * Returns the errors (at most MAX_REPORTED_ERRORS, then one summary entry) and fills empty unit
 * types with the level's default. `activeInDb` holds the database's active codes.
 */
export function validateGeoImport(units: GeoUnitInput[], completeLevels: GeoLevel[], activeInDb: ReadonlySet<string>): GeoImportError[] {
  const errors: GeoImportError[] = [];
  const seen = new Set<string>();
  const inImport = new Set(units.map((u) => u.code));
  const complete = new Set(completeLevels);
  for (const unit of units) {
    if (!isGeoCode(unit.code)) {
      errors.push(errorAt(unit, 'code', { en: `"${unit.code}" is not a code of 2, 4, 6 or 8 digits.`, km: `"${unit.code}" មិនមែនជាលេខកូដ ២ ៤ ៦ ឬ ៨ ខ្ទង់ទេ។` }));
      continue;
    }
    if (seen.has(unit.code)) errors.push(errorAt(unit, 'code', { en: `Code ${unit.code} appears more than once.`, km: `លេខកូដ ${unit.code} មានច្រើនជាងម្តង។` }));
    seen.add(unit.code);
    if (!unit.nameKm) errors.push(errorAt(unit, 'nameKm', { en: 'The Khmer name is required.', km: 'ត្រូវការឈ្មោះជាភាសាខ្មែរ។' }));
    for (const [field, limit] of [['lat', 90], ['lng', 180]] as const) {
      const v = unit[field];
      if (v !== null && !(Number.isFinite(v) && Math.abs(v) <= limit)) {
        errors.push(errorAt(unit, field, { en: `${field} must be a number between -${limit} and ${limit}.`, km: `${field} ត្រូវតែជាលេខចន្លោះ -${limit} និង ${limit}។` }));
      }
    }
    const parent = parentOf(unit.code);
    if (parent !== null && !inImport.has(parent) && (complete.has(levelOf(parent)) || !activeInDb.has(parent))) {
      errors.push(errorAt(unit, 'parent', { en: `Parent ${parent} of ${unit.code} does not exist.`, km: `ឯកតាមេ ${parent} នៃ ${unit.code} មិនមានទេ។` }));
    }
    if (!unit.unitTypeKm || !unit.unitTypeEn) {
      const fallback = defaultUnitType[levelOf(unit.code)];
      unit.unitTypeKm ||= fallback.km;
      unit.unitTypeEn ||= fallback.en;
    }
  }
  if (errors.length > MAX_REPORTED_ERRORS) {
    const more = errors.length - MAX_REPORTED_ERRORS;
    return [...errors.slice(0, MAX_REPORTED_ERRORS), { path: '', message: { en: `…and ${more} more errors.`, km: `…និងកំហុស ${more} ទៀត។` } }];
  }
  return errors;
}
