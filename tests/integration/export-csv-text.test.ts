// The CSV export reads answers as jsonb's JSON text (export-rows.repository) and must write exactly the
// cells it wrote from parsed documents: jsonTextCell(text) === csvCell(cellValue(JSON.parse(text))) for
// jsonb's own text of tricky and generated values, on both engines.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cellValue } from '../../server/exports/columns';
import { csvCell, jsonTextCell, parseJsonText } from '../../server/exports/csv';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';

const engines = await testEngines();
afterAll(closeSharedPglite);

const TRICKY: unknown[] = [
  'plain', '', '=SUM(A1)', '+1', '-2', '@x', '\tx', 'a, b', 'say "hi"', 'line\nbreak', 'cr\r', 'back\\slash', '\u0001\u001f', 'ខ្មែរ, "ក"', 'a", "b', '\\", "',
  0, -0, 1, -1.5, 0.1, 1e21, 1e-7, 123456789012345680000, 2 ** 53 + 2, true, false, null,
  [], {}, [{}], [null, 1], ['a', 'b'], ['x, y', 'z'], [1, [2]], { b: 1, a: [1, 2, { c: 'd' }] }, { '0': 1, b: 2 }, { '10': 'x', a: 'y' }, { 'key, with': 'v: w', 'q"': '\\"' },
  [{ issue: 'Not enough staff, at night', status: 'ongoing', n: 3, ok: true, none: null }, { issue: '"quoted"', list: [1, 2.5, -3e-9] }],
];

describe.each(engines)('CSV cells from jsonb text on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => (t = await createTestApp(engine)));
  afterEach(async () => t.close());

  const asJsonb = async (values: unknown[]): Promise<string[]> => {
    const rows = await sql<{ t: string }>`select x::jsonb::text as t from unnest(${values.map((v) => JSON.stringify(v))}::text[]) with ordinality u(x, n) order by n`.execute(t.services.db);
    return rows.rows.map((r) => r.t);
  };
  const reference = (text: string) => csvCell(cellValue(JSON.parse(text)));

  it('writes the same cells as the parsed path for tricky values', async () => {
    const texts = await asJsonb(TRICKY);
    expect(texts.map(jsonTextCell)).toEqual(texts.map(reference));
    expect(jsonTextCell(null)).toBe(csvCell(cellValue(undefined)));
    expect(texts.map(parseJsonText)).toEqual(texts.map((x) => JSON.parse(x)));
  });

  it('writes the same cells as the parsed path for generated JSON', async () => {
    const values = fc.sample(fc.oneof(fc.jsonValue(), fc.array(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })), { maxLength: 4 })), { numRuns: 400, seed: 14 });
    const texts = await asJsonb(values.map((v) => JSON.parse(JSON.stringify(v)) as unknown).filter((v) => !JSON.stringify(v).includes('\\u0000')));
    expect(texts.map(jsonTextCell)).toEqual(texts.map(reference));
  });
});
