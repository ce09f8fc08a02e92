// Libraries that only some requests need load on first use: exceljs (spreadsheet imports and
// exports) and archiver (zip exports) are ~35 MB resident together, which an instance that only
// takes submissions and serves feeds never needs (docs/performance.md, the OData feed's memory).
// Each loads once per process; the promise is shared, so concurrent first uses load it once.
import type ExcelJSModule from 'exceljs';
import type archiverModule from 'archiver';

let excel: Promise<typeof ExcelJSModule> | undefined;
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
