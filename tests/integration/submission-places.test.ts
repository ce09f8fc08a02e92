// The place and period of a submission on every write path (issue 8): edits recompute them, every
// place named in the data is consistent, known, not newly retired and inside the writer's area, and a
// form without a date field takes the day the record was sent (Cambodia time). On every engine.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { up as backfillPeriods } from '../../migrations/20261201030000_backfill_submission_period';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { simpleForm, validAnswer } from '../fixtures/simple-form';
import { importSmallGeo, userWith } from './geo-helpers';

const engines = await testEngines();
afterAll(closeSharedPglite);

const SUBMIT = 'mutation($i: SubmitInput!) { submit(input: $i) { id geoCode period createdAt } }';
const UPDATE = 'mutation($id: ID!, $d: JSON!) { updateSubmission(id: $id, data: $d) { geoCode period } }';
const UPDATE_WITH_GEO = 'mutation($id: ID!, $d: JSON!, $g: String) { updateSubmission(id: $id, data: $d, geoCode: $g) { geoCode period } }';

const geo = (level: string, en: string) => ({ type: 'string', 'x-widget': 'geography', 'x-geo-level': level, 'x-label': { km: en, en } });

/** A visit to a village, with the people met (each from a village) and no date field. */
const visitForm = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  'x-kind': 'form',
  'x-title': { km: 'ការចុះសួរសុខទុក្ខ', en: 'Visit' },
  'x-order': ['district', 'commune', 'village', 'note', 'people'],
  properties: {
    district: geo('district', 'District'),
    commune: geo('commune', 'Commune'),
    village: geo('village', 'Village'),
    note: { type: 'string', 'x-widget': 'text', 'x-label': { km: 'កំណត់ចំណាំ', en: 'Note' } },
    people: {
      type: 'array',
      'x-widget': 'repeat',
      'x-label': { km: 'មនុស្ស', en: 'People' },
      items: {
        type: 'object',
        'x-order': ['name', 'village'],
        properties: { name: { type: 'string', 'x-widget': 'text', 'x-label': { km: 'ឈ្មោះ', en: 'Name' } }, village: geo('village', 'Village') },
        required: ['name'],
        additionalProperties: false,
      },
    },
  },
  required: ['commune'],
  additionalProperties: false,
} as const;

const visit = { district: '0102', commune: '010201', village: '01020101', note: 'ok', people: [{ name: 'Sok', village: '01020102' }] };

