// Exports follow the client (issue 14, Measure): over real HTTP, a client that stops reading holds the
// server to a bounded number of rows and bytes, and a client that leaves stops the export (its cursor
// closed). Asserted on counts and bytes from the export probe, never on speed. Plus repeat sheets
// continuing past an (injected, small) row limit.
import { randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportLayout } from '../../server/exports/columns';
import { xlsxExport, type ExportProbe } from '../../server/exports/exports.service';
import type { Definition } from '../../form-engine/index';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';

const engines = await testEngines();
afterAll(closeSharedPglite);

const RECORDS = 4_000;
/** Random base64 per record: ~6 KB of text that deflate cannot shrink much, so the file outgrows the socket buffers. */
const NOTE_BYTES = 4_500;
/** Bytes the server may hold for one export: its sheet buffer, the zip, `out` (about 1 MB). */
const LIMIT = 2 * 1024 * 1024;

const form = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  'x-kind': 'form',
  'x-title': { km: 'កំណត់ត្រា', en: 'Notes' },
  'x-order': ['note', 'items'],
  properties: {
    note: { type: 'string', 'x-widget': 'textarea', 'x-label': { km: 'កំណត់ចំណាំ', en: 'Note' } },
    items: {
      type: 'array',
      'x-widget': 'repeat',
      'x-label': { km: 'ធាតុ', en: 'Items' },
      items: { type: 'object', 'x-order': ['label'], properties: { label: { type: 'string', 'x-widget': 'text', 'x-label': { km: 'ស្លាក', en: 'Label' } } } },
    },
  },
  additionalProperties: false,
} as const;

interface Watch extends ExportProbe {
  rows: number;
  maxPending: number;
  outcome: Promise<'completed' | 'aborted'>;
}

function watch(): Watch {
  let settle: (o: 'completed' | 'aborted') => void = () => undefined;
  const w: Watch = {
    rows: 0,
    maxPending: 0,
    outcome: new Promise((resolve) => (settle = resolve)),
    rowRead: () => void (w.rows += 1),
    pending: (bytes) => void (w.maxPending = Math.max(w.maxPending, bytes)),
    ended: (o) => settle(o),
  };
  return w;
}

/** Resolves once `read()` stops changing between polls: the server waits (or has finished). */
async function settled(read: () => number): Promise<number> {
  let last = -1;
  let still = 0;
  while (still < 8) {
    await new Promise((r) => setTimeout(r, 50));
    const now = read();
    still = now === last ? still + 1 : 0;
    last = now;
  }
  return last;
}

