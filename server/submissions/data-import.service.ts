// Bulk import of submissions (issue 14.3) from a KoboToolbox, ODK Central or SA Studio export (CSV or
// XLSX): columns matched to the chosen form version's fields (data-import-map.ts; the caller may
// correct the matching), each row stored exactly as `syncSubmissions` stores an outbox (the same
// checks, idempotent on the row's `_uuid`/`instanceID`/`_id`, 100 rows per atomic statement), so an
// interrupted or repeated import never stores a row twice. Valid rows are kept, refused rows are
// reported with their row number and reasons. Repeat groups come from their own sheets (Kobo's and
// SA Studio's XLSX), linked to the records by id or `_index`.
import type { Kysely } from 'kysely';
import { fieldPaths, type Definition } from '../../form-engine/index';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/permissions';
import { Problem } from '../core/problems';
import { readTables, type Table } from '../core/uploads/table-read';
import { UploadBudget, type UploadLimits } from '../core/uploads/upload-limits';
import { readUpload } from '../core/uploads/upload-read';
import type { Database } from '../db/schema';
import { getDefinition } from '../definitions/definitions.service';
import { itemFields, itemLink, mapColumns, mapItemColumns, parentId, repeatOfSheet, repeatSheets, rowData, rowId, type DataMapping } from './data-import-map';
import type { SubmissionDeps, SubmitInput } from './submissions.service';
import { syncSubmissions } from './sync.service';

const MiB = 1024 * 1024;
/** A Kobo export of a year of ISAF meetings is a few thousand rows; beyond this, split the file. */
export const DATA_UPLOAD_LIMITS: UploadLimits = { maxBytes: 20 * MiB, maxRows: 20_000, maxColumns: 500, maxCellChars: 10_000, maxMs: 120_000 };
const BATCH = 100;

export interface RefusedRow {
  row: number;
  id: string | null;
  code: string;
  errors: Array<{ path: string; message: { en: string; km: string } }>;
}

export interface DataImportResult {
  key: string;
  version: number;
  mapping: DataMapping;
  rows: number;
  stored: number;
  duplicates: number;
  refused: RefusedRow[];
  dryRun: boolean;
}

/** The records sheet: the first table that has columns (Kobo's XLSX puts repeat groups on later sheets). */
function recordsTable(tables: readonly Table[]): Table {
  const table = tables.find((t) => t.columns.length > 0);
  if (!table) throw new Problem('IMPORT_INVALID', { message: { en: 'The file has no header row.', km: 'ឯកសារគ្មានជួរក្បាលទេ។' }, errors: [] });
  return table;
}

/** The records table first, then any further sheets (Kobo's and SA Studio's repeat-group sheets). */
export async function readDataUpload(body: unknown, format: 'csv' | 'xlsx' | 'zip'): Promise<Table[]> {
  const budget = new UploadBudget(DATA_UPLOAD_LIMITS);
  const tables = await readUpload(body, budget, (stream) => readTables(stream, format, null, budget));
  const records = recordsTable(tables);
  return [records, ...tables.filter((t) => t !== records && t.columns.length > 0)];
}

/**
 * Items of repeat groups from the further sheets, by record id: a sheet is a repeat group's when its
 * name is the group's (Kobo, SA Studio), its rows are linked to records by the record's id
 * (`_submission__uuid`, SA Studio's `_id`, ODK's `PARENT_KEY`) or by the record's `_index`.
 */
function repeatItems(schema: Definition, records: Table, recordId: string | null, sheets: readonly Table[]): { items: Map<string, Record<string, unknown[]>>; used: string[] } {
  const items = new Map<string, Record<string, unknown[]>>();
  const used: string[] = [];
  const idByIndex = new Map<string, string>();
  for (const r of records.records) {
    const id = rowId(r.cells, recordId);
    if (id && r.cells._index) idByIndex.set(r.cells._index, id);
  }
  const repeats = repeatSheets(schema);
  for (const sheet of sheets) {
    const repeat = repeatOfSheet(sheet.sheet ?? '', repeats);
    if (!repeat) continue;
    const link = itemLink(sheet.columns);
    if (!link.byId && !link.byIndex) continue;
    const fields = itemFields(schema, repeat);
    const byPath = new Map(fields.map((f) => [f.path, f]));
    const mapping: DataMapping = { matches: mapItemColumns(fields, sheet.columns), idColumn: null, unmatched: [], missing: [], repeats: [] };
    for (const row of sheet.records) {
      const id = parentId(row.cells, link) ?? (link.byIndex ? (idByIndex.get(row.cells[link.byIndex] ?? '') ?? null) : null);
      if (!id) continue;
      const groups = items.get(id) ?? {};
      (groups[repeat] ??= []).push(rowData(row.cells, mapping, byPath));
      items.set(id, groups);
    }
    if (!used.includes(repeat)) used.push(repeat);
  }
  return { items, used };
}

