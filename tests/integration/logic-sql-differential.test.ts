// One meaning for indicator JSONLogic: every filter the grammar allows, compiled to SQL
// (server/indicators/logic-sql.ts) and run over rows in a real table, selects exactly the rows
// json-logic-js accepts (form-engine evaluateLogic + isTruthy). Generated filters × generated
// submissions (seeded, so the same every run), plus the hand-written cases testers reported, on
// PGlite and PostgreSQL.
import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateLogic, isTruthy, type IndicatorDefinition } from '../../form-engine/index';
import { migrateToLatest } from '../../server/db/migrate';
import { assertIndicatorLogic, LogicCompileError, logicCondition } from '../../server/indicators/logic-sql';
import { closeSharedPglite, createTestDatabase, testEngines } from '../helpers/databases';
import type { DatabaseHandle } from '../../server/db/database';

const engines = await testEngines();
afterAll(closeSharedPglite);

// ---------- submissions ----------
const NUMBERS = [0, 1, -1, 2, 5, 10, 0.5, -2.5, 123.456, 1e21, 1.5e-7, 2 ** 53 + 2, 1e-300];
const NUMERIC_STRINGS = ['0', '1', '1.0', '01', ' 2 ', '\u00a05\n', '-1', '+3', '.5', '5.', '1e3', '1E-2', '0x10', '0b11', '0o7', '', ' ', 'Infinity', '-Infinity', '1e400', '-1e-400', 'NaN', '1_000', '0x', '12abc'];
const DATES = ['2025-01-01', '2025-06-15', '2025-12-31', '2026-01-01', '2026-02-01T08:00:00Z', '2024-12-31'];
const STRINGS = ['a', 'abc', 'B', 'completed', 'ongoing', 'true', 'false', 'null', 'ស្ត្រី', '😀', '\uffff', '[object Object]', 'a,b', '1,2'];
const scalar = fc.oneof(
  fc.constantFrom(...NUMBERS),
  fc.integer({ min: -3, max: 12 }),
  fc.constantFrom(...NUMERIC_STRINGS),
  fc.constantFrom(...DATES),
  fc.constantFrom(...STRINGS),
  fc.boolean(),
  fc.constant(null),
);
const array = fc.oneof(
  fc.array(fc.constantFrom('a', 'b', 'completed', 'ongoing', '1', ''), { maxLength: 3 }),
  fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }),
  fc.array(scalar, { maxLength: 3 }),
  fc.constant([[1, 2], 3]),
  fc.constant([null]),
  fc.array(fc.record({ x: scalar, y: fc.constantFrom('a', 'b') }, { requiredKeys: [] }), { maxLength: 3 }),
);
const value = fc.oneof({ weight: 6, arbitrary: scalar }, { weight: 2, arbitrary: array }, { weight: 1, arbitrary: fc.record({ x: scalar }, { requiredKeys: [] }) });
const submission = fc.record({ n: value, s: value, d: value, b: value, m: value, o: fc.oneof(value, fc.record({ x: value, y: scalar }, { requiredKeys: [] })) }, { requiredKeys: [] });

// ---------- filters (the grammar of form-engine/indicator/logic-subset.ts) ----------
const PATHS = ['n', 's', 'd', 'b', 'm', 'o', 'o.x', 'o.y', 'missing', 'm.x', 's.x'];
const literal = fc.oneof(fc.constantFrom(...NUMBERS.slice(0, 10)), fc.constantFrom(...NUMERIC_STRINGS.slice(0, 18)), fc.constantFrom(...DATES), fc.constantFrom(...STRINGS), fc.boolean(), fc.constant(null));
const variable = (paths: string[]) =>
  fc.oneof(
    fc.constantFrom(...paths).map((p) => ({ var: p })),
    fc.tuple(fc.constantFrom(...paths), literal).map(([p, d]) => ({ var: [p, d] })),
  );
const COMPARE = ['==', '!=', '===', '!==', '<', '<=', '>', '>='];

