// Issue 13 part 7: the first build of an indicator makes its roll-ups level by level (rebuildAll)
// instead of fanning every leaf out to every level and period (refreshLeafs over all places, the
// incremental statement). Both must give exactly the same rows: checked for every shipped indicator
// on the bench's ISAF mix (villages, communes, district-level training, commune-level
// self-assessments), plus records named only down to a district or a province, with no place, and
// with no period, on both engines.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { FORMS, PLACE_TABLES } from '../../bench/indicators/seed-sql';
import { loadPlaces } from '../../bench/indicators/gazetteer';
import type { Database, IndicatorDefinitionRow } from '../../server/db/schema';
import { listLatest } from '../../server/definitions/definitions.repository';
import { currentSnapshot, rebuildAll, refreshLeafs } from '../../server/indicators/rollup.repository';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';

const engines = await testEngines();
afterAll(closeSharedPglite);

class Rollback extends Error {}

/** The version's roll-up and leaf rows, in one canonical order, as text. */
async function rowsOf(db: Kysely<Database>, key: string, version: number): Promise<string[]> {
  const rollup = await sql<{ r: string }>`select concat_ws('|', geo_level, period_kind, geo_code, period, array_to_string(cats, ','), bucket, n::text, num::text, den::text, total::text) as r
    from indicator_rollup where indicator_key = ${key} and indicator_version = ${version} order by 1`.execute(db);
  const leaf = await sql<{ r: string }>`select concat_ws('|', 'leaf', leaf, month, array_to_string(cats, ','), bucket, n::text, num::text, den::text, total::text) as r
    from indicator_leaf where indicator_key = ${key} and indicator_version = ${version} order by 1`.execute(db);
  return [...rollup.rows, ...leaf.rows].map((x) => x.r);
}

async function build(db: Kysely<Database>, row: IndicatorDefinitionRow, how: 'fan-out' | 'level by level'): Promise<string[]> {
  let rows: string[] = [];
  await db
    .transaction()
    .execute(async (trx) => {
      await sql`delete from indicator_rollup where indicator_key = ${row.key}`.execute(trx);
      await sql`delete from indicator_leaf where indicator_key = ${row.key}`.execute(trx);
      const upTo = await currentSnapshot(trx);
      if (how === 'fan-out') await refreshLeafs(trx, row.key, row.version, row.schema, null, upTo);
      else await rebuildAll(trx, row.key, row.version, row.schema, upTo);
      rows = await rowsOf(trx, row.key, row.version);
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
  return rows;
}

describe.each(engines)('first indicator build on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine, {}, { reuse: false });
  });
  afterEach(async () => t.close());

  it('level by level gives exactly the rows of the fan-out, for every shipped indicator', { timeout: 120_000 }, async () => {
    const db = t.services.db;
    const places = loadPlaces();
    const admin = await db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
    for (const statement of PLACE_TABLES.split(';').filter((x) => x.trim())) await sql.raw(statement).execute(db);
    await db.executeQuery(CompiledQuery.raw('insert into bench_village select k::int - 1, code from unnest($1::text[]) with ordinality as t(code, k)', [places.villages]));
    await db.executeQuery(CompiledQuery.raw('insert into bench_commune select k::int - 1, code from unnest($1::text[]) with ordinality as t(code, k)', [places.communes]));
    for (const f of FORMS) await db.executeQuery(CompiledQuery.raw(f.sql(places.villages.length, places.communes.length), [150, admin.id]));
    // Records named only down to a district, a province, or nowhere; and records with no period.
    await sql`insert into submission (id, definition_key, definition_version, geo_code, period, data, submitted_by)
      select gen_random_uuid(), definition_key, definition_version, g.code, case when g.undated then null else period end, data, submitted_by
      from (select * from submission order by id limit 60) s
      cross join lateral (values (left(s.geo_code, 4), false), (left(s.geo_code, 2), false), (null, false), (s.geo_code, true), (left(s.geo_code, 4), true)) as g(code, undated)`.execute(db);
    const indicators = (await listLatest(db, 'published')).filter((d): d is IndicatorDefinitionRow => d.kind === 'indicator');
    expect(indicators.length).toBeGreaterThanOrEqual(6);
    for (const row of indicators) {
      const fanOut = await build(db, row, 'fan-out');
      const levels = await build(db, row, 'level by level');
      expect(fanOut.length, row.key).toBeGreaterThan(50);
      expect(levels, row.key).toEqual(fanOut);
    }
  });
});
