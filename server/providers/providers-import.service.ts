// Service providers from CSV/XLSX: columns kind, code, name_km, name_en, geo_code, catchment (village
// codes separated by spaces, commas or semicolons). Rows are matched on `code` (required here), so a
// re-import updates instead of duplicating. All rows or none: any error throws IMPORT_INVALID (422, every
// row's problem listed), which rolls the caller's transaction back. Uploads are read streamed and capped.
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/permissions';
import { inScope, scopeOf, type Scope } from '../auth/scope';
import { recordAudit } from '../audit/audit.repository';
import type { Database, ServiceProviderRow } from '../db/schema';
import type { GeoImportError } from '../geo/geo-codes';
import { isGeoCode } from '../geo/geo-codes';
import { findUnits } from '../geo/geo.repository';
import { Problem, type ProblemDetail } from '../core/problems';
import { readTables, type Table } from '../core/uploads/table-read';
import { breathe, PROVIDER_UPLOAD_LIMITS, UploadBudget, YIELD_EVERY } from '../core/uploads/upload-limits';
import { acquireImportLock, type ImportLock } from '../core/uploads/import-lock.repository';
import { readUpload } from '../core/uploads/upload-read';
import { inTransactionOf } from '../db/transaction';
import { checkProvider, missingGeo, type CleanProvider } from './providers.rules';
import { findProvidersByCodes, PROVIDER_BATCH, upsertProvidersByCode } from './providers.repository';

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

export interface CheckedProviderRow {
  sheet?: string | undefined;
  row: number;
  value: CleanProvider;
}

export interface CheckedProviderImport {
  who: Actor;
  manage: Scope;
  rows: CheckedProviderRow[];
}

const errorAt = (c: { sheet?: string | undefined; row: number }, e: Omit<ImportError, 'file' | 'row'>): ImportError => ({ ...(c.sheet ? { file: c.sheet } : {}), row: c.row, ...e });

function outsideAreaErrors(rows: CheckedProviderRow[], existing: Map<string, ServiceProviderRow>, manage: Scope): ImportError[] {
  return rows.flatMap((c) => {
    const held = existing.get(c.value.code!);
    if (!held || inScope(manage, held.geo_code)) return [];
    return [errorAt(c, { code: c.value.code!, path: 'code', keyword: 'area', message: { en: `Code ${c.value.code} belongs to a provider outside your area.`, km: 'លេខកូដនេះជារបស់អ្នកផ្តល់សេវានៅក្រៅតំបន់របស់អ្នក។' } })];
  });
}

/**
 * Checks every row (rules, geography, the importer's area, codes held outside it) before the write
 * transaction opens, so a wrong file never holds the database. Throws IMPORT_INVALID listing them all.
 * The loops yield now and then (breathe), so a 50,000-row file never stalls other requests.
 */
