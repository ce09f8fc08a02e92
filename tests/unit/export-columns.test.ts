// Export helpers for analysis (issue 14.7): choice answers as labels, unique headers, and sheets that
// continue past Excel's row limit (shown with a limit of 2 rows).
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { labelValue, uniqueHeaders } from '../../server/exports/columns';
import { SplitSheet, XLSX_ROWS_PER_SHEET } from '../../server/exports/exports.service';

describe('export columns', () => {
  it('writes choice answers as their labels, a multiselect joined by "; ", unknown values as stored', () => {
    const options = new Map([['water', 'Clean water'], ['roads', 'Roads'], ['1', 'Low']]);
    expect(labelValue('water', options)).toBe('Clean water');
    expect(labelValue(['roads', 'water', 'other'], options)).toBe('Roads; Clean water; other');
    expect(labelValue(1, options)).toBe('Low');
    expect(labelValue('gone', options)).toBe('gone');
    expect(labelValue(undefined, options)).toBeNull();
  });

  it('makes repeated headers unique with their paths, then by number', () => {
    expect(uniqueHeaders(['Female', 'Total', 'Female', 'Female'], ['participants.female', 'total', 'youth.female', 'youth.female'])).toEqual([
      'Female (participants.female)',
      'Total',
      'Female (youth.female)',
      'Female (youth.female) 2',
    ]);
  });

  it('continues a sheet past the row limit on "<name> (2)", with the header again', async () => {
    expect(XLSX_ROWS_PER_SHEET).toBe(1_048_575);
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
    const sheet = new SplitSheet(workbook, 'Data', ['_id', 'n'], 2);
    for (let i = 1; i <= 5; i++) sheet.add([`r${i}`, i]);
    sheet.close();
    await workbook.commit();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => [w.name, w.getSheetValues().slice(1).map((r) => (r as unknown[])[1])])).toEqual([
      ['Data', ['_id', 'r1', 'r2']],
      ['Data (2)', ['_id', 'r3', 'r4']],
      ['Data (3)', ['_id', 'r5']],
    ]);
  });
});
