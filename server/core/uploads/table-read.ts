// CSV and XLSX files as named-column records, shared by the geography and service-provider imports.
// The first row holds the column names (case-insensitive, trimmed); rows are numbered as the
// spreadsheet shows them (header = row 1). XLSX: every sheet whose header has the key column is read.
// Uploads are read row by row against an UploadBudget (exceljs's streaming WorkbookReader, the
// incremental CSV reader), so the workbook model is never held whole; an XLSX file's bytes (capped by
// the budget) are, to be checked and put in the order the streaming reader handles (zip-order.ts).
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type ExcelJS from 'exceljs';
import { loadExcel } from '../lazy-libraries';
import { isProblem, Problem } from '../problems';
import { CsvReader, readCsv } from './csv-read';
import type { UploadBudget } from './upload-limits';
import { readAll } from './upload-read';
import { streamableXlsx, zipFiles, ZipError } from './zip-order';

/** However small the file, its unpacked XML never exceeds this (a zip bomb stops here). */
const MAX_INFLATED_BYTES = 256 * 1024 * 1024;

export interface TableRecord {
  row: number;
  cells: Record<string, string>;
}

export interface Table {
  /** The sheet name (XLSX) or undefined (CSV). */
  sheet?: string;
  columns: string[];
  records: TableRecord[];
}

/** Collects one table row by row: the first row names the columns, empty rows are skipped. */
class TableBuilder {
  columns: string[] | null = null;
  readonly records: TableRecord[] = [];

  add(cells: string[], row: number): void {
    if (this.columns === null) {
      this.columns = row === 1 ? cells.map((c) => c.trim().toLowerCase()) : [];
      if (row === 1) return;
    }
    if (cells.every((c) => c.trim() === '')) return;
    const record: Record<string, string> = {};
    this.columns.forEach((name, j) => {
      if (name) record[name] = (cells[j] ?? '').trim();
    });
    this.records.push({ row, cells: record });
  }

  table(sheet?: string): Table {
    return { ...(sheet === undefined ? {} : { sheet }), columns: this.columns ?? [], records: this.records };
  }
}

/** A whole CSV text at once (tests, small trusted files). */
export function readCsvTable(source: string): Table[] {
  const builder = new TableBuilder();
  readCsv(source).forEach((cells, i) => builder.add(cells, i + 1));
  return [builder.table()];
}

async function readCsvStream(source: Readable, budget: UploadBudget): Promise<Table[]> {
  const reader = new CsvReader();
  const decoder = new StringDecoder('utf8');
  const builder = new TableBuilder();
  let row = 0;
  const take = async (rows: string[][]) => {
    for (const cells of rows) {
      row += 1;
      await budget.row(cells, { row });
      builder.add(cells, row);
    }
  };
  for await (const chunk of source) {
    await take(reader.push(decoder.write(chunk as Buffer)));
    await budget.pause();
  }
  await take(reader.push(decoder.end()));
  await take(reader.end());
  return [builder.table()];
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return value.result === undefined || value.result === null ? '' : cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  if ('sharedFormula' in value || 'formula' in value) return '';
  return '';
}

export function unreadableXlsx(reason: string): Problem {
  const why = reason.replace(/\s+/g, ' ').slice(0, 200);
  const message = { en: `Not a readable XLSX file (${why}). Save it again from the spreadsheet program as .xlsx.`, km: `មិនមែនជាឯកសារ XLSX ដែលអាចអានបានទេ (${why})។ សូមរក្សាទុកវាម្តងទៀតជា .xlsx។` };
  return new Problem('BAD_INPUT', { message, errors: [{ path: 'file', keyword: 'xlsx', message }] });
}

async function readXlsxStream(source: Readable, keyColumn: string | null, budget: UploadBudget): Promise<Table[]> {
  const tables: Table[] = [];
  // The bytes are already capped by readUpload; held whole, they are checked and put in one-pass order
  // (zip-order.ts: exceljs loses sheets it has to park, exceljs#3064).
  let ordered: Buffer;
  try {
    ordered = await streamableXlsx(await readAll(source), Math.min(MAX_INFLATED_BYTES, budget.limits.maxBytes * 32));
  } catch (error) {
    if (error instanceof ZipError) throw unreadableXlsx(error.message);
    throw error;
  }
  const Excel = await loadExcel();
  const reader = new Excel.stream.xlsx.WorkbookReader(Readable.from([ordered]), { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' });
  // A workbook without its sheet index (xl/workbook.xml) still reads, its sheets unnamed (`Sheet<n>`):
  // exceljs would throw "reading 'sheets'". Callers find their sheets by columns, never by name alone.
  (reader as unknown as { model?: { sheets: unknown[] } }).model = { sheets: [] };
  try {
    for await (const sheet of reader) {
      const name = (sheet as unknown as { name?: string; id?: string | number }).name ?? `Sheet${String((sheet as unknown as { id?: unknown }).id ?? tables.length + 1)}`;
      const builder = new TableBuilder();
      for await (const row of sheet) {
        // Array.from, not map: the streamed row's values are sparse (empty cells are holes).
        const cells = Array.from(((row.values as ExcelJS.CellValue[]) ?? []).slice(1), cellText);
        await budget.row(cells, { file: name, row: row.number });
        builder.add(cells, row.number);
      }
      const table = builder.table(name);
      if (keyColumn === null || table.columns.includes(keyColumn)) tables.push(table);
      await budget.pause();
    }
  } catch (error) {
    if (isProblem(error)) throw error;
    throw unreadableXlsx(error instanceof Error ? error.message : String(error));
  }
  return tables;
}

/** A zip of CSV files (ODK Central's, SA Studio's exports): each `.csv` a table named by its file (no folder, no `.csv`). */
async function readCsvZip(source: Readable, budget: UploadBudget): Promise<Table[]> {
  let files: Array<{ name: string; data: Buffer }>;
  try {
    files = await zipFiles(await readAll(source), Math.min(MAX_INFLATED_BYTES, budget.limits.maxBytes * 32));
  } catch (error) {
    if (error instanceof ZipError) {
      const message = { en: `Not a readable zip file (${error.message}).`, km: `មិនមែនជាឯកសារ zip ដែលអាចអានបានទេ (${error.message})។` };
      throw new Problem('BAD_INPUT', { message, errors: [{ path: 'file', keyword: 'zip', message }] });
    }
    throw error;
  }
  const tables: Table[] = [];
  for (const file of files.filter((f) => f.name.toLowerCase().endsWith('.csv'))) {
    const [table] = await readCsvStream(Readable.from([file.data]), budget);
    tables.push({ ...table!, sheet: file.name.split('/').pop()!.replace(/\.csv$/i, '') });
  }
  return tables;
}

/** Reads an uploaded CSV, XLSX or zip-of-CSV stream into tables, charging every row to the budget (keyColumn null: every sheet). */
export async function readTables(source: Readable, format: 'csv' | 'xlsx' | 'zip', keyColumn: string | null, budget: UploadBudget): Promise<Table[]> {
  if (format === 'zip') return readCsvZip(source, budget);
  return format === 'csv' ? readCsvStream(source, budget) : readXlsxStream(source, keyColumn, budget);
}
