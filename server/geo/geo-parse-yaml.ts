// Reads the gazetteer YAML format (pumi / NCDD style): one or more documents whose top-level key names
// the level (`provinces:`, `districts:`, `communes:`, `villages:`) and maps each code to
// {name: {km, latin}, administrative_unit: {km, en, latin}, geodata: {lat, long}}. A level present in
// YAML is a complete list of that level, so re-imports may retire what it no longer lists.
import { loadAll } from 'js-yaml';
import { coordinate as coord, GEO_LEVELS, type GeoImportError, type GeoLevel, type ParsedGeo } from './geo-codes';

const LEVEL_KEYS: Record<string, GeoLevel> = { provinces: 'province', districts: 'district', communes: 'commune', villages: 'village' };

type Node = Record<string, unknown>;
const obj = (v: unknown): Node => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : {});
const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '');

export function parseGeoYaml(source: string, file?: string): ParsedGeo {
  const out: ParsedGeo = { units: [], completeLevels: [], errors: [] };
  const fail = (e: Omit<GeoImportError, 'file'>) => out.errors.push(file ? { file, ...e } : e);
  let docs: unknown[];
  try {
    docs = loadAll(source);
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    const row = mark?.line === undefined ? undefined : mark.line + 1;
    fail({ ...(row ? { row } : {}), path: '', message: { en: `Not valid YAML: ${(error as Error).message.split('\n')[0]}`, km: 'មិនមែនជា YAML ត្រឹមត្រូវទេ។' } });
    return out;
  }
  for (const doc of docs) {
    if (doc === null || doc === undefined) continue;
    for (const [key, units] of Object.entries(obj(doc))) {
      const level = LEVEL_KEYS[key];
      if (!level) {
        fail({ path: key, message: { en: `Unknown list "${key}": use ${Object.keys(LEVEL_KEYS).join(', ')}.`, km: `បញ្ជី "${key}" មិនស្គាល់។` } });
        continue;
      }
      if (!out.completeLevels.includes(level)) out.completeLevels.push(level);
      for (const [code, raw] of Object.entries(obj(units))) {
        const unit = obj(raw);
        const name = obj(unit.name);
        const type = obj(unit.administrative_unit);
        const geo = obj(unit.geodata);
        if (code.length !== (GEO_LEVELS.indexOf(level) + 1) * 2) {
          fail({ code, path: `${key}.${code}`, message: { en: `Code ${code} is not a ${level} code.`, km: `លេខកូដ ${code} មិនមែនជាលេខកូដ${level}ទេ។` } });
        }
        out.units.push({
          code,
          nameKm: text(name.km),
          nameEn: text(name.latin) || text(name.en),
          unitTypeKm: text(type.km),
          unitTypeEn: text(type.en) || text(type.latin),
          lat: coord(geo.lat),
          lng: coord(geo.long ?? geo.lng),
          source: { ...(file ? { file } : {}), yamlPath: `${key}.${code}` },
        });
      }
    }
  }
  return out;
}
