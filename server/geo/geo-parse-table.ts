// CSV/XLSX geography: columns code, name_km, name_en, type_km, type_en, lat, lng (header row first).
// Spreadsheets often drop leading zeros (01020101 → 1020101), so an odd-length numeric code gets its
// zero back. Tables may hold a part of a level, so a level is complete only when the caller says so.
import { coordinate as coord, isGeoCode, levelOf, type GeoImportError, type GeoLevel, type ParsedGeo } from './geo-codes';
import type { Readable } from 'node:stream';
import { readCsvTable, readTables, type Table } from '../core/uploads/table-read';
import type { UploadBudget } from '../core/uploads/upload-limits';

export const GEO_COLUMNS = ['code', 'name_km', 'name_en', 'type_km', 'type_en', 'lat', 'lng'] as const;
const REQUIRED = ['code', 'name_km'];

export function normaliseCode(raw: string): string {
  const code = raw.trim().replace(/\.0+$/, '');
  return /^\d+$/.test(code) && code.length % 2 === 1 ? `0${code}` : code;
}


function fromTables(tables: Table[], complete: boolean, file?: string): ParsedGeo {
  const out: ParsedGeo = { units: [], completeLevels: [], errors: [] };
  const levels = new Set<GeoLevel>();
  for (const table of tables) {
    const where = table.sheet ?? file;
    const at = (e: Omit<GeoImportError, 'file'>): GeoImportError => (where ? { file: where, ...e } : e);
    const missing = REQUIRED.filter((c) => !table.columns.includes(c));
    if (missing.length > 0) {
      out.errors.push(at({ row: 1, path: missing.join(','), message: { en: `Missing column(s): ${missing.join(', ')}. Expected ${GEO_COLUMNS.join(',')}.`, km: `ខ្វះជួរឈរ៖ ${missing.join(', ')}។` } }));
      continue;
    }
    for (const { row, cells } of table.records) {
      const code = normaliseCode(cells.code ?? '');
      if (isGeoCode(code)) levels.add(levelOf(code));
      out.units.push({
        code,
        nameKm: cells.name_km ?? '',
        nameEn: cells.name_en ?? '',
        unitTypeKm: cells.type_km ?? '',
        unitTypeEn: cells.type_en ?? '',
        lat: coord(cells.lat),
        lng: coord(cells.lng),
        source: { ...(where ? { file: where } : {}), row },
      });
    }
  }
  if (complete) out.completeLevels = [...levels];
  return out;
}

export function parseGeoCsv(source: string, options: { complete?: boolean; file?: string } = {}): ParsedGeo {
  return fromTables(readCsvTable(source), options.complete ?? false, options.file);
}

/** A CSV or XLSX upload, streamed. An unreadable XLSX throws BAD_INPUT; a budget overrun PAYLOAD_TOO_LARGE. */
export async function parseGeoTableStream(source: Readable, format: 'csv' | 'xlsx', budget: UploadBudget, options: { complete?: boolean; file?: string } = {}): Promise<ParsedGeo> {
  const tables = await readTables(source, format, 'code', budget);
  if (tables.length === 0) {
    const e: GeoImportError = { row: 1, path: 'code', message: { en: 'No sheet has a "code" column.', km: 'គ្មានសន្លឹកណាមានជួរឈរ "code" ទេ។' } };
    return { units: [], completeLevels: [], errors: [options.file ? { file: options.file, ...e } : e] };
  }
  return fromTables(tables, options.complete ?? false, options.file);
}