function grammar(paths: string[], depth: number): { value: fc.Arbitrary<unknown>; cond: fc.Arbitrary<unknown> } {
  const leaf = fc.oneof({ weight: 3, arbitrary: variable(paths) }, { weight: 2, arbitrary: literal });
  if (depth === 0) return { value: leaf, cond: leaf };
  const inner = grammar(paths, depth - 1);
  const compare = fc.tuple(fc.constantFrom(...COMPARE), inner.value, inner.value).map(([op, a, b]) => ({ [op]: [a, b] }));
  const between = fc.tuple(fc.constantFrom('<', '<='), inner.value, inner.value, inner.value).map(([op, a, b, c]) => ({ [op]: [a, b, c] }));
  const not = fc.tuple(fc.constantFrom('!', '!!'), inner.cond, fc.boolean()).map(([op, a, wrap]) => ({ [op]: wrap ? [a] : a }));
  const haystack = fc.oneof(fc.array(literal, { maxLength: 4 }), fc.constantFrom('abc', 'completed,ongoing', '2025-12-31', '', 'null'), variable(paths));
  const inOp = fc.tuple(inner.value, haystack).map(([a, h]) => ({ in: [a, h] }));
  const itemPaths = ['', 'x', 'y'];
  const itemCond = grammar(itemPaths, Math.min(depth - 1, 1)).cond;
  const quantifier = fc.tuple(fc.constantFrom('all', 'some', 'none'), variable(['m', 'o', 's', 'o.x', 'missing']), itemCond).map(([op, list, c]) => ({ [op]: [list, c] }));
  const value = fc.oneof({ weight: 2, arbitrary: leaf }, { weight: 5, arbitrary: compare }, { weight: 1, arbitrary: between }, { weight: 2, arbitrary: not }, { weight: 2, arbitrary: inOp }, { weight: 2, arbitrary: quantifier });
  const andOr = fc.tuple(fc.constantFrom('and', 'or'), fc.array(inner.cond, { minLength: 1, maxLength: 3 })).map(([op, xs]) => ({ [op]: xs }));
  return { value, cond: fc.oneof({ weight: 3, arbitrary: value }, { weight: 1, arbitrary: andOr }) };
}

const filterArb = grammar(PATHS, 3).cond;
// With `each`: one row per item of `m`, `row.x` reads the item, plain paths the submission.
const itemFilterArb = grammar(['row.x', 'row.y', 'n', 's', 'm'], 2).cond;

// ---------- the two sides ----------
async function sqlRows(db: Kysely<any>, filter: unknown): Promise<number[]> {
  const cond = logicCondition(filter, { data: sql`t.data`, elements: [] });
  const { rows } = await sql<{ id: number }>`select id from logic_case t where ${cond} order by id`.execute(db);
  return rows.map((r) => Number(r.id));
}

async function sqlItemRows(db: Kysely<any>, filter: unknown): Promise<string[]> {
  const cond = logicCondition(filter, { data: sql`t.data`, item: sql`item.value`, elements: [] });
  const { rows } = await sql<{ id: number; i: string }>`select t.id, item.i from logic_case t
    cross join lateral jsonb_array_elements(case when jsonb_typeof(t.data -> 'm') = 'array' then t.data -> 'm' else '[]'::jsonb end) with ordinality as item(value, i)
    where ${cond} order by t.id, item.i`.execute(db);
  return rows.map((r) => `${r.id}.${Number(r.i) - 1}`);
}

function jsItemRows(rows: unknown[], filter: unknown): string[] {
  return rows.flatMap((data, id) => {
    const items = (data as { m?: unknown }).m;
    return Array.isArray(items) ? items.flatMap((item, i) => (isTruthy(evaluateLogic(filter, data, item)) ? [`${id}.${i}`] : [])) : [];
  });
}

function jsRows(rows: unknown[], filter: unknown): number[] {
  return rows.flatMap((data, id) => (isTruthy(evaluateLogic(filter, data)) ? [id] : []));
}