const refusal = (row: number, id: string | null, problem: Problem): RefusedRow => ({
  row,
  id,
  code: problem.code,
  errors: (problem.errors ?? []).length > 0 ? problem.errors!.map((e) => ({ path: e.path, message: e.message })) : [{ path: '', message: problem.localized }],
});

/**
 * Imports `table` into `key` (version: the latest published when not given). With `dryRun`, only the
 * matching is answered, nothing is checked or written.
 */
export async function importData(
  db: Kysely<Database>,
  actor: Actor | null,
  deps: SubmissionDeps,
  tables: readonly Table[],
  options: { key: string; version?: number; overrides?: Record<string, string>; dryRun?: boolean },
): Promise<DataImportResult> {
  const [table, ...sheets] = tables as [Table, ...Table[]];
  const who = requireActor(actor, 'submission.create');
  const definition = await getDefinition(db, who, options.key, options.version);
  if (!definition || definition.kind !== 'form' || definition.status === 'draft') throw new Problem('DEFINITION_NOT_FOUND');
  const schema = definition.schema as Definition;
  const mapping = mapColumns(schema, table.columns, options.overrides);
  const { items, used } = repeatItems(schema, table, mapping.idColumn, sheets);
  // Repeat groups filled from their own sheets are not "left out".
  mapping.repeats = mapping.repeats.filter((path) => !used.some((r) => path.startsWith(`${r}[]`)));
  const result: DataImportResult = { key: options.key, version: definition.version, mapping, rows: table.records.length, stored: 0, duplicates: 0, refused: [], dryRun: !!options.dryRun };
  if (options.dryRun) return result;
  if (!mapping.idColumn) {
    throw new Problem('IMPORT_INVALID', {
      message: { en: 'No id column: export the file with _uuid (KoboToolbox), instanceID or KEY (ODK) or _id (SA Studio), so that importing it again never stores a record twice.', km: 'គ្មានជួរឈរ id៖ សូមនាំចេញឯកសារជាមួយ _uuid (KoboToolbox), instanceID ឬ KEY (ODK) ឬ _id (SA Studio) ដើម្បីកុំឱ្យការនាំចូលម្តងទៀតរក្សាទុកកំណត់ត្រាពីរដង។' },
      errors: [{ path: 'columns', keyword: 'required', message: { en: 'A column _uuid, instanceID, KEY or _id is needed.', km: 'ត្រូវការជួរឈរ _uuid, instanceID, KEY ឬ _id។' } }],
    });
  }
  const fields = new Map(fieldPaths(schema).map((f) => [f.path, f]));
  const seen = new Map<string, number>();
  let batch: Array<{ row: number; input: SubmitInput }> = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const results = await syncSubmissions(db, who, batch.map((b) => b.input), deps);
    results.forEach((r, i) => {
      if (r.status === 'STORED') result.stored += 1;
      else if (r.status === 'DUPLICATE') result.duplicates += 1;
      else result.refused.push(refusal(batch[i]!.row, r.id, r.problem ?? new Problem('BAD_INPUT')));
    });
    batch = [];
  };
  for (const record of table.records) {
    const id = rowId(record.cells, mapping.idColumn);
    if (!id) {
      result.refused.push(refusal(record.row, null, new Problem('BAD_INPUT', { errors: [{ path: mapping.idColumn, keyword: 'format', message: { en: 'This row has no record id (a UUID).', km: 'ជួរនេះគ្មាន id កំណត់ត្រា (UUID) ទេ។' } }] })));
      continue;
    }
    const first = seen.get(id);
    if (first !== undefined) {
      result.refused.push(refusal(record.row, id, new Problem('BAD_INPUT', { errors: [{ path: mapping.idColumn, keyword: 'unique', message: { en: `The same record as row ${first}.`, km: `កំណត់ត្រាដូចគ្នានឹងជួរទី ${first}។` } }] })));
      continue;
    }
    seen.set(id, record.row);
    const data: Record<string, unknown> = { ...rowData(record.cells, mapping, fields), ...(items.get(id) ?? {}) };
    batch.push({ row: record.row, input: { id, definitionKey: options.key, definitionVersion: definition.version, data } });
    if (batch.length === BATCH) await flush();
  }
  await flush();
  result.refused.sort((a, b) => a.row - b.row);
  return result;
}
