// The CSV export's lines are written by PostgreSQL (server/exports/csv-sql.ts). Each cell it writes must
// be exactly the one Node writes (csvCell of cellValue / labelValue / the place name), for tricky and
// generated values, on both engines; a cell it cannot write exactly makes the line null (that record then
// goes the Node way), and common answers must not need that. Then the whole export over HTTP, with a
// record whose numbers only Node can write, against the lines Node writes for every record.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cellValue, labelValue } from '../../server/exports/columns';
import { csvCell, jsonTextCell } from '../../server/exports/csv';
import { jsonBytesCell, jsonCellRoom } from '../../server/exports/json-cell';
import { lineSql, type SqlColumn } from '../../server/exports/csv-sql';
import { csvExport, prepareExport } from '../../server/exports/exports.service';
import { placeNames } from '../../server/exports/place-names.repository';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { simpleForm, validAnswer } from '../fixtures/simple-form';

const engines = await testEngines();
afterAll(closeSharedPglite);

const TRICKY: unknown[] = [
  'plain', '', '=SUM(A1)', '+1', '-2', '@x', '\tx', 'a, b', 'say "hi"', 'line\nbreak', 'cr\r', 'back\\slash', '\u0001\u001f', 'ខ្មែរ, "ក"', 'a", "b', '\\", "',
  0, -0, 1, -1.5, 0.1, 0.000001, 1e-7, 1e21, 123456789012345680000, 2 ** 53 + 2, 123456789012345, 1.5e300, true, false, null,
  [], {}, [{}], [null, 1], ['a', 'b'], ['x, y', 'z'], ['-a'], [-5, 2.5], [true, 'x'], [1, [2]], [[]], { b: 1, a: [1, 2, { c: 'd' }] }, { '0': 1, b: 2 }, { '10': 'x', a: 'y' }, { 'key, with': 'v: w', 'q"': '\\"' },
  [{ issue: 'Not enough staff, at night', status: 'ongoing', n: 3, ok: true, none: null }, { issue: '"quoted"', list: [1, 2.5, -3e-9] }],
  [{ action: 'Fix the roof', status: 'completed', service: 'hc', due: '2026-03-01' }, { action: 'ខ្មែរ', status: 'ongoing', n: 12 }],
];
/** Answers every real form has: these must never need Node. */
const COMMON = ['plain', 'ខ្មែរ, "ក"', 'a, b', 0, 1, -1.5, 0.1, true, ['a', 'b'], ['x, y', 'z'], 123456789012345];

const PREFIX = '00000000-0000-4000-8000-000000000001,1,,,received,2026-01-01T00:00:00.000Z';

