// Streams a form's submissions (current filter, reader's area only) as CSV or XLSX. Rows come from a
// database cursor in chunks, so a million-row export never sits in memory and never times out.
// For analysis (issue 14.7): choice answers as codes or labels, place names beside place codes,
// review states in words, unique column headers, and XLSX sheets split at Excel's row limit.
import { Readable, type Writable } from 'node:stream';
import archiver from 'archiver';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/permissions';
import { scopeOf, type Scope } from '../auth/scope';
import type { Database, FormDefinitionRow, SubmissionRow } from '../db/schema';
import { listVersions } from '../definitions/definitions.repository';
import { Problem } from '../core/problems';
import { checkFilter, inMode, type SubmissionFilter } from '../submissions/submission-filter';
import { streamMatching } from '../submissions/submissions.repository';
import { cellValue, exportLayout, labelValue, uniqueHeaders, valueAt, type ExportColumn, type ExportLayout } from './columns';
import { placeNames } from './place-names.repository';
import { csvLine, safeText } from './csv';

export interface ExportRequest {
  definitionKey: string;
  filter: SubmissionFilter;
  locale: 'km' | 'en';
  headers: 'keys' | 'labels';
  /** Choice answers and review states as stored codes (default) or as words in `locale`. */
  values: 'codes' | 'labels';
}

interface Prepared {
  layout: ExportLayout;
  scope: Scope;
  /** The request's filter with its training side settled (real records unless in training mode). */
  filter: SubmissionFilter;
  /** Place code → name in the export's language, when the form has place questions. */
  places: Map<string, string> | null;
}

/** Excel's sheet holds 1,048,576 rows: the header and this many records; then the next sheet. */
export const XLSX_ROWS_PER_SHEET = 1_048_575;

const STATE_WORDS: Record<string, { km: string; en: string }> = {
  received: { km: 'បានទទួល', en: 'Received' },
  has_issues: { km: 'មានបញ្ហា', en: 'Has issues' },
  approved: { km: 'បានអនុម័ត', en: 'Approved' },
  rejected: { km: 'បានបដិសេធ', en: 'Rejected' },
};

const META = [
  { key: '_id', km: 'លេខសម្គាល់', en: 'ID', value: (r: SubmissionRow) => r.id },
  { key: '_version', km: 'កំណែ', en: 'Version', value: (r: SubmissionRow) => r.definition_version },
  { key: '_geo_code', km: 'កូដភូមិសាស្ត្រ', en: 'Geography code', value: (r: SubmissionRow) => r.geo_code },
  { key: '_period', km: 'កាលបរិច្ឆេទ', en: 'Date', value: (r: SubmissionRow) => r.period },
  // The review state (received, has_issues, approved, rejected); the column was `_status` before issue 12.
  { key: '_review_state', km: 'ស្ថានភាពពិនិត្យ', en: 'Review state', value: (r: SubmissionRow) => r.status },
  { key: '_submitted_at', km: 'ពេលបញ្ជូន', en: 'Submitted at', value: (r: SubmissionRow) => r.created_at.toISOString() },
] as const;

export async function prepareExport(db: Kysely<Database>, actor: Actor | null, request: ExportRequest): Promise<Prepared> {
  const who = requireActor(actor, 'submission.read');
  checkFilter(request.filter);
  const versions = (await listVersions(db, [request.definitionKey])).get(request.definitionKey) ?? [];
  const usable = versions.filter((v): v is FormDefinitionRow => v.status !== 'draft' && v.kind === 'form').reverse();
  if (usable.length === 0) throw new Problem('NOT_FOUND');
  const layout = exportLayout(usable.map((v) => v.schema), request.locale);
  const hasPlaces = layout.main.some((c) => c.widget === 'geography') || layout.repeats.some((r) => r.columns.some((c) => c.widget === 'geography'));
  return { layout, scope: scopeOf(who, 'submission.read'), filter: inMode(request.filter, who), places: hasPlaces ? await placeNames(db, request.locale) : null };
}

type Cell = string | number | boolean | null;

/** An output column: its header and how it reads one record's (or repeat item's) data. */
interface OutColumn {
  header: string;
  key: string;
  value: (data: unknown) => Cell;
}

/** The columns fields become, made once per export: each field, and beside a place question its name. */
function expand(columns: readonly ExportColumn[], prepared: Prepared, request: ExportRequest): OutColumn[] {
  return columns.flatMap((c) => {
    const words = request.values === 'labels' && c.options;
    const own: OutColumn = { header: c.label, key: c.path, value: (data) => (words ? labelValue(valueAt(data, c.path), c.options!) : cellValue(valueAt(data, c.path))) };
    if (c.widget !== 'geography') return [own];
    const name: OutColumn = {
      header: `${c.label} (${request.locale === 'km' ? 'ឈ្មោះ' : 'name'})`,
      key: `${c.path}_name`,
      value: (data) => {
        const code = valueAt(data, c.path);
        return typeof code === 'string' ? (prepared.places?.get(code) ?? null) : null;
      },
    };
    return [own, name];
  });
}

/** The header cells of `columns`: keys, or labels made unique. */
function headers(columns: ReadonlyArray<{ header: string; key: string }>, request: ExportRequest): string[] {
  return request.headers === 'labels' ? uniqueHeaders(columns.map((c) => c.header), columns.map((c) => c.key)) : columns.map((c) => c.key);
}

/** A record's field columns: the fields, then (CSV) each repeat group as one JSON cell. */
function recordColumns(layout: ExportLayout, prepared: Prepared, request: ExportRequest): OutColumn[] {
  return [...expand(layout.main, prepared, request), ...layout.repeats.map((r): OutColumn => ({ header: r.label, key: r.path, value: (data) => cellValue(valueAt(data, r.path)) }))];
}