const HAND_ROWS: unknown[] = [
  { date: '2025-12-31', n: 5, s: '1', tags: ['a', 'b'] },
  { date: '2024-06-01', n: 0, s: 'x', tags: [] },
  {},
  { date: null, n: null, s: null, tags: null },
  { n: '7', s: 1, tags: 'a' },
];

describe.each(engines)('indicator JSONLogic in SQL = json-logic-js on %s', (engine) => {
  let handle: DatabaseHandle;
  let rows: unknown[];

  beforeAll(async () => {
    handle = await createTestDatabase(engine);
    await migrateToLatest(handle.db);
    // As stored and read back: plain JSON (fast-check builds some objects without a prototype).
    rows = JSON.parse(JSON.stringify([...HAND_ROWS, ...fc.sample(submission, { seed: 20261201, numRuns: 40 })])) as unknown[];
    await sql`create table logic_case (id integer primary key, data jsonb not null)`.execute(handle.db);
    for (const [id, data] of rows.entries()) await sql`insert into logic_case values (${id}, cast(${JSON.stringify(data)} as jsonb))`.execute(handle.db);
  });
  afterAll(async () => handle?.close());

  const both = async (filter: unknown) => {
    const expected = jsRows(rows, filter);
    expect(await sqlRows(handle.db, filter), JSON.stringify(filter)).toEqual(expected);
    return expected.filter((id) => id < HAND_ROWS.length);
  };

  it('dates compare as ISO strings (2025-12-31 is after 2025-01-01)', async () => {
    expect(await both({ '>': [{ var: 'date' }, '2025-01-01'] })).toEqual([0]);
    expect(await both({ '<=': ['2024-01-01', { var: 'date' }, '2024-12-31'] })).toEqual([1]);
  });

  it('a missing number is null: 0 for <, > and arithmetic comparisons, not == 0', async () => {
    expect(await both({ '<': [{ var: 'n' }, 1] })).toEqual([1, 2, 3]);
    expect(await both({ '==': [{ var: 'n' }, 0] })).toEqual([1]);
    expect(await both({ '>=': [{ var: 'n' }, 0] })).toEqual([0, 1, 2, 3, 4]);
  });

  it('== null / !== null on an absent value', async () => {
    expect(await both({ '==': [{ var: 'date' }, null] })).toEqual([2, 3, 4]);
    expect(await both({ '!==': [{ var: 'date' }, null] })).toEqual([0, 1]);
    expect(await both({ '===': [{ var: 'tags' }, null] })).toEqual([2, 3]);
  });

  it('loose and strict equality, var defaults, !!, in', async () => {
    expect(await both({ '==': [1, '1'] })).toEqual([0, 1, 2, 3, 4]);
    expect(await both({ '===': [1, '1'] })).toEqual([]);
    expect(await both({ '==': [{ var: 's' }, 1] })).toEqual([0, 4]);
    expect(await both({ '==': [{ var: 'n' }, '7'] })).toEqual([4]);
    expect(await both({ '==': [{ var: ['a', 1] }, 1] })).toEqual([0, 1, 2, 3, 4]);
    expect(await both({ '==': [{ var: ['n', 9] }, 9] })).toEqual([2]); // a null value is not missing
    expect(await both({ '!!': [{ var: 'tags' }] })).toEqual([0, 4]);
    expect(await both({ in: ['a', { var: 'tags' }] })).toEqual([0, 4]);
    expect(await both({ in: [{ var: 's' }, ['1', 'x']] })).toEqual([0, 1]);
    expect(await both({ some: [{ var: 'tags' }, { '==': [{ var: '' }, 'b'] }] })).toEqual([0]);
    expect(await both({ all: [{ var: 'tags' }, { '==': [{ var: '' }, 'b'] }] })).toEqual([]);
    expect(await both({ none: [{ var: 'tags' }, { '==': [{ var: '' }, 'b'] }] })).toEqual([1, 2, 3, 4]);
  });

  it('generated filters select the same rows as json-logic-js', async () => {
    await fc.assert(
      fc.asyncProperty(filterArb, async (filter) => {
        expect(await sqlRows(handle.db, filter), JSON.stringify(filter)).toEqual(jsRows(rows, filter));
      }),
      // LOGIC_DIFF_SEED / LOGIC_DIFF_RUNS explore further (e.g. 5000 runs) without changing CI.
      { seed: Number(process.env.LOGIC_DIFF_SEED ?? 8), numRuns: Number(process.env.LOGIC_DIFF_RUNS ?? 300) },
    );
  }, 600_000);

  it('with "each", generated filters over the repeat item select the same items', async () => {
    await fc.assert(
      fc.asyncProperty(itemFilterArb, async (filter) => {
        expect(await sqlItemRows(handle.db, filter), JSON.stringify(filter)).toEqual(jsItemRows(rows, filter));
      }),
      { seed: Number(process.env.LOGIC_DIFF_SEED ?? 9), numRuns: Math.ceil(Number(process.env.LOGIC_DIFF_RUNS ?? 300) / 2) },
    );
  }, 600_000);

  it('Number() of text, at the edges of doubles, is JavaScript\'s', async () => {
    const cases = ['1.7976931348623158e308', '1.797693134862315807937289714053e308', '1.797693134862315807937289714054e308', '2.4703282292062327208828439643411e-324',
      '2.4703282292062327208828439643412e-324', '1e-400', `0.${'0'.repeat(400)}1e500`, '-1e309', '0x20000000000001', `0b${'1'.repeat(60)}`, ' \u3000 12 \n',
      `1${'0'.repeat(400)}`, '1e99999999999999', '-1e-99999999999999', `${'9'.repeat(1000)}e-1000`, `0x${'f'.repeat(300)}`, '.5e1', '-0x10', '1e', 'infinity', '\ufeff7'];
    for (const c of cases) {
      const { rows } = await sql<{ v: string }>`select jl_str_to_num(${c})::text as v`.execute(handle.db);
      expect(Number(rows[0]!.v), c.slice(0, 40)).toBe(Number(c));
    }
  });

  it('refuses, with the path, what it cannot give the same meaning', () => {
    const def = (filter: unknown): IndicatorDefinition => ({ $schema: 'https://json-schema.org/draft/2020-12/schema', 'x-kind': 'indicator', 'x-title': { km: 'ក', en: 'A' }, sources: [{ form: 'jaap' }], measure: { type: 'count' }, filter });
    const refused = (filter: unknown) => {
      try {
        assertIndicatorLogic(def(filter));
      } catch (e) {
        expect(e).toBeInstanceOf(LogicCompileError);
        return (e as LogicCompileError).path;
      }
      return null;
    };
    expect(refused({ and: [{ '==': [{ var: 'a' }, 1] }, { '==': [{ or: [{ var: 'a' }, 1] }, 1] }] })).toBe('filter.and.1.==.0.or');
    expect(refused({ '>': [{ var: 'a' }, 1, 2] })).toBe('filter.>');
    expect(refused({ '==': [{ var: 'a.length' }, 1] })).toBe('filter.==.0.var');
    expect(refused({ '==': [{ var: 'constructor' }, 1] })).toBe('filter.==.0.var');
    expect(refused({ '==': [{ var: 'row.status' }, 1] })).toBe('filter.==.0.var');
    expect(refused({ '==': [{ var: '' }, 1] })).toBe('filter.==.0.var');
    expect(refused({ '==': [{ var: [{ var: 'k' }] }, 1] })).toBe('filter.==.0.var.0');
    expect(refused({ '==': [[1], 1] })).toBe('filter.==.0');
    expect(refused({ '+': [1, 2] })).toBe('filter.+');
    expect(refused({ in: [{ var: 'a' }, [{ var: 'b' }]] })).toBe('filter.in.1.0');
    expect(refused({ '==': [{ var: 'length' }, 1] })).toBeNull(); // the submission is an object: its own field
    expect(refused({ some: [{ var: 'm' }, { '==': [{ var: 'length' }, 1] }] })).toBe('filter.some.1.==.0.var');
  });
});
