// Streams a form's submissions (current filter, reader's area only) as CSV or XLSX. Rows come from a
// database cursor in chunks, so a million-row export never sits in memory and never times out.
// For analysis (issue 14.7): choice answers as codes or labels, place names beside place codes,
// review states in words, unique column headers, and XLSX sheets split at Excel's row limit.
import { once } from 'node:events';
import { Readable, type Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { loadArchiver, loadExcel } from '../core/lazy-libraries';
import type { CompiledQuery, Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/permissions';
import { scopeOf, type Scope } from '../auth/scope';
import type { Database, FormDefinitionRow, SubmissionRow } from '../db/schema';
import { listVersions } from '../definitions/definitions.repository';
import { Problem } from '../core/problems';
import { checkFilter, inMode, type SubmissionFilter } from '../submissions/submission-filter';
import { streamMatching } from '../submissions/submissions.repository';
import { cellValue, exportLayout, gpsPartColumns, isMediaColumn, labelValue, mediaLink, uniqueHeaders, valueAt, type ExportColumn, type ExportLayout } from './columns';
import { placeNames } from './place-names.repository';
import { streamExportMedia } from './media-files.repository';
import { openStoredMedia, type MediaSource } from '../media/media-read';
import { csvCell, csvLine, jsonTextCell, parseJsonText, safeText } from './csv';
import { exportLinesQuery, streamExportLines, type ExportLineRow, type ExportTextRow } from './export-rows.repository';
import { lineSql, type SqlColumn } from './csv-sql';
import { BinaryCopyReader, type CopyOut, type CopyStream } from '../db/copy-out';
import { jsonBytesCell, jsonCellRoom } from './json-cell';
import { PacedWorkbook, type ExportProbe } from './export-pace';

export type { ExportProbe } from './export-pace';

export interface ExportRequest {
  definitionKey: string;
  filter: SubmissionFilter;
  locale: 'km' | 'en';
  headers: 'keys' | 'labels';
  /** Choice answers and review states as stored codes (default) or as words in `locale`. */
  values: 'codes' | 'labels';
  /** Where GET /media/:id is reached (`https://host/media/`): photos, signatures and recordings become links. Default `/media/`. */
  mediaBase?: string;
  /** ZIP only: the files the records name go into `media/<id>.<ext>`, read from the disk or the bucket (media/media-read.ts). Absent: links only. */
  media?: MediaSource;
}

const DEFAULT_MEDIA_BASE = '/media/';

export interface Prepared {
  layout: ExportLayout;
  scope: Scope;
  /** The request's filter with its training side settled (real records unless in training mode). */
  filter: SubmissionFilter;
  /** Place code → name in the export's language, when the form has place questions. */
  places: Map<string, string> | null;
}

/** Excel's sheet holds 1,048,576 rows: the header and this many records; then the next sheet. */
export const XLSX_ROWS_PER_SHEET = 1_048_575;

/** What a zip (archiver) buffers on each side before it waits for the client. */
const ZIP_HIGH_WATER = 256 * 1024;

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

/**
 * The columns fields become, made once per export: each field, beside a place question its name, a
 * GPS point as one column per part, a photo, signature or recording as the link to its file.
 */
function expand(columns: readonly ExportColumn[], prepared: Prepared, request: ExportRequest): OutColumn[] {
  return columns.flatMap((c) => {
    if (c.widget === 'gps') return gpsPartColumns(c, request.locale).map((p): OutColumn => ({ header: p.header, key: p.key, value: (data) => cellValue(valueAt(data, p.path)) }));
    if (isMediaColumn(c)) {
      const base = request.mediaBase ?? DEFAULT_MEDIA_BASE;
      return [{ header: c.label, key: c.path, value: (data) => cellValue(mediaLink(valueAt(data, c.path), base)) }];
    }
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

/** A CSV column read from the answer texts of a row (export-rows.repository): which one, and its cell. */
interface TextColumn extends SqlColumn {
  cell: (text: string | null) => string;
}

/** The CSV twins of recordColumns: the same cells, from each answer's JSON text instead of the document. */
function textColumns(layout: ExportLayout, prepared: Prepared, request: ExportRequest): TextColumn[] {
  const fields = layout.main.flatMap((c): TextColumn[] => {
    // A GPS point's parts are plain numbers and a time: value columns at their own paths.
    if (c.widget === 'gps') return gpsPartColumns(c, request.locale).map((p): TextColumn => ({ path: p.path, kind: 'value', cell: jsonTextCell }));
    if (isMediaColumn(c)) {
      const prefix = request.mediaBase ?? DEFAULT_MEDIA_BASE;
      return [{ path: c.path, kind: 'link', prefix, cell: (t) => csvCell(cellValue(mediaLink(parseJsonText(t), prefix))) }];
    }
    const words = request.values === 'labels' && c.options;
    const own: TextColumn = words ? { path: c.path, kind: 'labels', options: c.options!, cell: (t) => csvCell(labelValue(parseJsonText(t), c.options!)) } : { path: c.path, kind: 'value', cell: jsonTextCell };
    if (c.widget !== 'geography') return [own];
    const name = (t: string | null): string => {
      const code = parseJsonText(t);
      return csvCell(typeof code === 'string' ? (prepared.places?.get(code) ?? null) : null);
    };
    return [own, { path: c.path, kind: 'place', cell: name }];
  });
  return [...fields, ...layout.repeats.map((r): TextColumn => ({ path: r.path, kind: 'json', cell: jsonTextCell }))];
}

/** dataRow + csvLine for a text row: meta cells, then each column's cell (paths deduplicated in SQL). */
function textLine(row: ExportTextRow, columns: readonly TextColumn[], slots: readonly string[], request: ExportRequest): string {
  const state = request.values === 'labels' ? (STATE_WORDS[row.status]?.[request.locale] ?? row.status) : row.status;
  let line = `${csvCell(row.id)},${row.definition_version},${csvCell(row.geo_code)},${csvCell(row.period)},${csvCell(state)},${csvCell(row.created_at)}`;
  for (let i = 0; i < columns.length; i++) line += `,${columns[i]!.cell(row[slots[i] as `c${number}`] ?? null)}`;
  return `${line}\r\n`;
}

/** Chunks of about this many bytes go to the socket. */
const CSV_CHUNK = 64_000;

/**
 * A record's line written in Node, from the texts PostgreSQL gave when it could not write the line
 * itself (csv-sql.ts: numbers or keys JavaScript writes differently): the same cells as before.
 */
function rawLine(raw: string, columns: readonly TextColumn[], paths: readonly string[], request: ExportRequest): string {
  const a = JSON.parse(raw) as Array<string | null>;
  const row: ExportTextRow = { id: a[0]!, definition_version: Number(a[1]), geo_code: a[2] ?? null, period: a[3] ?? null, status: a[4]!, created_at: a[5]! };
  paths.forEach((_, i) => (row[`c${i}`] = a[6 + i] ?? null));
  return textLine(row, columns, columns.map((c) => `c${paths.indexOf(c.path)}`), request);
}

/** Lines from `COPY (lines query) TO STDOUT (format binary)`: PostgreSQL's bytes go out as they are, repeat groups' JSON compacted in place. */
async function* copiedLines(copy: CopyStream, fallback: (raw: string) => string, probe: ExportProbe): AsyncGenerator<Buffer> {
  const reader = new BinaryCopyReader();
  let out = Buffer.allocUnsafe(CSV_CHUNK * 2);
  let at = 0;
  for await (const chunk of copy.chunks) {
    reader.push(chunk);
    for (let tuple = reader.tuple(); tuple; tuple = reader.tuple()) {
      probe.rowRead?.();
      const line = tuple[0] ?? null;
      const raw = tuple[tuple.length - 1] ?? null;
      // No line from PostgreSQL: Node writes this record's line from its texts (rare; csv-sql.ts).
      const written = line === null ? Buffer.from(fallback(raw!.toString('utf8'))) : null;
      let room = written ? written.length : line!.length + 2;
      if (!written) for (let i = 1; i < tuple.length - 1; i++) room += 1 + (tuple[i] ? jsonCellRoom(tuple[i]!) : 0);
      if (at + room > out.length) {
        if (at > 0) yield out.subarray(0, at);
        out = Buffer.allocUnsafe(Math.max(CSV_CHUNK * 2, room));
        at = 0;
      }
      if (written) {
        at += written.copy(out, at);
        continue;
      }
      at += line!.copy(out, at);
      for (let i = 1; i < tuple.length - 1; i++) {
        out[at++] = 0x2c; // ,
        const json = tuple[i];
        if (!json) continue;
        const end = jsonBytesCell(json, out, at);
        at = end === -1 ? at + out.write(jsonTextCell(json.toString('utf8')), at) : end;
      }
      out[at++] = 0x0d;
      out[at++] = 0x0a;
    }
    if (at >= CSV_CHUNK) {
      yield out.subarray(0, at);
      out = Buffer.allocUnsafe(CSV_CHUNK * 2);
      at = 0;
    }
  }
  if (at > 0) yield out.subarray(0, at);
}

/** The same lines through a cursor (PGlite; PostgreSQL inside zip exports). */
async function* cursorLines(db: Kysely<Database>, query: CompiledQuery<ExportLineRow>, repeats: number, fallback: (raw: string) => string, probe: ExportProbe): AsyncGenerator<string> {
  let chunk = '';
  for await (const row of streamExportLines(db, query)) {
    probe.rowRead?.();
    if (row.line === null) {
      chunk += fallback(row.raw!);
    } else {
      chunk += row.line;
      for (let i = 0; i < repeats; i++) chunk += `,${jsonTextCell(row[`j${i}`] ?? null)}`;
      chunk += '\r\n';
    }
    if (chunk.length > CSV_CHUNK) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

export async function* csvExport(
  db: Kysely<Database>,
  prepared: Prepared,
  request: ExportRequest,
  layout: ExportLayout = prepared.layout,
  probe: ExportProbe = {},
  copyOut?: CopyOut,
): AsyncGenerator<string | Buffer> {
  // Readable.from(this) pulls a chunk only when the socket takes one, and fastify destroys it when the
  // client leaves: the generator then returns at its yield and the COPY (or cursor) is closed.
  let completed = false;
  let copy: CopyStream | undefined;
  try {
    // The byte-order mark makes Excel read the file as UTF-8, so Khmer shows correctly.
    yield `\uFEFF${csvLine(recordHeaders(recordColumns(layout, prepared, request), request))}`;
    const columns = textColumns(layout, prepared, request);
    const paths = [...new Set(columns.map((c) => c.path))];
    // Known states as words or as themselves: csv-sql.ts then writes their cells without quoting tests.
    const states = Object.fromEntries(Object.entries(STATE_WORDS).map(([state, words]) => [state, request.values === 'labels' ? words[request.locale] : state]));
    const lines = lineSql(columns, states, request.locale === 'km' ? 'name_km' : 'name_en');
    const query = exportLinesQuery(db, request.definitionKey, prepared.scope, prepared.filter, lines);
    const fallback = (raw: string): string => rawLine(raw, columns, paths, request);
    if (copyOut) {
      copy = await copyOut(query);
      yield* copiedLines(copy, fallback, probe);
    } else {
      yield* cursorLines(db, query, lines.json.length, fallback, probe);
    }
    completed = true;
  } finally {
    copy?.end(completed);
    probe.ended?.(completed ? 'completed' : 'aborted');
  }
}

/** One repeat group as CSV: a line per item, linked to its record by `_id`, numbered by `_index`. */
async function* repeatCsv(db: Kysely<Database>, prepared: Prepared, request: ExportRequest, repeat: ExportLayout['repeats'][number], probe: ExportProbe): AsyncGenerator<string> {
  const columns = expand(repeat.columns, prepared, request);
  yield `\uFEFF${csvLine(['_id', '_index', ...headers(columns, request)])}`;
  let chunk = '';
  for await (const row of streamMatching(db, request.definitionKey, prepared.scope, prepared.filter)) {
    probe.rowRead?.();
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
 * When the client leaves, the files' generators are destroyed, which closes their cursors (a paused
 * generator would otherwise hold its database connection for good).
 */
export async function zipExport(db: Kysely<Database>, prepared: Prepared, request: ExportRequest, out: Writable, probe: ExportProbe = {}): Promise<'completed' | 'aborted'> {
  const archiver = await loadArchiver();
  const zip = archiver('zip', { zlib: { level: 6 }, highWaterMark: ZIP_HIGH_WATER });
  const files: Readable[] = [];
  const file = (source: AsyncGenerator<string | Buffer>): Readable => {
    const readable = Readable.from(source);
    files.push(readable);
    return readable;
  };
  let aborted = false;
  const done = new Promise<void>((resolve, reject) => {
    out.on('close', () => {
      if (!out.writableFinished) {
        aborted = true;
        zip.abort();
        for (const f of files) f.destroy();
      }
      resolve();
    });
    out.on('finish', resolve);
    zip.on('error', reject);
  });
  zip.pipe(out);
  const names = [`${request.definitionKey}.csv`, ...prepared.layout.repeats.map((repeat) => `${request.definitionKey}-${repeat.path.replace(/[^A-Za-z0-9_.-]/g, '_')}.csv`)];
  zip.append(file(csvExport(db, prepared, request, { ...prepared.layout, repeats: [] }, { rowRead: probe.rowRead })), { name: names[0]! });
  prepared.layout.repeats.forEach((repeat, i) => zip.append(file(repeatCsv(db, prepared, request, repeat, probe)), { name: names[i + 1]! }));
  if (request.media) {
    const media = appendMedia(db, prepared, request, request.media, zip, names, done, () => aborted, probe);
    // A failure here (the database) ends the zip as an error; `done` still settles on the close.
    await Promise.race([media, done]);
  }
  const finalizing = zip.finalize();
  finalizing.catch(() => undefined); // after an abort it may never settle, or reject: `done` decides
  await Promise.race([finalizing, done]);
  await done;
  probe.ended?.(aborted ? 'aborted' : 'completed');
  return aborted ? 'aborted' : 'completed';
}

/** The stored file's name in a zip: its id (the one in the export's link) and an extension from its type. */
const MEDIA_EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'audio/webm': 'webm', 'audio/ogg': 'ogg', 'audio/mp4': 'm4a', 'audio/mpeg': 'mp3', 'audio/wav': 'wav' };

/** Resolves once archiver has written each entry of `names` (its 'entry' event). */
function written(zip: Zip, names: readonly string[]): Promise<void> {
  const left = new Set(names);
  return new Promise<void>((resolve) => {
    if (left.size === 0) return resolve();
    const onEntry = (entry: { name: string }) => {
      left.delete(entry.name);
      if (left.size > 0) return;
      zip.off('entry', onEntry);
      resolve();
    };
    zip.on('entry', onEntry);
  });
}

type Zip = ReturnType<Awaited<ReturnType<typeof loadArchiver>>>;

/**
 * Appends the files the exported records name (area and filters in SQL, media-files.repository.ts),
 * after the CSV files `before` are written (PGlite has one connection: two cursors may not wait on
 * each other), one at a time: the next file is opened only when archiver has written the last, so a
 * form with thousands of photos holds one file open and follows the client's pace. Stored, not
 * deflated (JPEG, PNG, WebM are compressed already). A file in neither the folder nor the bucket is left out.
 * When the client leaves (`done`), the loop ends, which closes the cursor.
 */
async function appendMedia(db: Kysely<Database>, prepared: Prepared, request: ExportRequest, source: MediaSource, zip: Zip, before: readonly string[], done: Promise<void>, gone: () => boolean, probe: ExportProbe): Promise<void> {
  await Promise.race([written(zip, before), done]);
  if (gone()) return;
  for await (const file of streamExportMedia(db, request.definitionKey, prepared.scope, prepared.filter)) {
    const bytes = await openStoredMedia(source, file);
    if (gone()) {
      bytes?.destroy();
      return;
    }
    if (!bytes) continue;
    const name = `media/${file.id}.${MEDIA_EXTENSIONS[file.content_type ?? ''] ?? 'bin'}`;
    const entry = written(zip, [name]);
    zip.append(bytes, { name, store: true });
    await Promise.race([entry, done]);
    if (gone()) return;
    probe.fileWritten?.();
  }
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
 * a sheet past Excel's 1,048,575 rows continues on the next one. Rows are written at the client's pace
 * (PacedWorkbook) and the export stops, its cursor closed, when the client goes away.
 */
export async function xlsxExport(
  db: Kysely<Database>,
  prepared: Prepared,
  request: ExportRequest,
  out: Writable,
  probe: ExportProbe = {},
  rowsPerSheet = XLSX_ROWS_PER_SHEET,
): Promise<'completed' | 'aborted'> {
  // archiver's default 1 MB buffer per side is more than a paced export needs.
  const zip = { highWaterMark: ZIP_HIGH_WATER } as Partial<ExcelJS.stream.xlsx.ArchiverZipOptions>;
  const Excel = await loadExcel();
  const workbook = new Excel.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false, zip } as Partial<ExcelJS.stream.xlsx.WorkbookWriterOptions>);
  const paced = new PacedWorkbook(workbook, out, probe);
  const rows = () => paced.rows(streamMatching(db, request.definitionKey, prepared.scope, prepared.filter));
  const stop = (): 'aborted' => {
    paced.abort();
    probe.ended?.('aborted');
    return 'aborted';
  };
  const { layout } = prepared;
  const mainColumns = recordColumns({ ...layout, repeats: [] }, prepared, request);
  const main = new SplitSheet(workbook, request.locale === 'km' ? 'ទិន្នន័យ' : 'Data', recordHeaders(mainColumns, request), rowsPerSheet);
  for await (const row of rows()) {
    main.add(dataRow(mainColumns, row, request).map(safeText));
  }
  if (paced.gone) return stop();
  main.close();
  for (const repeat of layout.repeats) {
    const columns = expand(repeat.columns, prepared, request);
    const header = ['_id', '_index', ...headers(columns, request)];
    const sheet = new SplitSheet(workbook, repeat.label.replace(/[\\/?*[\]:]/g, ' '), header, rowsPerSheet);
    for await (const row of rows()) {
      const items = valueAt(row.data, repeat.path);
      if (!Array.isArray(items)) continue;
      items.forEach((item, index) => {
        sheet.add([row.id, index + 1, ...columns.map((c) => safeText(c.value(item)))]);
      });
    }
    if (paced.gone) return stop();
    sheet.close();
  }
  // The last parts are small; a client that leaves now ends `out` without 'finish'.
  await Promise.race([workbook.commit(), once(out, 'close')]);
  if (!out.writableFinished) return stop();
  probe.ended?.('completed');
  return 'completed';
}