describe.each(engines)('submission places and periods on %s', (engine) => {
  let t: TestApp;
  const publish = async (key: string, schema: unknown) => {
    expect((await t.gql('mutation($k: String!, $s: JSON!) { saveDraft(key: $k, schema: $s) { version } }', { k: key, s: schema })).errors).toBeUndefined();
    expect((await t.gql('mutation($k: String!) { publish(key: $k) { version } }', { k: key })).errors).toBeUndefined();
  };
  const submit = (key: string, data: unknown, extra: Record<string, unknown> = {}, token?: string) =>
    t.gql(SUBMIT, { i: { id: randomUUID(), definitionKey: key, definitionVersion: 1, data, ...extra } }, token);
  const errorsOf = (res: { errors?: Array<{ extensions: { code: string; errors?: Array<{ path: string; keyword: string }> } }> }) =>
    [res.errors?.[0]?.extensions.code, ...(res.errors?.[0]?.extensions.errors ?? []).map((e) => `${e.path}:${e.keyword}`)];
  const stored = (id: string) => t.services.db.selectFrom('submission').select(['geo_code', 'period']).where('id', '=', id).executeTakeFirstOrThrow();

  beforeEach(async () => {
    t = await createTestApp(engine);
    await importSmallGeo(t);
    await publish('test-form', simpleForm);
    await publish('visit', visitForm);
  });
  afterEach(async () => t.close());

  it('recomputes the place and period when an edit changes them, so filters, exports and indicators follow', async () => {
    const indicator = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      'x-kind': 'indicator',
      'x-title': { km: 'ចំនួន', en: 'Count' },
      sources: [{ form: 'test-form' }],
      measure: { type: 'count' },
    };
    await publish('test-count', indicator);
    const made = await submit('test-form', validAnswer);
    const id = made.data.submit.id as string;
    await submit('test-form', { ...validAnswer, name: 'Dara' });
    await t.services.indicators.refreshNow();
    const byCommune = async () =>
      Object.fromEntries(
        ((await t.gql('{ indicatorValues(key: "test-count", groupBy: ["commune"]) { dimensions value } }')).data.indicatorValues as Array<{ dimensions: { commune: string }; value: number }>).map((v) => [v.dimensions.commune, v.value]),
      );
    expect(await byCommune()).toEqual({ '010201': 2 });

    const moved = await t.gql(UPDATE, { id, d: { ...validAnswer, commune: '010202', date: '2026-05-02' } });
    expect(moved.errors).toBeUndefined();
    expect(moved.data.updateSubmission).toEqual({ geoCode: '010202', period: '2026-05-02' });
    expect(await stored(id)).toEqual({ geo_code: '010202', period: '2026-05-02' });
    const list = async (f: Record<string, string>) => (await t.gql('query($f: SubmissionFilter) { submissions(definitionKey: "test-form", filter: $f) { totalCount } }', { f })).data.submissions.totalCount;
    expect(await list({ geo: '010202' })).toBe(1);
    expect(await list({ geo: '010201' })).toBe(1);
    expect(await list({ from: '2026-05-01' })).toBe(1);
    const csv = await t.app.inject({ method: 'GET', url: '/export/test-form.csv?headers=keys&geo=010202', headers: { authorization: `Bearer ${t.token}` } });
    expect(csv.body).toContain(`${id},1,010202,2026-05-02`);
    // The roll-ups move the record too: the old place is recomputed, not only the new one.
    await t.services.indicators.refreshNow();
    expect(await byCommune()).toEqual({ '010201': 1, '010202': 1 });
  });

  it('keeps a more precise geoCode given at submit time across edits that agree with it, and drops it when the data moves', async () => {
    const made = await submit('test-form', validAnswer, { geoCode: '01020101' });
    expect(made.data.submit.geoCode).toBe('01020101');
    const id = made.data.submit.id as string;
    expect((await t.gql(UPDATE, { id, d: { ...validAnswer, name: 'Dara' } })).data.updateSubmission.geoCode).toBe('01020101');
    expect((await t.gql(UPDATE, { id, d: { ...validAnswer, commune: '010202' } })).data.updateSubmission.geoCode).toBe('010202');
    expect((await t.gql(UPDATE_WITH_GEO, { id, d: { ...validAnswer, commune: '010202' }, g: '01020102' })).errors?.[0]?.extensions.errors?.map((e) => `${e.path}:${e.keyword}`)).toEqual(['commune:place']);
  });

  it('refuses places that disagree with each other or with geoCode, on create and on update', async () => {
    const facilitator = await userWith(t, 'caf', 'facilitator', '010201');
    // The tester's case: a facilitator of 010201 naming another commune under geoCode 010201.
    const smuggled = await submit('test-form', { ...validAnswer, commune: '020101' }, { geoCode: '010201' }, facilitator);
    expect(errorsOf(smuggled)).toEqual(['VALIDATION_FAILED', 'commune:place']);
    expect(errorsOf(await submit('test-form', { ...validAnswer, commune: '020101' }, {}, facilitator))).toEqual(['FORBIDDEN', 'commune:area']);
    expect(errorsOf(await submit('visit', { ...visit, village: '01030101' }))).toEqual(['VALIDATION_FAILED', 'district:place', 'commune:place']);
    expect(errorsOf(await submit('visit', { ...visit, district: '0103' }))).toEqual(['VALIDATION_FAILED', 'district:place']);
    expect(errorsOf(await submit('visit', { ...visit, commune: '01020101', village: undefined }))).toEqual(['VALIDATION_FAILED', 'commune:format']);
    const ok = await submit('visit', visit, {}, facilitator);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.submit.geoCode).toBe('01020101');
    const id = ok.data.submit.id as string;
    // Updates are held to the same rules: the facilitator cannot move their record out of their area.
    expect(errorsOf(await t.gql(UPDATE, { id, d: { ...visit, commune: '010202' } }, facilitator))).toEqual(['VALIDATION_FAILED', 'commune:place']);
    expect(errorsOf(await t.gql(UPDATE, { id, d: { ...visit, district: '0201', commune: '020101', village: undefined, people: [] } }, facilitator))).toEqual(['FORBIDDEN', 'commune:area']);
    expect(errorsOf(await t.gql(UPDATE_WITH_GEO, { id, d: visit, g: '010202' }, facilitator))).toEqual(['VALIDATION_FAILED', 'geoCode:place']);
    expect(await stored(id)).toMatchObject({ geo_code: '01020101' });
  });

  it('refuses places of repeat items outside the area, unknown codes, and newly named retired units', async () => {
    const facilitator = await userWith(t, 'caf', 'facilitator', '010201');
    expect(errorsOf(await submit('visit', { ...visit, people: [{ name: 'a', village: '01030101' }] }, {}, facilitator))).toEqual(['FORBIDDEN', 'people.0.village:area']);
    // 0102 has its communes imported, so 010299 is no commune; province 12 has nothing imported below it.
    expect(errorsOf(await submit('test-form', { ...validAnswer, commune: '010299' }))).toEqual(['VALIDATION_FAILED', 'commune:exists']);
    expect(errorsOf(await submit('test-form', { ...validAnswer, commune: '990101' }))).toEqual(['VALIDATION_FAILED', 'commune:exists']);
    expect((await submit('test-form', { ...validAnswer, commune: '120101' })).errors).toBeUndefined();
    // Villages: 010201 has its villages imported, 020101 has none (so any village code is taken as given).
    expect(errorsOf(await submit('test-form', validAnswer, { geoCode: '01020199' }))).toEqual(['VALIDATION_FAILED', 'geoCode:exists']);
    expect((await submit('test-form', { ...validAnswer, commune: '020101' }, { geoCode: '02010199' })).data.submit.geoCode).toBe('02010199');
    const kept = await submit('test-form', { ...validAnswer, commune: '010202' });
    const id = kept.data.submit.id as string;
    const retryId = randomUUID();
    const sent = { id: retryId, definitionKey: 'test-form', definitionVersion: 1, data: { ...validAnswer, commune: '010202', name: 'Retry' } };
    expect((await t.gql(SUBMIT, { i: sent })).errors).toBeUndefined();
    await sql`update geo_unit set retired_at = now() where code = '010202'`.execute(t.services.db);
    expect(errorsOf(await submit('test-form', { ...validAnswer, commune: '010202' }))).toEqual(['VALIDATION_FAILED', 'commune:retired']);
    // A client retrying a submission that was stored before the unit was retired gets the stored row.
    expect((await t.gql(SUBMIT, { i: sent })).data.submit.id).toBe(retryId);
    // An old record keeps its retired place through an edit, but an edit cannot newly name one.
    expect((await t.gql(UPDATE, { id, d: { ...validAnswer, commune: '010202', name: 'Dara' } })).errors).toBeUndefined();
    const other = (await submit('test-form', validAnswer)).data.submit.id as string;
    expect(errorsOf(await t.gql(UPDATE, { id: other, d: { ...validAnswer, commune: '010202' } }))).toEqual(['VALIDATION_FAILED', 'commune:retired']);
  });

  it('gives records of a form without a date field the day they were sent, in Cambodia time, everywhere periods are read', async () => {
    const made = await submit('visit', visit);
    expect(made.errors).toBeUndefined();
    const id = made.data.submit.id as string;
    const { rows } = await sql<{ day: string }>`select cast(cast(timezone('Asia/Phnom_Penh', created_at) as date) as text) as day from submission where id = ${id}`.execute(t.services.db);
    const day = rows[0]!.day;
    expect(made.data.submit.period).toBe(day);
    const month = day.slice(0, 7);
    const filtered = await t.gql('query($f: SubmissionFilter) { submissions(definitionKey: "visit", filter: $f) { totalCount } }', { f: { from: day, to: day } });
    expect(filtered.data.submissions.totalCount).toBe(1);
    // The monthly report counts it in its month.
    const report = await t.app.inject({ method: 'GET', url: `/reports/progress?month=${month}&lang=en`, headers: { authorization: `Bearer ${t.token}` } });
    expect(report.body).toMatch(/<td>Visit<\/td><td class="num">1<\/td><td class="num">1<\/td>/);
    // Indicators grouped by month count it.
    await publish('visit-count', { $schema: 'https://json-schema.org/draft/2020-12/schema', 'x-kind': 'indicator', 'x-title': { km: 'ចំនួន', en: 'Visits' }, sources: [{ form: 'visit' }], measure: { type: 'count' } });
    await t.services.indicators.refreshNow();
    const byMonth = await t.gql('{ indicatorValues(key: "visit-count", groupBy: ["month"]) { dimensions value } }');
    expect(byMonth.data.indicatorValues).toEqual([{ dimensions: { month }, value: 1 }]);
    // An edit keeps the sent day, computed from the row's own created_at in Cambodia time (UTC+7).
    await sql`update submission set created_at = ${'2026-02-28T20:00:00Z'} where id = ${id}`.execute(t.services.db);
    expect((await t.gql(UPDATE, { id, d: { ...visit, note: 'edited' } })).data.updateSubmission.period).toBe('2026-03-01');
    // A form with a date field answered keeps the event date.
    expect((await submit('test-form', validAnswer)).data.submit.period).toBe('2026-03-14');
  });

  it('backfills the period of stored records without one and rebuilds the indicators', async () => {
    const id = randomUUID();
    const admin = await t.services.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
    await t.services.db
      .insertInto('submission')
      .values({ id, definition_key: 'visit', definition_version: 1, geo_code: '010201', period: null, data: JSON.stringify(visit), submitted_by: admin.id, created_at: new Date('2026-02-28T18:00:00Z') })
      .execute();
    await publish('visit-count', { $schema: 'https://json-schema.org/draft/2020-12/schema', 'x-kind': 'indicator', 'x-title': { km: 'ចំនួន', en: 'Visits' }, sources: [{ form: 'visit' }], measure: { type: 'count' } });
    await t.services.indicators.refreshNow();
    await backfillPeriods(t.services.db);
    expect(await stored(id)).toEqual({ geo_code: '010201', period: '2026-03-01' });
    const state = await t.services.db.selectFrom('indicator_state').select('built_at').where('indicator_key', '=', 'visit-count').executeTakeFirstOrThrow();
    expect(state.built_at).toBeNull();
    await t.services.indicators.refreshNow();
    const byMonth = await t.gql('{ indicatorValues(key: "visit-count", groupBy: ["month"]) { dimensions value } }');
    expect(byMonth.data.indicatorValues).toEqual([{ dimensions: { month: '2026-03' }, value: 1 }]);
  });
});