describe.each(engines)('exports at the client’s pace on %s', (engine) => {
  let t: TestApp;
  let base: URL;
  const responses: IncomingMessage[] = [];

  const open = (path: string): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const req = httpRequest(new URL(path, base), { headers: { authorization: `Bearer ${t.token}` } }, (res) => (responses.push(res), resolve(res)));
      req.on('error', reject);
      req.end();
    });
  /** Takes the first chunk, then leaves `res` paused. */
  const firstChunk = (res: IncomingMessage): Promise<Buffer> => new Promise((resolve) => res.once('data', (c: Buffer) => (res.pause(), resolve(c))));

  beforeEach(async () => {
    t = await createTestApp(engine, {}, { reuse: false });
    await t.gql('mutation($s: JSON!) { saveDraft(key: "notes", schema: $s) { version } }', { s: form });
    await t.gql('mutation { publish(key: "notes") { version } }');
    const admin = await t.services.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
    for (let i = 0; i < RECORDS; i += 250) {
      const rows = Array.from({ length: Math.min(250, RECORDS - i) }, (_, k) => ({
        id: randomUUID(),
        definition_key: 'notes',
        definition_version: 1,
        data: JSON.stringify({ note: randomBytes(NOTE_BYTES).toString('base64'), items: [{ label: `item ${i + k}` }] }),
        submitted_by: admin.id,
      }));
      await t.services.db.insertInto('submission').values(rows).execute();
    }
    base = new URL(await t.app.listen({ port: 0, host: '127.0.0.1' }));
  }, 60_000);
  afterEach(async () => {
    for (const res of responses.splice(0)) res.destroy(); // a failed test may leave one paused
    await t.close();
  });

  it('XLSX: a client that stops reading holds the server to a bounded number of rows and bytes', async () => {
    const w = watch();
    t.services.exportProbe = w;
    const res = await open('/export/notes.xlsx?headers=keys');
    expect(res.statusCode).toBe(200);
    const chunks = [await firstChunk(res)];
    const held = await settled(() => w.rows);
    // The kernel's socket buffers take several MB of the ~24 MB file; the server's own buffers stay
    // bounded. Before the pacing, the writer read all 4,000 rows here and held the whole file.
    expect(held).toBeLessThan(RECORDS * 0.8);
    expect(w.maxPending).toBeLessThan(LIMIT);
    res.on('data', (c: Buffer) => chunks.push(c));
    res.resume();
    await new Promise((r) => res.on('end', r));
    expect(await w.outcome).toBe('completed');
    expect(w.rows).toBe(2 * RECORDS); // the main sheet, then the Items sheet
    expect(w.maxPending).toBeLessThan(LIMIT);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => [s.name, s.rowCount])).toEqual([
      ['ទិន្នន័យ', RECORDS + 1],
      ['ធាតុ', RECORDS + 1],
    ]);
  }, 60_000);

  it('XLSX: a client that leaves stops the export and closes its cursor', async () => {
    const w = watch();
    t.services.exportProbe = w;
    const res = await open('/export/notes.xlsx');
    await firstChunk(res);
    res.destroy();
    expect(await w.outcome).toBe('aborted');
    expect(w.rows).toBeLessThan(RECORDS * 0.8);
    // The connection is back in the pool: another export runs to the end.
    const again = watch();
    t.services.exportProbe = again;
    const next = await open('/export/notes.csv');
    next.resume();
    await new Promise((r) => next.on('end', r));
    expect([await again.outcome, again.rows]).toEqual(['completed', RECORDS]);
  }, 60_000);

  it('CSV and zip: a paused client bounds the rows read; one that leaves stops the export', async () => {
    const w = watch();
    t.services.exportProbe = w;
    const paused = await open('/export/notes.csv');
    await firstChunk(paused);
    expect(await settled(() => w.rows)).toBeLessThan(RECORDS * 0.8);
    paused.destroy();
    expect(await w.outcome).toBe('aborted');
    const z = watch();
    t.services.exportProbe = z;
    const zip = await open('/export/notes.zip');
    await firstChunk(zip);
    expect(await settled(() => z.rows)).toBeLessThan(RECORDS * 0.8);
    zip.destroy();
    expect(await z.outcome).toBe('aborted');
  }, 60_000);

  it('XLSX: a repeat sheet continues on "<name> (2)" past the row limit', async () => {
    const versions = [form as unknown as Definition];
    const layout = exportLayout(versions, 'en');
    const prepared = { layout, scope: { all: true as const }, filter: { training: false }, places: null };
    const request = { definitionKey: 'notes', filter: {}, locale: 'en' as const, headers: 'keys' as const, values: 'codes' as const };
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    expect(await xlsxExport(t.services.db, prepared, request, out, {}, 1_500)).toBe('completed');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => [s.name, s.rowCount])).toEqual([
      ['Data', 1_501],
      ['Data (2)', 1_501],
      ['Data (3)', 1_001],
      ['Items', 1_501],
      ['Items (2)', 1_501],
      ['Items (3)', 1_001],
    ]);
    expect(book.getWorksheet('Items (2)')!.getRow(1).values).toEqual([undefined, '_id', '_index', 'label']);
  }, 60_000);
});
