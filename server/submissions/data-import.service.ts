// Bulk import of submissions (issue 14.3) from a KoboToolbox, ODK Central or SA Studio export (CSV or
// XLSX): columns matched to the chosen form version's fields (data-import-map.ts; the caller may
// correct the matching), each row stored exactly as `syncSubmissions` stores an outbox (the same
// checks, idempotent on the row's `_uuid`/`instanceID`/`_id`, 100 rows per atomic statement), so an
// interrupted or repeated import never stores a row twice. Valid rows are kept, refused rows are
// reported with their row number and reasons. Repeat groups come from their own sheets (Kobo's and
// SA Studio's XLSX), linked to the records by id or `_index`. The file is read and checked in the
// request (a dry run answers there); the import itself is a background job (data-import-jobs.ts)
// that any instance answers, one per form at a time (the `data:<key>` import lock).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { fieldPaths, type Definition } from '../../form-engine/index';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/permissions';
import { recordAudit } from '../audit/audit.repository';
import { Problem } from '../core/problems';
import { acquireImportLock } from '../core/uploads/import-lock.repository';
import { readTables, type Table } from '../core/uploads/table-read';
import { UploadBudget, type UploadLimits } from '../core/uploads/upload-limits';
import { readUpload } from '../core/uploads/upload-read';
import type { Database } from '../db/schema';
import { getDefinition } from '../definitions/definitions.service';
import { itemFields, itemLink, mapColumns, mapItemColumns, parentId, repeatOfSheet, repeatSheets, rowData, rowId, type DataMapping } from './data-import-map';
import { DataImportJobs, jobAnswer, type DataImportJob, type RunningDataJob } from './data-import-jobs';
import { streamRefusals } from './data-import-jobs.repository';
import type { SubmissionDeps, SubmitInput } from './submissions.service';
import { syncSubmissions } from './sync.service';
import { UUID } from '../core/params';

const MiB = 1024 * 1024;
/** A Kobo export of a year of ISAF meetings is a few thousand rows; a national archive 100,000 (+ the header). */
export const DATA_UPLOAD_LIMITS: UploadLimits = { maxBytes: 64 * MiB, maxRows: 100_001, maxColumns: 500, maxCellChars: 10_000, maxMs: 120_000 };
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

export interface DataImportOptions {
  key: string;
  version?: number;
  overrides?: Record<string, string>;
}

/** A file read and matched, its rows ready for syncSubmissions (those refused on their id already refused). */
interface ImportPlan {
  who: Actor;
  result: DataImportResult;
  rows: Array<{ row: number; input: SubmitInput }>;
  early: RefusedRow[];
}

/** Reads the matching of `tables` to `key`'s version (latest published by default), and every row's data. */
async function plan(db: Kysely<Database>, actor: Actor | null, tables: readonly Table[], options: DataImportOptions, dryRun: boolean): Promise<ImportPlan> {
  const [table, ...sheets] = tables as [Table, ...Table[]];
  const who = requireActor(actor, 'submission.create');
  const definition = await getDefinition(db, who, options.key, options.version);
  if (!definition || definition.kind !== 'form' || definition.status === 'draft') throw new Problem('DEFINITION_NOT_FOUND');
  const schema = definition.schema as Definition;
  const mapping = mapColumns(schema, table.columns, options.overrides);
  const { items, used } = repeatItems(schema, table, mapping.idColumn, sheets);
  // Repeat groups filled from their own sheets are not "left out".
  mapping.repeats = mapping.repeats.filter((path) => !used.some((r) => path.startsWith(`${r}[]`)));
  const result: DataImportResult = { key: options.key, version: definition.version, mapping, rows: table.records.length, stored: 0, duplicates: 0, refused: [], dryRun };
  const out: ImportPlan = { who, result, rows: [], early: [] };
  if (dryRun) return out;
  if (!mapping.idColumn) {
    throw new Problem('IMPORT_INVALID', {
      message: { en: 'No id column: export the file with _uuid (KoboToolbox), instanceID or KEY (ODK) or _id (SA Studio), so that importing it again never stores a record twice.', km: 'គ្មានជួរឈរ id៖ សូមនាំចេញឯកសារជាមួយ _uuid (KoboToolbox), instanceID ឬ KEY (ODK) ឬ _id (SA Studio) ដើម្បីកុំឱ្យការនាំចូលម្តងទៀតរក្សាទុកកំណត់ត្រាពីរដង។' },
      errors: [{ path: 'columns', keyword: 'required', message: { en: 'A column _uuid, instanceID, KEY or _id is needed.', km: 'ត្រូវការជួរឈរ _uuid, instanceID, KEY ឬ _id។' } }],
    });
  }
  const fields = new Map(fieldPaths(schema).map((f) => [f.path, f]));
  const seen = new Map<string, number>();
  for (const record of table.records) {
    const id = rowId(record.cells, mapping.idColumn);
    if (!id) {
      out.early.push(refusal(record.row, null, new Problem('BAD_INPUT', { errors: [{ path: mapping.idColumn, keyword: 'format', message: { en: 'This row has no record id (a UUID).', km: 'ជួរនេះគ្មាន id កំណត់ត្រា (UUID) ទេ។' } }] })));
      continue;
    }
    const first = seen.get(id);
    if (first !== undefined) {
      out.early.push(refusal(record.row, id, new Problem('BAD_INPUT', { errors: [{ path: mapping.idColumn, keyword: 'unique', message: { en: `The same record as row ${first}.`, km: `កំណត់ត្រាដូចគ្នានឹងជួរទី ${first}។` } }] })));
      continue;
    }
    seen.set(id, record.row);
    const data: Record<string, unknown> = { ...rowData(record.cells, mapping, fields), ...(items.get(id) ?? {}) };
    out.rows.push({ row: record.row, input: { id, definitionKey: options.key, definitionVersion: definition.version, data } });
  }
  return out;
}