/** A record's header line: the meta columns, then its field columns. */
function recordHeaders(columns: readonly OutColumn[], request: ExportRequest): string[] {
  return headers([...META.map((m) => ({ header: m[request.locale], key: m.key })), ...columns], request);
}

function dataRow(columns: readonly OutColumn[], row: SubmissionRow, request: ExportRequest): Cell[] {
  const meta = META.map((m) => (m.key === '_review_state' && request.values === 'labels' ? (STATE_WORDS[row.status]?.[request.locale] ?? row.status) : m.value(row)));
  return [...meta, ...columns.map((c) => c.value(row.data))];
}

export async function* csvExport(db: Kysely<Database>, prepared: Prepared, request: ExportRequest, layout: ExportLayout = prepared.layout): AsyncGenerator<string> {
  // The byte-order mark makes Excel read the file as UTF-8, so Khmer shows correctly.
  const columns = recordColumns(layout, prepared, request);
  yield `\uFEFF${csvLine(recordHeaders(columns, request))}`;
  let chunk = '';
  for await (const row of streamMatching(db, request.definitionKey, prepared.scope, prepared.filter)) {
    chunk += csvLine(dataRow(columns, row, request));
    if (chunk.length > 64_000) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** One repeat group as CSV: a line per item, linked to its record by `_id`, numbered by `_index`. */
async function* repeatCsv(db: Kysely<Database>, prepared: Prepared, request: ExportRequest, repeat: ExportLayout['repeats'][number]): AsyncGenerator<string> {
  const columns = expand(repeat.columns, prepared, request);
  yield `\uFEFF${csvLine(['_id', '_index', ...headers(columns, request)])}`;
  let chunk = '';
  for await (const row of streamMatching(db, request.definitionKey, prepared.scope, prepared.filter)) {
    const items = valueAt(row.data, repeat.path);
    if (!Array.isArray(items)) continue;
    items.forEach((item, index) => (chunk += csvLine([row.id, index + 1, ...columns.map((c) => c.value(item))])));
    if (chunk.length > 64_000) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/**
 * A zip of CSV files, as Kobo and ODK Central give them: `<key>.csv` (one line per record, without the
 * repeat groups) and `<key>-<repeat>.csv` per repeat group (one line per item, linked by `_id`), each
 * streamed from the database in turn; the zip follows the client's pace (archiver honours backpressure).
 */
export async function zipExport(db: Kysely<Database>, prepared: Prepared, request: ExportRequest, out: Writable): Promise<void> {
  const zip = archiver('zip', { zlib: { level: 6 } });
  const done = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('finish', resolve);
    zip.on('error', reject);
  });
  zip.pipe(out);
  zip.append(Readable.from(csvExport(db, prepared, request, { ...prepared.layout, repeats: [] })), { name: `${request.definitionKey}.csv` });
  for (const repeat of prepared.layout.repeats) {
    zip.append(Readable.from(repeatCsv(db, prepared, request, repeat)), { name: `${request.definitionKey}-${repeat.path.replace(/[^A-Za-z0-9_.-]/g, '_')}.csv` });
  }
  await zip.finalize();
  await done;
}

/** A sheet that continues as "<name> (2)", "(3)" … past Excel's row limit, each with the header again. */
export class SplitSheet {
  private sheet: ExcelJS.Worksheet | null = null;
  private rows = 0;
  private part = 0;

  constructor(
    private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter,
    private readonly name: string,
    private readonly header: Array<string | number>,
    private readonly limit = XLSX_ROWS_PER_SHEET,
  ) {}

  add(cells: Cell[]): void {
    if (!this.sheet || this.rows === this.limit) this.next();
    this.sheet!.addRow(cells).commit();
    this.rows += 1;
  }

  close(): void {
    if (!this.sheet) this.next();
    this.sheet!.commit();
  }

  private next(): void {
    this.sheet?.commit();
    this.part += 1;
    const suffix = this.part === 1 ? '' : ` (${this.part})`;
    this.sheet = this.workbook.addWorksheet(`${this.name.slice(0, 31 - suffix.length)}${suffix}`);
    this.sheet.addRow(this.header).commit();
    this.rows = 0;
  }
}

/**
 * Main sheet, then one sheet per repeat group (rows linked by `_id`), each streamed from the database;
 * a sheet past Excel's 1,048,575 records continues on the next one.
 */
export async function xlsxExport(db: Kysely<Database>, prepared: Prepared, request: ExportRequest, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const { layout } = prepared;
  const mainColumns = recordColumns({ ...layout, repeats: [] }, prepared, request);
  const main = new SplitSheet(workbook, request.locale === 'km' ? 'ទិន្នន័យ' : 'Data', recordHeaders(mainColumns, request));
  for await (const row of streamMatching(db, request.definitionKey, prepared.scope, prepared.filter)) {
    main.add(dataRow(mainColumns, row, request).map(safeText));
  }
  main.close();
  for (const repeat of layout.repeats) {
    const columns = expand(repeat.columns, prepared, request);
    const header = ['_id', '_index', ...headers(columns, request)];
    const sheet = new SplitSheet(workbook, repeat.label.replace(/[\\/?*[\]:]/g, ' '), header);
    for await (const row of streamMatching(db, request.definitionKey, prepared.scope, prepared.filter)) {
      const items = valueAt(row.data, repeat.path);
      if (!Array.isArray(items)) continue;
      items.forEach((item, index) => {
        sheet.add([row.id, index + 1, ...columns.map((c) => safeText(c.value(item)))]);
      });
    }
    sheet.close();
  }
  await workbook.commit();
}