describe.each(engines)('CSV lines written by PostgreSQL on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => (t = await createTestApp(engine)));
  afterEach(async () => t.close());

  /** Each value as the answer `f` of a record, through the lines SQL of `columns`: the cells, or null. */
  /** Each value as the answer `f` of a record, through the lines SQL of `columns`: the lines, and the answers as Node read them (JSON.parse of jsonb's text: jsonb's key order). */
  const linesFor = async (values: unknown[], columns: SqlColumn[]): Promise<{ lines: Array<string | null>; read: unknown[] }> => {
    const { from } = lineSql(columns, null, 'name_en');
    const rows = await sql<{ line: string | null }>`with submission as (
        select '00000000-0000-4000-8000-000000000001'::uuid as id, 1 as definition_version, null::text as geo_code, null::date as period,
          'received'::text as status, '2026-01-01T00:00:00Z'::timestamptz as created_at, jsonb_build_object('f', x::jsonb) as data, n as seq
        from unnest(${values.map((v) => JSON.stringify(v))}::text[]) with ordinality u(x, n))
      select l.line, (submission.data -> 'f')::text as t from submission, ${from} order by submission.seq`.execute(t.services.db);
    return { lines: rows.rows.map((r) => r.line), read: rows.rows.map((r) => JSON.parse((r as unknown as { t: string }).t) as unknown) };
  };
  const cells = ({ lines }: { lines: Array<string | null> }, n: number): Array<string[] | null> =>
    lines.map((line) => {
      if (line === null) return null;
      expect(line.startsWith(`${PREFIX},`)).toBe(true);
      const rest = line.slice(PREFIX.length + 1);
      return n === 1 ? [rest] : null;
    });
  const same = (actual: Array<string[] | null>, expected: string[]): number => {
    let fallbacks = 0;
    actual.forEach((cell, i) => (cell === null ? fallbacks++ : expect([i, cell[0]]).toEqual([i, expected[i]])));
    return fallbacks;
  };

  it('writes answers (codes) as Node does, leaving to Node only what it must', async () => {
    const out = await linesFor(TRICKY, [{ path: 'f', kind: 'value' }]);
    const fallbacks = same(cells(out, 1), out.read.map((v) => csvCell(cellValue(v))));
    expect(fallbacks).toBeGreaterThan(0); // 1e21, 2^53 + 2, keys such as "0", -3e-9 …
    expect(fallbacks).toBeLessThan(20); // also objects: a repeat group's cell is written by Node (json-cell.ts)
    const common = cells(await linesFor(COMMON, [{ path: 'f', kind: 'value' }]), 1);
    expect(common.filter((c) => c === null)).toHaveLength(0);
  });

  it('compacts repeat groups\' JSON bytes as Node writes the cell (json-cell.ts)', async () => {
    // Repeat rows as forms store them (text, whole numbers, yes/no, choices), and anything JSON can hold.
    const answer = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }));
    const rows = fc.sample(fc.array(fc.dictionary(fc.string(), answer, { minKeys: 1 }), { minLength: 1, maxLength: 4 }), { numRuns: 200, seed: 15 });
    const sample = fc.sample(fc.array(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })), { maxLength: 4 }), { numRuns: 200, seed: 16 });
    const values = [...TRICKY, ...rows, ...sample].filter((v) => !JSON.stringify(v).includes('\\u0000'));
    const { from, json } = lineSql([{ path: 'f', kind: 'json' }], null, 'name_en');
    const result = await sql<{ line: string; j: string | null }>`with submission as (
        select gen_random_uuid() as id, 1 as definition_version, null::text as geo_code, null::date as period,
          'received'::text as status, now() as created_at, jsonb_build_object('f', x::jsonb) as data, n as seq
        from unnest(${values.map((v) => JSON.stringify(v))}::text[]) with ordinality u(x, n))
      select l.line, ${json[0]!} as j from submission, ${from} order by submission.seq`.execute(t.services.db);
    let compacted = 0;
    for (const row of result.rows) {
      expect(row.line).not.toBeNull(); // the line before the repeat cells
      if (row.j === null) continue;
      const src = Buffer.from(row.j);
      const out = Buffer.alloc(jsonCellRoom(src) + 4);
      const end = jsonBytesCell(src, out, 2);
      if (end === -1) continue;
      compacted++;
      expect(out.subarray(2, end).toString('utf8')).toBe(jsonTextCell(row.j));
    }
    expect(compacted).toBeGreaterThan(rows.length / 4); // random keys often start with a digit: those go to jsonTextCell
    const repeat = Buffer.from('[{"action": "Fix the roof, now", "n": 3, "ok": true, "x": null}, {"q": "say \\"hi\\"", "l": [1, 2.5]}]');
    const out = Buffer.alloc(jsonCellRoom(repeat));
    expect(out.subarray(0, jsonBytesCell(repeat, out, 0)).toString()).toBe(jsonTextCell(repeat.toString()));
  });

  /**
   * Like linesFor, from jsonb texts (numbers JavaScript cannot write, such as 1.50) and with every answer
   * of a record under its own key. `materialized`: inlined, the constant id and status made PostgreSQL
   * cache the line per key set (Memoize), a key per column use, past its 1,664 columns for 60 answers;
   * a real export's line reads submission.id, which is unique, so no cache is ever planned there.
   */
  const linesForTexts = async (records: Array<Record<string, string>>, columns: SqlColumn[]): Promise<Array<string | null>> => {
    const { from } = lineSql(columns, null, 'name_en');
    const rows = await sql<{ line: string | null }>`with submission as materialized (
        select '00000000-0000-4000-8000-000000000001'::uuid as id, 1 as definition_version, null::text as geo_code, null::date as period,
          'received'::text as status, '2026-01-01T00:00:00Z'::timestamptz as created_at, x::jsonb as data, n as seq
        from unnest(${records.map((r) => `{${Object.entries(r).map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ')}}`)}::text[]) with ordinality u(x, n))
      select l.line from submission, ${from} order by submission.seq`.execute(t.services.db);
    return rows.rows.map((r) => r.line);
  };

  it('writes edge values as Node does: the whole-number fast path, quoting and the formula guard', async () => {
    // Each text as jsonb stores it; the reference is Node's cell of JSON.parse of jsonb's own text.
    const texts = [
      '0', '-0', '7', '-7', '2026', '100', '123456789012345', '-123456789012345', '-12345678901234', '1234567890123456', '999999999999999', '1e2', '1E21', '1e21',
      '0.1', '-0.5', '1.50', '1.0', '-0.0', '0.000001', '0.0000010', '0.0000001', '123456789012345.5', '12345678901234.5',
      'true', 'false', 'null',
      '"\\r"', '"\\n"', '"\\""', '","', '"a\\r\\nb"', '"=x"', '"+x"', '"-x"', '"@x"', '"\\tx"', '"\\rx"', '" =x"', '"x="', '"\\n=x"', '"ខ្មែរ"', '"ខ្មែរ, \\"ក\\"\\n"', '""', '"0"', '"1e21"',
      '[]', '["=x", "b"]', '["say \\"hi\\""]', '["a\\nb"]', '["ខ្មែរ", 1, true]', '[0.1, 0.000001]', '[1.50]', '[1e21]', '[-0]', '[""]', '["", ""]', '[null]', '[[]]', '[{}]',
    ];
    const lines = await linesForTexts(texts.map((f) => ({ f })), [{ path: 'f', kind: 'value' }]);
    const read = await sql<{ t: string }>`select x::jsonb::text as t from unnest(${texts}::text[]) with ordinality u(x, n) order by n`.execute(t.services.db);
    let fallbacks = 0;
    lines.forEach((line, i) => {
      const expected = `${PREFIX},${csvCell(cellValue(JSON.parse(read.rows[i]!.t)))}`;
      if (line === null) fallbacks++;
      else expect([texts[i], line]).toEqual([texts[i], expected]);
    });
    // Only numbers JavaScript writes otherwise (16+ digits, trailing zeros, tiny, 1e21) and arrays holding them or objects go to Node.
    const node = texts.filter((_, i) => lines[i] === null);
    expect(node).toEqual(['1234567890123456', '1E21', '1e21', '1.50', '1.0', '-0.0', '0.0000010', '0.0000001', '123456789012345.5', '[1.50]', '[1e21]', '[null]', '[[]]', '[{}]']);
    expect(fallbacks).toBe(node.length);
  });

  it('writes the meta cells as Node does: review states from the map or quoted, periods with the guard', async () => {
    // textLine writes csvCell of the state's word (unknown states: the state itself) and of the period's text.
    const states: Record<string, string> = { received: 'Received', approved: 'Yes, "ok"', has_issues: '=bad' };
    const cases: Array<[string, string | null]> = [['received', '2026-03-01'], ['approved', null], ['has_issues', '-infinity'], ['odd,one', 'infinity'], ['-x', '2026-12-31'], ['rejected', '0001-01-01 BC']];
    const { from } = lineSql([], states, 'name_en');
    const rows = await sql<{ line: string | null; period: string | null }>`with submission as materialized (
        select '00000000-0000-4000-8000-000000000001'::uuid as id, 1 as definition_version, 'KH,1'::text as geo_code, p::date as period,
          s as status, '2026-01-01T00:00:00Z'::timestamptz as created_at, '{}'::jsonb as data, n as seq
        from unnest(${cases.map((c) => c[0])}::text[], ${cases.map((c) => c[1])}::text[]) with ordinality u(s, p, n))
      select l.line, submission.period::text as period from submission, ${from} order by submission.seq`.execute(t.services.db);
    expect(rows.rows.map((r) => r.line)).toEqual(
      cases.map(([status], i) => `00000000-0000-4000-8000-000000000001,1,${csvCell('KH,1')},${csvCell(rows.rows[i]!.period)},${csvCell(states[status] ?? status)},2026-01-01T00:00:00.000Z`),
    );
  });

  it('writes many answers of a record, arrays among them, as Node does', async () => {
    // More array-capable answers than one jsonb_build_object takes (50 pairs), and choices in words beside them.
    const options = new Map([['a', 'Apple, red'], ['1', '=One'], ['true', 'Yes']]);
    const kinds = ['["a", "b"]', '"x, y"', '2', '[1, "a", true]', 'null', '["=q"]', 'true', '[]', '"ខ្មែរ"', '[1.5, -2]'];
    const records = [0, 1, 2].map((r) => Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`f${i}`, kinds[(i + r) % kinds.length]!])));
    const columns: SqlColumn[] = Array.from({ length: 60 }, (_, i): SqlColumn => (i % 7 === 3 ? { path: `f${i}`, kind: 'labels', options } : { path: `f${i}`, kind: 'value' }));
    const lines = await linesForTexts(records, columns);
    records.forEach((record, r) => {
      const cells = columns.map((c) => {
        const value = JSON.parse(record[c.path]!) as unknown;
        return csvCell(c.kind === 'labels' ? labelValue(value, options) : cellValue(value));
      });
      expect(lines[r]).toBe(`${PREFIX},${cells.join(',')}`);
    });
  });

  it('writes generated answers as Node does', async () => {
    const sample = fc.sample(fc.oneof(fc.jsonValue(), fc.array(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })), { maxLength: 4 })), { numRuns: 300, seed: 14 });
    const values = sample.filter((v) => !JSON.stringify(v).includes('\\u0000'));
    const out = await linesFor(values, [{ path: 'f', kind: 'value' }]);
    const fallbacks = same(cells(out, 1), out.read.map((v) => csvCell(cellValue(v))));
    expect(values.length - fallbacks).toBeGreaterThan(values.length / 5); // random numbers, objects and keys often need Node
  });

  it('writes choices as words and places as names as Node does', async () => {
    const options = new Map([['a', 'Apple, red'], ['1', '=One'], ['true', 'Yes'], ['b', 'ខ្មែរ']]);
    const out = await linesFor(['a', 'b', 'zz', '-x', 1, 2, -5, true, false, null, ['a', 'b', 1, 'q'], [], ['a', null], { x: 1 }, 1e21], [{ path: 'f', kind: 'labels', options }]);
    const fallbacks = same(cells(out, 1), out.read.map((v) => csvCell(labelValue(v, options))));
    expect(fallbacks).toBe(3); // ['a', null], { x: 1 } and 1e21
    const names = await placeNames(t.services.db, 'en');
    const code = [...names.keys()][0]!;
    const places = [code, 'nowhere', 5, null, [code]];
    const got = cells(await linesFor(places, [{ path: 'f', kind: 'place' }]), 1);
    expect(same(got, places.map((v) => csvCell(typeof v === 'string' ? (names.get(v) ?? null) : null)))).toBe(0);
    expect(got[0]).toEqual([csvCell(names.get(code)!)]);
  });

  it('exports over HTTP exactly the lines Node writes, records only Node can write included', async () => {
    await t.gql('mutation($s: JSON!) { saveDraft(key: "test-form", schema: $s) { version } }', { s: simpleForm });
    await t.gql('mutation { publish(key: "test-form") { version } }');
    const submit = (data: unknown) => t.gql('mutation($i: SubmitInput!) { submit(input: $i) { id } }', { i: { id: randomUUID(), definitionKey: 'test-form', definitionVersion: 1, data } });
    for (const name of ['=HYPERLINK("x")', 'ខ្មែរ, "ក"', 'plain']) expect((await submit({ ...validAnswer, name })).errors).toBeUndefined();
    // A number JavaScript writes as 1e+21 (PostgreSQL: 1000…0): that record's line is Node's.
    await sql`update submission set data = jsonb_set(data, '{score}', '1e21'::jsonb) where data->>'name' = 'plain'`.execute(t.services.db);
    const exportFile = (query: string) => t.app.inject({ method: 'GET', url: `/export/${query}`, headers: { authorization: `Bearer ${t.token}` } });
    for (const query of ['test-form.csv?headers=keys', 'test-form.csv?headers=keys&lang=en&values=labels']) {
      const res = await exportFile(query);
      expect(res.statusCode).toBe(200);
      const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
      expect(lines).toHaveLength(5);
      const at = lines[0]!.split(',').indexOf('score');
      const plain = lines.find((l) => l.includes(',plain,'))!;
      expect(plain.split(',')[at]).toBe('1e+21');
      expect(res.body).toContain('"\'=HYPERLINK(""x"")"');
    }
    // PostgreSQL: the COPY path and the cursor path write the same bytes.
    if (t.services.copyOut) {
      const request = { definitionKey: 'test-form', filter: { version: null, geo: null, from: null, to: null, states: null }, locale: 'en' as const, headers: 'keys' as const, values: 'labels' as const };
      const admin = await t.services.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
      const actor = { id: admin.id, username: 'admin', displayName: 'admin', locale: 'en', grants: [{ role: 'system_admin', geoCode: '' }], mustChangePassword: false, trainingMode: false, sessionId: 'test', ip: null };
      const prepared = await prepareExport(t.services.db, actor, request);
      const text = async (copy: boolean) => {
        let out = '';
        for await (const chunk of csvExport(t.services.db, prepared, request, prepared.layout, {}, copy ? t.services.copyOut : undefined)) out += chunk.toString();
        return out;
      };
      const viaCopy = await text(true);
      expect(viaCopy).toBe(await text(false));
      expect(viaCopy.split('\r\n')).toHaveLength(5);
    }
  });
});
