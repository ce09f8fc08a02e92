// A total and its disaggregations are different things: participants-by-group (v2 names its total) on
// the fixed dataset gives the hand-computed total on the GraphQL values path (the dashboard card) and
// in the progress report, never the total added to its groups; existing databases get v2 at start.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import participantsV1 from '../../definitions/indicators/participants-by-group/v1.json' with { type: 'json' };
import participantsV2 from '../../definitions/indicators/participants-by-group/v2.json' with { type: 'json' };
import { insertDefinition } from '../../server/definitions/definitions.repository';
import { seed } from '../../server/seed/seed';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { indicatorDataset } from '../fixtures/indicator-data';

const engines = await testEngines();
afterAll(closeSharedPglite);

const VALUES = 'query($k: String!, $g: [String!], $p: String, $v: Int) { indicatorValues(key: $k, version: $v, groupBy: $g, period: $p) { dimensions value } }';
// By hand from tests/fixtures/indicator-data.ts: one I4C session of 10 (village 06010101) and three
// scorecards of 20 (two in commune 060101, one in 120101), all in 2026.
const TOTAL = 10 + 20 * 3;
const GROUPS = { total: TOTAL, female: 6 + 12 * 3, youth: 2 + 5 * 3, disability: 1 + 2 * 3, ethnic_minority: 0 + 1 * 3, id_poor: 3 + 4 * 3 };

describe.each(engines)('totals and their disaggregations on %s', (engine) => {
  let t: TestApp;
  const values = async (g: string[] = [], p?: string) => {
    const res = await t.gql(VALUES, { k: 'participants-by-group', g, p });
    expect(res.errors).toBeUndefined();
    return res.data.indicatorValues as Array<{ dimensions: Record<string, string>; value: number | null }>;
  };

  beforeEach(async () => {
    t = await createTestApp(engine);
    for (const row of indicatorDataset) {
      const res = await t.gql('mutation($i: SubmitInput!) { submit(input: $i) { id } }', { i: { id: randomUUID(), definitionKey: row.key, definitionVersion: row.version, data: row.data } });
      expect(res.errors, row.key).toBeUndefined();
    }
    await t.services.indicators.refreshNow();
  });
  afterEach(async () => t.close());

  it('shows the total, not the total plus its groups, wherever the groups are not asked for', async () => {
    expect((await t.gql('{ indicator(key: "participants-by-group") { version } }')).data.indicator.version).toBe(2);
    // The dashboard card's query (by year) and the headline.
    expect(await values(['year'])).toEqual([{ dimensions: { year: '2026' }, value: TOTAL }]);
    expect(await values()).toEqual([{ dimensions: {}, value: TOTAL }]);
    const byMeeting = Object.fromEntries((await values(['meeting'])).map((v) => [v.dimensions.meeting, v.value]));
    expect(byMeeting).toEqual({ i4c: 10, scorecard: 60 });
    const byProvince = Object.fromEntries((await values(['province'], '2026')).map((v) => [v.dimensions.province, v.value]));
    expect(byProvince).toEqual({ '06': 50, '12': 20 });
    // Asked for, the groups come separately, the total among them as its own row.
    const byGroup = Object.fromEntries((await values(['group'])).map((v) => [v.dimensions.group, v.value]));
    expect(byGroup).toEqual(GROUPS);
  });

  it('the progress report shows the same total as the card', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/reports/progress?month=2026-05&lang=en', headers: { authorization: `Bearer ${t.token}` } });
    expect(res.statusCode).toBe(200);
    const title = 'Participants in I4C and scorecard meetings by sex and group';
    // The year's value (the card's), after the month's column.
    expect(res.body).toMatch(new RegExp(`<tr data-indicator="participants-by-group"><td>${title}</td><td class="num">[^<]*</td><td class="num">${TOTAL} people</td>`));
    const section = res.body.slice(res.body.indexOf(`<h3>${title}</h3>`));
    const places = [...section.slice(0, section.indexOf('</table>')).matchAll(/<td class="num">([\d,]+)<\/td>/g)].map((m) => Number(m[1]));
    expect(places).toEqual([50, 20]);
  });

  it('the builder preview follows the same rule, and a total must be one of the fields', async () => {
    const v2 = (await t.gql('{ indicator(key: "participants-by-group") { definition } }')).data.indicator.definition;
    const Q = 'query($d: JSON!, $g: [String!]) { indicatorPreview(definition: $d, groupBy: $g) { values { dimensions value } problems { code path } } }';
    const preview = await t.gql(Q, { d: v2, g: ['year'] });
    expect(preview.data.indicatorPreview).toEqual({ values: [{ dimensions: { year: '2026' }, value: TOTAL }], problems: [] });
    const wrong = structuredClone(v2);
    wrong.categories[0].total = 'everyone';
    const bad = await t.gql(Q, { d: wrong, g: [] });
    expect(bad.data.indicatorPreview.problems).toEqual([{ code: 'INVALID_DEFINITION', path: 'categories.0.total' }]);
    // The v1 mistake (a total field not named as the total) is refused.
    const unnamed = structuredClone(v2);
    delete unnamed.categories[0].total;
    expect((await t.gql(Q, { d: unnamed, g: [] })).data.indicatorPreview.problems).toEqual([{ code: 'INVALID_DEFINITION', path: 'categories.0.total' }]);
    const onField = structuredClone(v2);
    onField.categories[1].total = 'i4c';
    expect((await t.gql(Q, { d: onField, g: [] })).data.indicatorPreview.problems).toEqual([{ code: 'INVALID_DEFINITION', path: 'categories.1.total' }]);
  });

  it('a database seeded before v2 gets it at the next start; one whose owner versioned the key keeps its own', async () => {
    const db = t.services.db;
    // A new database has v2 only.
    const fresh = await sql<{ version: number }>`select version from definition where key = 'participants-by-group'`.execute(db);
    expect(fresh.rows).toEqual([{ version: 2 }]);
    // One seeded before v2 has v1 as its latest version.
    await sql`delete from definition where key = 'participants-by-group'`.execute(db);
    await insertDefinition(db, { key: 'participants-by-group', version: 1, kind: 'indicator', status: 'published', schema: participantsV1, createdBy: null });
    expect((await seed(db, { adminPassword: undefined })).definitionsLoaded).toEqual(['participants-by-group@2']);
    expect((await t.gql('{ indicator(key: "participants-by-group") { version } }')).data.indicator.version).toBe(2);
    expect((await seed(db, { adminPassword: undefined })).definitionsLoaded).toEqual([]);

    await sql`delete from definition where key = 'participants-by-group' and version = 2`.execute(db);
    const own = { ...participantsV2, unit: { km: 'នាក់', en: 'persons' } };
    expect((await t.gql('mutation($s: JSON!) { saveDraft(key: "participants-by-group", schema: $s) { version } }', { s: own })).errors).toBeUndefined();
    expect((await seed(db, { adminPassword: undefined })).definitionsLoaded).toEqual([]);
    const rows = await sql<{ version: number; status: string }>`select version, status from definition where key = 'participants-by-group' order by version`.execute(db);
    expect(rows.rows).toEqual([{ version: 1, status: 'published' }, { version: 2, status: 'draft' }]);
  });
});
