// Issue 13 part 7: area filters are index-friendly ranges. `geo_code like '06%'` cannot use the plain
// btree under the test databases' C.UTF-8 collation, so a scoped count read the whole table; the
// range form must (1) mean exactly "starts with" for every digit code, in JavaScript and in each
// engine's collation, and (2) let PostgreSQL plan an index scan for an area-limited count.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CompiledQuery, sql } from 'kysely';
import { codeStartsWith, prefixRange } from '../../server/db/code-prefix';
import { areaCondition } from '../../server/submissions/submissions.repository';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';

const engines = await testEngines();
afterAll(closeSharedPglite);

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));

describe('prefixRange', () => {
  it('a digit string is in the range exactly when it starts with the prefix', () => {
    fc.assert(
      fc.property(digits(1, 8), digits(0, 10), (prefix, code) => {
        const { from, to } = prefixRange(prefix);
        const inRange = code >= from && (to === null || code < to);
        expect(inRange).toBe(code.startsWith(prefix));
      }),
      { seed: 20261201, numRuns: 5000 },
    );
  });
  it('gives the next code at the same place, or no bound for all nines', () => {
    expect(prefixRange('06')).toEqual({ from: '06', to: '07' });
    expect(prefixRange('0699')).toEqual({ from: '0699', to: '07' });
    expect(prefixRange('09')).toEqual({ from: '09', to: '1' });
    expect(prefixRange('99')).toEqual({ from: '99', to: null });
    expect(() => prefixRange("06' or 1=1")).toThrow(/not a place code prefix/);
  });
});

describe.each(engines)('area ranges on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
  });
  afterEach(async () => t.close());

  it('select the same codes as LIKE in the database collation', async () => {
    const db = t.services.db;
    const codes = fc.sample(digits(2, 8), { seed: 7, numRuns: 400 }).concat(['06', '0699', '07', '069', '99', '9901', '10']);
    const prefixes = ['06', '0699', '09', '99', '1', '0102'];
    await db.transaction().execute(async (trx) => {
      await sql`create temporary table area_codes (code text) on commit drop`.execute(trx);
      await sql`insert into area_codes select unnest(cast(${codes} as text[]))`.execute(trx);
      for (const p of prefixes) {
        const like = await sql<{ code: string }>`select code from area_codes where code like ${`${p}%`} order by code`.execute(trx);
        const range = await sql<{ code: string }>`select code from area_codes where ${codeStartsWith('code', p)} order by code`.execute(trx);
        expect(range.rows.map((r) => r.code)).toEqual(like.rows.map((r) => r.code));
        expect(like.rows.length).toBe(codes.filter((c) => c.startsWith(p)).length);
      }
    });
  });

  it.skipIf(engine !== 'postgres')('the area condition of submissions can be an index condition on geo_code', async () => {
    const db = t.services.db;
    // The area alone (what a province reader's count adds), so the index on geo_code is the only one
    // that could serve it: with LIKE the plan stayed a sequential scan even with seqscan off.
    const count = db
      .selectFrom('submission')
      .select((eb) => eb.fn.countAll().as('n'))
      .where((eb) => areaCondition(eb, { all: false, prefixes: ['06', '1201'] }))
      .compile();
    const plan = await db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      const res = await trx.executeQuery<{ 'QUERY PLAN': unknown }>(CompiledQuery.raw(`explain (format json) ${count.sql}`, [...count.parameters]));
      return JSON.stringify(res.rows[0]?.['QUERY PLAN']);
    });
    expect(plan).not.toContain('"Node Type":"Seq Scan"');
    expect(plan).toContain('submission_geo_idx');
    expect(plan).toMatch(/"Index Cond":"\(\(geo_code >= '06'::text\) AND \(geo_code < '07'::text\)\)"/);
  });
});