/** The dry run: how the columns match `key`'s fields; nothing is checked or written. */
export async function previewData(db: Kysely<Database>, actor: Actor | null, tables: readonly Table[], options: DataImportOptions): Promise<DataImportResult> {
  return (await plan(db, actor, tables, options, true)).result;
}

/** Stores the plan's rows 100 at a time, counting into `job`; stops between statements when `signal` is aborted. */
async function runImport(db: Kysely<Database>, deps: SubmissionDeps, p: ImportPlan, jobs: DataImportJobs, job: RunningDataJob, signal: AbortSignal): Promise<'done' | 'IMPORT_STOPPED'> {
  const counts = job.counts;
  counts.refused += p.early.length;
  counts.done += p.early.length;
  job.unwritten.push(...p.early);
  for (let i = 0; i < p.rows.length; i += BATCH) {
    if (signal.aborted) return 'IMPORT_STOPPED';
    const batch = p.rows.slice(i, i + BATCH);
    const results = await syncSubmissions(db, p.who, batch.map((b) => b.input), deps);
    results.forEach((r, j) => {
      if (r.status === 'STORED') counts.stored += 1;
      else if (r.status === 'DUPLICATE') counts.duplicates += 1;
      else {
        counts.refused += 1;
        job.unwritten.push(refusal(batch[j]!.row, r.id, r.problem ?? new Problem('BAD_INPUT')));
      }
    });
    counts.done += batch.length;
    jobs.progress(job);
  }
  return 'done';
}

/**
 * Checks the file against `key` (the matching, the id column), then imports it in the background and
 * answers the job at once (poll it with dataImportJob). IMPORT_RUNNING while another import of this
 * form runs on any instance.
 */
export async function startDataImport(
  db: Kysely<Database>,
  actor: Actor | null,
  deps: SubmissionDeps,
  jobs: DataImportJobs,
  tables: readonly Table[],
  options: DataImportOptions,
  log: (error: unknown) => void,
): Promise<DataImportJob> {
  const p = await plan(db, actor, tables, options, false);
  const id = randomUUID();
  const lock = await acquireImportLock(db, `data:${options.key}`, id);
  let created: Awaited<ReturnType<DataImportJobs['create']>>;
  try {
    created = await jobs.create({ id, key: options.key, version: p.result.version, startedBy: p.who.id, total: p.result.rows, mapping: p.result.mapping });
  } catch (error) {
    await lock.release();
    throw error;
  }
  const { running } = created;
  jobs.work.track(
    (async () => {
      let outcome: 'done' | 'IMPORT_STOPPED' | 'INTERNAL';
      try {
        outcome = await runImport(db, deps, p, jobs, running, jobs.work.signal);
        const { counts } = running;
        await recordAudit(db, { actorId: p.who.id, actorName: p.who.username, action: 'submission.import', entity: 'definition', entityId: options.key, after: { job: id, version: p.result.version, rows: p.result.rows, ...counts, outcome }, ip: p.who.ip });
      } catch (error) {
        log(error);
        outcome = 'INTERNAL';
      } finally {
        // Released before the job says it is finished: an import started as soon as this one reads
        // "done" must not find the lock still held.
        await lock.release().catch(log);
      }
      await jobs.finish(running, outcome);
    })(),
  );
  return jobAnswer(created.row, []);
}

/** A job of `key` started by the caller, else NOT_FOUND (another user's import does not exist for them). */
export async function dataImportJob(actor: Actor | null, jobs: DataImportJobs, key: string, id: string): Promise<DataImportJob> {
  const who = requireActor(actor, 'submission.create');
  const found = UUID.test(id) ? await jobs.get(id.toLowerCase()) : undefined;
  if (!found || found.startedBy !== who.id || found.job.key !== key) throw new Problem('NOT_FOUND');
  return found.job;
}

const csvCell = (v: string | number | null) => (v === null ? '' : /[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

/**
 * The job's refused rows as CSV lines (row, id, code, field, reason in `lang`), one line per reason,
 * UTF-8 with a BOM for Excel; read from the table, so any instance serves it, whatever its size.
 */
export async function* refusedRowsCsv(db: Kysely<Database>, actor: Actor | null, jobs: DataImportJobs, key: string, id: string, lang: 'km' | 'en'): AsyncGenerator<string> {
  const job = await dataImportJob(actor, jobs, key, id);
  yield `\uFEFF${['row', 'id', 'code', 'field', 'reason'].join(',')}\r\n`;
  let lines: string[] = [];
  for await (const r of streamRefusals(db, job.id)) {
    for (const e of r.errors) lines.push([r.row, r.id, r.code, e.path, e.message[lang]].map(csvCell).join(','));
    if (lines.length >= 500) {
      yield `${lines.join('\r\n')}\r\n`;
      lines = [];
    }
  }
  if (lines.length) yield `${lines.join('\r\n')}\r\n`;
}
