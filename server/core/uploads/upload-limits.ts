// Why: an upload is the request whose cost the client chooses. Every reader charges one budget (bytes
// while streaming, rows, columns, cell length, wall time) and yields to the event loop between batches,
// so a big or hostile file answers 413 PAYLOAD_TOO_LARGE with where it stopped, and /healthz and other
// requests keep answering while a file is read.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Problem } from '../problems';

export interface UploadLimits {
  /** Bytes of the uploaded file, counted while it streams in. */
  maxBytes: number;
  /** Data rows (every sheet, header rows included). */
  maxRows: number;
  /** Cells in one row. */
  maxColumns: number;
  /** Characters in one cell. */
  maxCellChars: number;
  /** Wall time to receive and read the file. */
  maxMs: number;
}

const MiB = 1024 * 1024;

/** Service providers: a few thousand rows in practice. */
export const PROVIDER_UPLOAD_LIMITS: UploadLimits = { maxBytes: 10 * MiB, maxRows: 50_000, maxColumns: 50, maxCellChars: 2_000, maxMs: 60_000 };
/** Geography: the whole gazetteer (about 16,500 units, 3 MB of YAML) fits several times over. */
export const GEO_UPLOAD_LIMITS: UploadLimits = { maxBytes: 20 * MiB, maxRows: 100_000, maxColumns: 50, maxCellChars: 2_000, maxMs: 120_000 };
/** The command line reads trusted files from disk: no practical limit. */
/** XLSForms: a few hundred questions with a dozen translated columns each. */
export const XLSFORM_UPLOAD_LIMITS: UploadLimits = { maxBytes: 5 * MiB, maxRows: 10_000, maxColumns: 200, maxCellChars: 4_000, maxMs: 30_000 };
export const UNLIMITED: UploadLimits = { maxBytes: Number.MAX_SAFE_INTEGER, maxRows: Number.MAX_SAFE_INTEGER, maxColumns: Number.MAX_SAFE_INTEGER, maxCellChars: Number.MAX_SAFE_INTEGER, maxMs: Number.MAX_SAFE_INTEGER };

/** Rows read between two yields to the event loop. */
export const YIELD_EVERY = 250;

const n = (v: number) => v.toLocaleString('en-US');

export function tooLarge(keyword: 'maxBytes' | 'maxRows' | 'maxColumns' | 'maxCellChars' | 'maxMs', en: string, km: string, at: { path?: string; file?: string; row?: number } = {}): Problem {
  const message = { en, km };
  return new Problem('PAYLOAD_TOO_LARGE', {
    message,
    errors: [{ path: at.path ?? 'file', keyword, message, ...(at.file ? { file: at.file } : {}), ...(at.row ? { row: at.row } : {}) }],
  });
}

export function bytesExceeded(limits: UploadLimits): Problem {
  return tooLarge('maxBytes', `The file is larger than ${n(limits.maxBytes / MiB)} MB.`, `ឯកសារធំជាង ${n(limits.maxBytes / MiB)} MB។`);
}

export function timeExceeded(limits: UploadLimits): Problem {
  return tooLarge('maxMs', `Reading the file took longer than ${n(limits.maxMs / 1000)} seconds; split it into smaller files.`, `ការអានឯកសារយូរជាង ${n(limits.maxMs / 1000)} វិនាទី។ សូមបំបែកវាជាឯកសារតូចៗ។`);
}

/** In loops over an upload's rows: lets other requests run every YIELD_EVERY rows. */
export async function breathe(i: number): Promise<void> {
  if (i > 0 && i % YIELD_EVERY === 0) await nextTurn();
}

/** One upload's running totals. Not shared between requests. */
export class UploadBudget {
  rows = 0;
  readonly deadline: number;

  constructor(readonly limits: UploadLimits) {
    this.deadline = limits.maxMs >= Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : Date.now() + limits.maxMs;
  }

  checkTime(): void {
    if (Date.now() > this.deadline) throw timeExceeded(this.limits);
  }

  /** Charges one row (its 1-based number and sheet, for the report); yields every YIELD_EVERY rows. */
  async row(cells: readonly string[], at: { file?: string; row: number }): Promise<void> {
    const { maxRows, maxColumns, maxCellChars } = this.limits;
    this.rows += 1;
    if (this.rows > maxRows) throw tooLarge('maxRows', `The file has more than ${n(maxRows)} rows; split it into smaller files.`, `ឯកសារមានជួរច្រើនជាង ${n(maxRows)}។ សូមបំបែកវាជាឯកសារតូចៗ។`, { path: 'row', ...at });
    if (cells.length > maxColumns) {
      let last = cells.length;
      while (last > 0 && cells[last - 1] === '') last -= 1;
      if (last > maxColumns) throw tooLarge('maxColumns', `Row ${at.row} has more than ${n(maxColumns)} columns.`, `ជួរទី ${at.row} មានជួរឈរច្រើនជាង ${n(maxColumns)}។`, { path: 'column', ...at });
    }
    const long = cells.findIndex((c) => c.length > maxCellChars);
    if (long >= 0) throw tooLarge('maxCellChars', `A cell of row ${at.row} (column ${long + 1}) is longer than ${n(maxCellChars)} characters.`, `ក្រឡាមួយនៃជួរទី ${at.row} (ជួរឈរទី ${long + 1}) វែងជាង ${n(maxCellChars)} តួអក្សរ។`, { path: `column.${long + 1}`, ...at });
    if (this.rows % YIELD_EVERY === 0) await this.pause();
  }

  /** Lets other requests run, then checks the time budget. */
  async pause(): Promise<void> {
    await nextTurn();
    this.checkTime();
  }
}
