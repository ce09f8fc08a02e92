// CSV and XLSX files as named-column records, shared by the geography and service-provider imports.
// The first row holds the column names (case-insensitive, trimmed); rows are numbered as the
// spreadsheet shows them (header = row 1). XLSX: every sheet whose header has the key column is read.
import ExcelJS from 'exceljs';
import { readCsv } from './csv-read';

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

function toRecords(rows: string[][]): Omit<Table, 'sheet'> {
  const columns = (rows[0] ?? []).map((c) => c.trim().toLowerCase());
  const records: TableRecord[] = [];
  rows.slice(1).forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return;
    const record: Record<string, string> = {};
    columns.forEach((name, j) => {
      if (name) record[name] = (cells[j] ?? '').trim();
    });
    records.push({ row: i + 2, cells: record });
  });
  return { columns, records };
}

export function readCsvTable(source: string): Table[] {
  return [toRecords(readCsv(source))];
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return value.result === undefined || value.result === null ? '' : cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  return '';
}

export async function readXlsxTables(buffer: Buffer, keyColumn: string): Promise<Table[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const tables: Table[] = [];
  workbook.eachSheet((sheet) => {
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, n) => {
      const values = row.values as ExcelJS.CellValue[];
      rows[n - 1] = values.slice(1).map(cellText);
    });
    for (let i = 0; i < rows.length; i++) rows[i] ??= [];
    const table = toRecords(rows);
    if (table.columns.includes(keyColumn)) tables.push({ sheet: sheet.name, ...table });
  });
  return tables;
}
