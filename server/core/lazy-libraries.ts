// Libraries that only some requests need load on first use: exceljs (spreadsheet imports and
// exports), archiver (zip exports) and @odata/parser (feeds with $filter) are code an instance that
// only takes submissions may never need (docs/performance.md, the OData feed's memory).
// Each loads once per process; the promise is shared, so concurrent first uses load it once.
import type ExcelJSModule from 'exceljs';
import type archiverModule from 'archiver';

let excel: Promise<typeof ExcelJSModule> | undefined;
let odataParser: Promise<ODataParser> | undefined;

/** The part of @odata/parser the feeds use: `$filter` text → its syntax tree. */
export interface ODataParser {
  filter: (text: string) => unknown;
}

export function loadODataParser(): Promise<ODataParser> {
  odataParser ??= import('@odata/parser').then((m) => m.defaultParser as unknown as ODataParser);
  return odataParser;
}
let zip: Promise<typeof archiverModule> | undefined;

/** exceljs (its CommonJS export, as `import ExcelJS from 'exceljs'` gives it). */
export function loadExcel(): Promise<typeof ExcelJSModule> {
  excel ??= import('exceljs').then((m) => ((m as { default?: typeof ExcelJSModule }).default ?? (m as unknown as typeof ExcelJSModule)));
  return excel;
}

/** archiver's factory (`archiver('zip', options)`). */
export function loadArchiver(): Promise<typeof archiverModule> {
  zip ??= import('archiver').then((m) => ((m as { default?: typeof archiverModule }).default ?? (m as unknown as typeof archiverModule)));
  return zip;
}