export async function checkProviderImport(db: Kysely<Database>, actor: Actor | null, tables: Table[]): Promise<CheckedProviderImport> {
  const who = requireActor(actor, 'provider.manage');
  const manage = scopeOf(who, 'provider.manage');
  const errors: ImportError[] = [];
  if (tables.length === 0) {
    throw invalid([{ row: 1, path: 'kind', keyword: 'required', message: { en: 'No sheet has a "kind" column.', km: 'គ្មានសន្លឹកណាមានជួរឈរ "kind" ទេ។' } }]);
  }
  const rows = tables.flatMap((t) => t.records.map((r) => ({ ...r, sheet: t.sheet })));
  for (const t of tables) {
    const missing = ['kind', 'code', 'name_km', 'geo_code'].filter((c) => !t.columns.includes(c));
    if (missing.length) errors.push(errorAt({ sheet: t.sheet, row: 1 }, { path: missing.join(','), keyword: 'required', message: { en: `Missing column(s): ${missing.join(', ')}.`, km: `ខ្វះជួរឈរ៖ ${missing.join(', ')}។` } }));
  }
  if (errors.length) throw invalid(errors);
  const checked: Array<CheckedProviderRow & { errors: ProblemDetail[] }> = [];
  for (const [i, r] of rows.entries()) {
    await breathe(i);
    const input = { kind: r.cells.kind, code: r.cells.code, nameKm: r.cells.name_km, nameEn: r.cells.name_en, geoCode: r.cells.geo_code, catchment: (r.cells.catchment ?? '').split(/[\s,;]+/).filter(Boolean) };
    checked.push({ sheet: r.sheet, row: r.row, ...checkProvider(input) });
  }
  const codes = [...new Set(checked.flatMap((c) => [c.value.geoCode, ...c.value.catchment]).filter(isGeoCode))];
  const active = new Set((await findUnits(db, codes)).filter((u) => u.retired_at === null).map((u) => u.code));
  const seen = new Set<string>();
  for (const [i, c] of checked.entries()) {
    await breathe(i);
    const at = (path: string, keyword: string | undefined, message: GeoImportError['message']) =>
      errors.push(errorAt(c, { ...(c.value.code ? { code: c.value.code } : {}), path: COLUMN_OF[path.split('.')[0]!] ?? path, ...(keyword ? { keyword } : {}), message }));
    for (const e of [...c.errors, ...missingGeo(c.value, active).filter((m) => !c.errors.some((x) => x.path === m.path))]) at(e.path, e.keyword, e.message);
    if (!c.value.code) at('code', 'required', { en: 'A code is required to import (it matches rows on re-import).', km: 'ត្រូវការលេខកូដ។' });
    else if (seen.has(c.value.code)) at('code', 'unique', { en: `Code ${c.value.code} appears more than once.`, km: `លេខកូដ ${c.value.code} មានច្រើនជាងម្តង។` });
    else seen.add(c.value.code);
    if (c.errors.length === 0 && !inScope(manage, c.value.geoCode)) at('geoCode', 'area', { en: 'This place is outside your area.', km: 'ទីកន្លែងនេះនៅក្រៅតំបន់របស់អ្នក។' });
  }
  if (errors.length) throw invalid(errors);
  const clean = checked.map(({ errors: _none, ...c }) => c);
  const existing = new Map((await findProvidersByCodes(db, [...seen])).map((p) => [p.code!, p]));
  errors.push(...outsideAreaErrors(clean, existing, manage));
  if (errors.length) throw invalid(errors);
  return { who, manage, rows: clean };
}

/**
 * Writes a checked import in `trx`, all rows or none: locks the providers holding its codes and checks
 * their area again (they may have moved since), then upserts in batches of PROVIDER_BATCH rows.
 */
export async function writeProviderImport(trx: Kysely<Database>, checked: CheckedProviderImport): Promise<ProviderImportResult> {
  const { who, manage, rows } = checked;
  const existing = new Map((await findProvidersByCodes(trx, rows.map((r) => r.value.code!), { lock: true })).map((p) => [p.code!, p]));
  const errors = outsideAreaErrors(rows, existing, manage);
  if (errors.length) throw invalid(errors);
  let added = 0;
  let updated = 0;
  for (let i = 0; i < rows.length; i += PROVIDER_BATCH) {
    const batch = rows.slice(i, i + PROVIDER_BATCH).map(({ value: v }) => ({ kind: v.kind, code: v.code!, name_km: v.nameKm, name_en: v.nameEn, geo_code: v.geoCode, catchment: v.catchment }));
    const result = await upsertProvidersByCode(trx, batch);
    added += result.added;
    updated += result.updated;
    await breathe(YIELD_EVERY);
  }
  await recordAudit(trx, { actorId: who.id, actorName: who.username, action: 'provider.import', entity: 'service_provider', entityId: 'import', after: { added, updated }, ip: who.ip });
  return { ok: true, added, updated, errors: [] };
}

/** One provider import at a time across instances: IMPORT_RUNNING (409) while another runs. */
export function lockProviderImport(db: Kysely<Database>): Promise<ImportLock> {
  return acquireImportLock(db, 'providers');
}

/**
 * The whole import of one uploaded file (under lockProviderImport): read within PROVIDER_UPLOAD_LIMITS,
 * checked before the write transaction opens (a wrong file never holds the database), then written in
 * one transaction.
 */
export async function importProviders(db: Kysely<Database>, actor: Actor | null, body: unknown, format: 'csv' | 'xlsx'): Promise<ProviderImportResult> {
  const budget = new UploadBudget(PROVIDER_UPLOAD_LIMITS);
  const tables = await readUpload(body, budget, (stream) => readProviderTables(stream, format, budget));
  const checked = await checkProviderImport(db, actor, tables);
  return inTransactionOf(db, (trx) => writeProviderImport(trx, checked));
}
