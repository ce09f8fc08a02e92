// The upload readers on their own: the incremental CSV reader gives the same rows however the bytes
// are split into chunks, and readUpload stops a stalled or over-long upload at its budget.
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isProblem } from '../../server/core/problems';
import { CsvReader, readCsv } from '../../server/core/uploads/csv-read';
import { readTables } from '../../server/core/uploads/table-read';
import { UploadBudget, type UploadLimits } from '../../server/core/uploads/upload-limits';
import { readUpload } from '../../server/core/uploads/upload-read';

const LIMITS: UploadLimits = { maxBytes: 1024 * 1024, maxRows: 1000, maxColumns: 50, maxCellChars: 2000, maxMs: 60_000 };

async function problemOf(work: Promise<unknown>): Promise<{ code: string; keyword?: string | undefined }> {
  try {
    await work;
  } catch (error) {
    if (isProblem(error)) return { code: error.code, keyword: error.errors?.[0]?.keyword };
    throw error;
  }
  throw new Error('expected a problem');
}

describe('incremental CSV reader', () => {
  it('reads the same rows however the text is split into chunks', () => {
    // No ';': a header with ';' and no ',' switches the separator (Excel's locale export), by design.
    const cell = fc.oneof(fc.constantFrom('', 'a', 'ក', '"', '""', ',', '\r\n', '\n', '\r', ' x '), fc.string({ maxLength: 5 }).map((c) => c.replace(/;/g, '.')));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 8 }), (rows, cuts) => {
        const text = `\uFEFF${rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n')}`;
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const reader = new CsvReader();
        const got: string[][] = [];
        let from = 0;
        for (const p of [...points, text.length]) {
          got.push(...reader.push(text.slice(from, p)));
          from = p;
        }
        got.push(...reader.end());
        expect(got).toEqual(readCsv(text));
        // A last row of one empty quoted cell reads as no row (as it always has): compare the rest.
        const last = rows.at(-1)!;
        expect(got).toEqual(last.length === 1 && last[0] === '' ? rows.slice(0, -1) : rows);
      }),
    );
  });
});

describe('readUpload budgets', () => {
  it('stops a stalled upload at the time budget with maxMs', async () => {
    const budget = new UploadBudget({ ...LIMITS, maxMs: 50 });
    const stalled = new Readable({ read() {} });
    stalled.push('code,name\n');
    expect(await problemOf(readUpload(stalled, budget, (s) => readTables(s, 'csv', 'code', budget)))).toEqual({ code: 'PAYLOAD_TOO_LARGE', keyword: 'maxMs' });
  });

  it('stops at the byte budget while streaming, and calls an empty body empty', async () => {
    const budget = new UploadBudget({ ...LIMITS, maxBytes: 100 });
    const body = Readable.from([Buffer.from('code,name\n'), Buffer.alloc(200, 0x61)]);
    expect(await problemOf(readUpload(body, budget, (s) => readTables(s, 'csv', 'code', budget)))).toEqual({ code: 'PAYLOAD_TOO_LARGE', keyword: 'maxBytes' });
    const empty = new UploadBudget(LIMITS);
    expect(await problemOf(readUpload(Readable.from([]), empty, (s) => readTables(s, 'csv', 'code', empty)))).toEqual({ code: 'BAD_INPUT', keyword: 'required' });
  });
});
