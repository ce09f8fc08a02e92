// Streams a form's submissions (current filter, reader's area only) as CSV or XLSX. Rows come from a
// database cursor in chunks, so a million-row export never sits in memory and never times out.
import type { Writable } from 'node:stream';
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
import { cellValue, exportLayout, valueAt, type ExportLayout } from './columns';
import { csvLine, safeText } from './csv';

export interface ExportRequest {
  definitionKey: string;
  filter: SubmissionFilter;
  locale: 'km' | 'en';
  headers: 'keys' | 'labels';
}

interface Prepared {
  layout: ExportLayout;
  scope: Scope;
  /** The request's filter with its training side settled (real records unless in training mode). */
  filter: SubmissionFilter;
}

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
  return { layout: exportLayout(usable.map((v) => v.schema), request.locale), scope: scopeOf(who, 'submission.read'), filter: inMode(request.filter, who) };
}

function headerRow(layout: ExportLayout, request: ExportRequest): string[] {
  const labels = request.headers === 'labels';
  return [
    ...META.map((m) => (labels ? m[request.locale] : m.key)),
    ...layout.main.map((c) => (labels ? c.label : c.path)),
    ...layout.repeats.map((r) => (labels ? r.label : r.path)),
  ];
}

function dataRow(layout: ExportLayout, row: SubmissionRow): Array<string | number | boolean | null> {
  return [
    ...META.map((m) => m.value(row)),
    ...layout.main.map((c) => cellValue(valueAt(row.data, c.path))),
    ...layout.repeats.map((r) => cellValue(valueAt(row.data, r.path))),
  ];
}

export async function* csvExport(db: Kysely<Database>, prepared: Prepared, request: ExportRequest): AsyncGenerator<string> {
  // The byte-order mark makes Excel read the file as UTF-8, so Khmer shows correctly.
  yield `\uFEFF${csvLine(headerRow(prepared.layout, request))}`;
  let chunk = '';
  for await (const row of streamMatching(db, request.definitionKey, prepared.scope, prepared.filter)) {
    chunk += csvLine(dataRow(prepared.layout, row));
    if (chunk.length > 64_000) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** Main sheet, then one sheet per repeat group (rows linked by `_id`), each streamed from the database. */
export async function xlsxExport(db: Kysely<Database>, prepared: Prepared, request: ExportRequest, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const { layout } = prepared;
  const main = workbook.addWorksheet(request.locale === 'km' ? 'ទិន្នន័យ' : 'Data');
  main.addRow(headerRow({ ...layout, repeats: [] }, request)).commit();
  for await (const row of streamMatching(db, request.definitionKey, prepared.scope, prepared.filter)) {
    main.addRow(dataRow({ ...layout, repeats: [] }, row).map(safeText)).commit();
  }
  main.commit();
  for (const repeat of layout.repeats) {
    const sheet = workbook.addWorksheet(repeat.label.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '));
    sheet.addRow(['_id', '_index', ...repeat.columns.map((c) => (request.headers === 'labels' ? c.label : c.path))]).commit();
    for await (const row of streamMatching(db, request.definitionKey, prepared.scope, prepared.filter)) {
      const items = valueAt(row.data, repeat.path);
      if (!Array.isArray(items)) continue;
      items.forEach((item, index) => {
        sheet.addRow([row.id, index + 1, ...repeat.columns.map((c) => safeText(cellValue(valueAt(item, c.path))))]).commit();
      });
    }
    sheet.commit();
  }
  await workbook.commit();
}
