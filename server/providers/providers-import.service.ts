// Service providers from CSV/XLSX: columns kind, code, name_km, name_en, geo_code, catchment (village
// codes separated by spaces, commas or semicolons). Rows are matched on `code` (required here), so a
// re-import updates instead of duplicating. All rows or none: any error throws IMPORT_INVALID (422, every
// row's problem listed), which rolls the caller's transaction back. Uploads are read streamed and capped.
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/permissions';
import { inScope, scopeOf } from '../auth/scope';
import { recordAudit } from '../audit/audit.repository';
import type { Database } from '../db/schema';
import type { GeoImportError } from '../geo/geo-codes';
import { isGeoCode } from '../geo/geo-codes';
import { findUnits } from '../geo/geo.repository';
import { Problem, type ProblemDetail } from '../http/problems';
import { readTables, type Table } from '../uploads/table-read';
import type { UploadBudget } from '../uploads/upload-limits';
import { checkProvider, missingGeo } from './providers.rules';
import { findProvidersByCodes, insertProvider, updateProvider } from './providers.repository';

export const PROVIDER_COLUMNS = ['kind', 'code', 'name_km', 'name_en', 'geo_code', 'catchment'] as const;
const COLUMN_OF: Record<string, string> = { kind: 'kind', code: 'code', nameKm: 'name_km', nameEn: 'name_en', geoCode: 'geo_code', catchment: 'catchment' };

export interface ProviderImportResult {
  ok: boolean;
  added: number;
  updated: number;
  errors: GeoImportError[];
}

/** Reads an uploaded CSV/XLSX stream within the budget (see uploads/upload-limits.ts). */
export async function readProviderTables(source: Readable, format: 'csv' | 'xlsx', budget: UploadBudget): Promise<Table[]> {
  return readTables(source, format, 'kind', budget);
}

type ImportError = GeoImportError & { keyword?: string };

function invalid(errors: ImportError[]): Problem {
  return new Problem('IMPORT_INVALID', { errors: errors.slice(0, 500) as ProblemDetail[] });
}

export async function importServiceProviders(trx: Kysely<Database>, actor: Actor | null, tables: Table[]): Promise<ProviderImportResult> {
  const who = requireActor(actor, 'provider.manage');
  const manage = scopeOf(who, 'provider.manage');
  const errors: ImportError[] = [];
  if (tables.length === 0) {
    throw invalid([{ row: 1, path: 'kind', keyword: 'required', message: { en: 'No sheet has a "kind" column.', km: 'គ្មានសន្លឹកណាមានជួរឈរ "kind" ទេ។' } }]);
  }
  const rows = tables.flatMap((t) => t.records.map((r) => ({ ...r, sheet: t.sheet, columns: t.columns })));
  for (const t of tables) {
    const missing = ['kind', 'code', 'name_km', 'geo_code'].filter((c) => !t.columns.includes(c));
    if (missing.length) errors.push({ ...(t.sheet ? { file: t.sheet } : {}), row: 1, path: missing.join(','), keyword: 'required', message: { en: `Missing column(s): ${missing.join(', ')}.`, km: `ខ្វះជួរឈរ៖ ${missing.join(', ')}។` } });
  }
  if (errors.length) throw invalid(errors);
  const checked = rows.map((r) => {
    const input = { kind: r.cells.kind, code: r.cells.code, nameKm: r.cells.name_km, nameEn: r.cells.name_en, geoCode: r.cells.geo_code, catchment: (r.cells.catchment ?? '').split(/[\s,;]+/).filter(Boolean) };
    return { ...r, ...checkProvider(input) };
  });
  const codes = [...new Set(checked.flatMap((c) => [c.value.geoCode, ...c.value.catchment]).filter(isGeoCode))];
  const active = new Set((await findUnits(trx, codes)).filter((u) => u.retired_at === null).map((u) => u.code));
  const seen = new Set<string>();
  for (const c of checked) {
    const at = (path: string, keyword: string | undefined, message: GeoImportError['message']) =>
      errors.push({ ...(c.sheet ? { file: c.sheet } : {}), row: c.row, ...(c.value.code ? { code: c.value.code } : {}), path: COLUMN_OF[path.split('.')[0]!] ?? path, ...(keyword ? { keyword } : {}), message });
    for (const e of [...c.errors, ...missingGeo(c.value, active).filter((m) => !c.errors.some((x) => x.path === m.path))]) at(e.path, e.keyword, e.message);
    if (!c.value.code) at('code', 'required', { en: 'A code is required to import (it matches rows on re-import).', km: 'ត្រូវការលេខកូដ។' });
    else if (seen.has(c.value.code)) at('code', 'unique', { en: `Code ${c.value.code} appears more than once.`, km: `លេខកូដ ${c.value.code} មានច្រើនជាងម្តង។` });
    else seen.add(c.value.code);
    if (c.errors.length === 0 && !inScope(manage, c.value.geoCode)) at('geoCode', 'area', { en: 'This place is outside your area.', km: 'ទីកន្លែងនេះនៅក្រៅតំបន់របស់អ្នក។' });
  }
  if (errors.length) throw invalid(errors);
  // One query for every code: the providers a re-import updates, each checked against the area.
  const existingByCode = new Map((await findProvidersByCodes(trx, checked.map((c) => c.value.code!))).map((p) => [p.code!, p]));
  for (const c of checked) {
    const existing = existingByCode.get(c.value.code!);
    if (existing && !inScope(manage, existing.geo_code)) {
      errors.push({ ...(c.sheet ? { file: c.sheet } : {}), row: c.row, code: c.value.code!, path: 'code', keyword: 'area', message: { en: `Code ${c.value.code} belongs to a provider outside your area.`, km: 'លេខកូដនេះជារបស់អ្នកផ្តល់សេវានៅក្រៅតំបន់របស់អ្នក។' } });
    }
  }
  if (errors.length) throw invalid(errors);
  let added = 0;
  let updated = 0;
  for (const c of checked) {
    const v = c.value;
    const values = { kind: v.kind, code: v.code, name_km: v.nameKm, name_en: v.nameEn, geo_code: v.geoCode, catchment: v.catchment };
    const existing = existingByCode.get(v.code!);
    if (existing) await updateProvider(trx, existing.id, { ...values, retired_at: null });
    else await insertProvider(trx, values);
    if (existing) updated += 1;
    else added += 1;
  }
  await recordAudit(trx, { actorId: who.id, actorName: who.username, action: 'provider.import', entity: 'service_provider', entityId: 'import', after: { added, updated }, ip: who.ip });
  return { ok: true, added, updated, errors: [] };
}
