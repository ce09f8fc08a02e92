// Shipped indicators on a fixed dataset, against values computed by hand; area limits; a form version
// that drops a field; freshness after an edit. Through the HTTP API, on every engine.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { indicatorDataset } from '../fixtures/indicator-data';
import { userWith } from './geo-helpers';

const engines = await testEngines();
afterAll(closeSharedPglite);

const VALUES = 'query($k: String!, $g: [String!], $p: String, $s: String) { indicatorValues(key: $k, groupBy: $g, period: $p, scope: $s) { dimensions value numerator denominator target previous change } }';
const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

describe.each(engines)('indicators on %s', (engine) => {
  let t: TestApp;
  const ids: string[] = [];
  const values = async (k: string, g: string[] = [], p?: string, s?: string, token?: string) => {
    const res = await t.gql(VALUES, { k, g, p, s }, token);
    expect(res.errors).toBeUndefined();
    return (res.data.indicatorValues as Array<{ dimensions: Record<string, string>; value: number | null; numerator: number | null; denominator: number | null; change: number | null }>).map((v) => ({ ...v, value: round(v.value) }));
  };

  beforeEach(async () => {
    t = await createTestApp(engine);
    ids.length = 0;
    for (const row of indicatorDataset) {
      const id = randomUUID();
      ids.push(id);
      const res = await t.gql('mutation($i: SubmitInput!) { submit(input: $i) { id } }', { i: { id, definitionKey: row.key, definitionVersion: row.version, data: row.data } });
      expect(res.errors, row.key).toBeUndefined();
    }
    await t.services.indicators.refreshNow();
  });
  afterEach(async () => t.close());

  it('lists the shipped indicators with bilingual titles', async () => {
    const res = await t.gql('{ indicators { key version km: title(locale: "km") en: title(locale: "en") target dimensions warnings { path } refreshedAt } }');
    expect(res.data.indicators.map((i: { key: string }) => i.key).sort()).toEqual(['average-score', 'complete-cycle-communes', 'jaap-actions-progress', 'median-score', 'participants-by-group', 'providers-all-criteria-4plus']);
    const jaap = res.data.indicators.find((i: { key: string }) => i.key === 'jaap-actions-progress');
    expect(jaap).toMatchObject({ en: '% of JAAP actions completed or ongoing', target: 80, warnings: [] });
    expect(jaap.km).toMatch(/[\u1780-\u17FF]/);
    expect(jaap.refreshedAt).toBeTruthy();
  });

  it('% of JAAP actions completed or ongoing, by province, year and service', async () => {
    expect(await values('jaap-actions-progress')).toMatchObject([{ value: 66.67, numerator: 4, denominator: 6 }]);
    expect(await values('jaap-actions-progress', ['year'])).toMatchObject([
      { dimensions: { year: '2025' }, value: 0 },
      { dimensions: { year: '2026' }, value: 80, numerator: 4, denominator: 5, change: 80 },
    ]);
    expect(await values('jaap-actions-progress', ['province'], '2026')).toMatchObject([
      { dimensions: { province: '06', year: '2026' }, value: 66.67 },
      { dimensions: { province: '12', year: '2026' }, value: 100 },
    ]);
    const byService = await values('jaap-actions-progress', ['service'], '2026');
    expect(Object.fromEntries(byService.map((v) => [v.dimensions.service, v.value]))).toEqual({ commune: 100, health_centre: 50, primary_school: 100 });
    expect(await values('jaap-actions-progress', ['district'], '2026', '06')).toMatchObject([{ dimensions: { district: '0601' }, value: 66.67 }]);
  });

  it('participants by group and meeting', async () => {
    const byGroup = Object.fromEntries((await values('participants-by-group', ['group'])).map((v) => [v.dimensions.group, v.value]));
    expect(byGroup).toEqual({ total: 30 + 40, female: 18 + 24, youth: 7 + 10, disability: 3 + 4, ethnic_minority: 1 + 2, id_poor: 7 + 8 });
    const female = (await values('participants-by-group', ['group', 'meeting'])).filter((v) => v.dimensions.group === 'female');
    expect(Object.fromEntries(female.map((v) => [v.dimensions.meeting, v.value]))).toEqual({ i4c: 6, scorecard: 36 });
  });

  it('average and median scores, citizens vs providers', async () => {
    const byRespondent = Object.fromEntries((await values('average-score', ['respondent'])).map((v) => [v.dimensions.respondent, v.value]));
    expect(byRespondent).toEqual({ citizens: round((2 + 4 + 3 + 4 + 5) / 5), providers: 4.5 });
    const staff = (await values('average-score', ['service', 'criterion', 'respondent'])).filter((v) => v.dimensions.criterion === 'enough_staff');
    expect(staff.map((v) => [v.dimensions.respondent, v.value])).toEqual([['citizens', 2.5], ['providers', 4]]);
    const median = Object.fromEntries((await values('median-score', ['service'])).map((v) => [v.dimensions.service, v.value]));
    expect(median).toEqual({ health_centre: 3, primary_school: 4.5 });
  });

  it('communes with a complete cycle, and providers with every criterion at 4 or more', async () => {
    expect(await values('complete-cycle-communes', ['year'])).toMatchObject([
      { dimensions: { year: '2025' }, value: 0, denominator: 1 },
      { dimensions: { year: '2026' }, value: 1, denominator: 2 },
    ]);
    expect(await values('complete-cycle-communes', ['province'], '2026')).toMatchObject([
      { dimensions: { province: '06', year: '2026' }, value: 1 },
      { dimensions: { province: '12', year: '2026' }, value: 0 },
    ]);
    expect(await values('providers-all-criteria-4plus')).toMatchObject([{ value: 33.33, numerator: 1, denominator: 3 }]);
  });

  it('limits values to the reader’s area', async () => {
    await t.gql('mutation { createUser(input: { username: "kt.viewer", displayName: "KT", password: "kampot-pepper-field-7", mustChangePassword: false, grants: [{ role: "viewer", scope: "06" }] }) { username } }');
    const kt = await login(t.app, 'kt.viewer', 'kampot-pepper-field-7');
    expect(await values('jaap-actions-progress', ['province'], '2026', undefined, kt)).toMatchObject([{ dimensions: { province: '06' }, value: 66.67 }]);
    expect(await values('jaap-actions-progress', [], '2026', undefined, kt)).toMatchObject([{ value: 66.67 }]);
    expect(await values('jaap-actions-progress', [], '2026', '12', kt)).toEqual([]);
    const bad = await t.gql(VALUES, { k: 'jaap-actions-progress', g: ['colour'] });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', errors: [{ path: 'groupBy.0' }] });
    expect((await t.gql(VALUES, { k: 'nope' })).errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('updates values after an edit and counts a new form version, reporting the field it dropped', async () => {
    const first = ids[0]!;
    const edited = structuredClone(indicatorDataset[0]!.data) as { actions: Array<{ status: string }> };
    edited.actions[2]!.status = 'completed';
    const upd = await t.gql('mutation($id: ID!, $d: JSON!) { updateSubmission(id: $id, data: $d) { id } }', { id: first, d: edited });
    expect(upd.errors).toBeUndefined();
    await t.services.indicators.refreshNow();
    expect(await values('jaap-actions-progress', [], '2026')).toMatchObject([{ value: 100, numerator: 5, denominator: 5 }]);

    const v1 = (await t.gql('{ definition(key: "jaap", version: 1) { schema } }')).data.definition.schema;
    const v2 = structuredClone(v1);
    delete v2.properties.actions.items.properties.service;
    v2.properties.actions.items.required = v2.properties.actions.items.required.filter((k: string) => k !== 'service');
    v2.properties.actions.items['x-order'] = v2.properties.actions.items['x-order'].filter((k: string) => k !== 'service');
    expect((await t.gql('mutation($s: JSON!) { saveDraft(key: "jaap", schema: $s) { version } }', { s: v2 })).errors).toBeUndefined();
    await t.gql('mutation { publish(key: "jaap") { version } }');
    const data = { commune: '120101', cycle_year: 2026, interface_meeting_date: '2026-07-01', actions: [{ issue: 'I', action: 'A', responsible: 'R', funding_source: 'ngo', status: 'not_started' }] };
    expect((await t.gql('mutation($i: SubmitInput!) { submit(input: $i) { id } }', { i: { id: randomUUID(), definitionKey: 'jaap', definitionVersion: 2, data } })).errors).toBeUndefined();
    await t.services.indicators.refreshNow();
    expect(await values('jaap-actions-progress', [], '2026')).toMatchObject([{ value: round((5 / 6) * 100), denominator: 6 }]);
    const warnings = (await t.gql('{ indicator(key: "jaap-actions-progress") { warnings { form version path } } }')).data.indicator.warnings;
    expect(warnings).toEqual([{ form: 'jaap', version: 2, path: 'actions[].service' }]);
  });

  it('previews a draft indicator on current data, and reports problems instead of failing', async () => {
    const draft = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      'x-kind': 'indicator',
      'x-title': { km: 'សកម្មភាពបានបញ្ចប់', en: 'Completed actions' },
      sources: [{ form: 'jaap', each: 'actions' }],
      measure: { type: 'count' },
      filter: { '==': [{ var: 'row.status' }, 'completed'] },
    };
    const Q = 'query($d: JSON!, $g: [String!]) { indicatorPreview(definition: $d, groupBy: $g) { values { dimensions value } problems { code path } sample } }';
    const res = await t.gql(Q, { d: draft, g: ['province'] });
    expect(res.data.indicatorPreview.problems).toEqual([]);
    expect(res.data.indicatorPreview.values).toEqual([{ dimensions: { province: '06' }, value: 1 }, { dimensions: { province: '12' }, value: 2 }]); // sorted by dimensions
    const broken = await t.gql(Q, { d: { ...draft, measure: { type: 'percentage' }, filter: { log: [1] } } });
    expect(broken.data.indicatorPreview.problems.map((p: { code: string; path: string }) => `${p.code}:${p.path}`).sort()).toEqual(['INVALID_DEFINITION:measure.where', 'UNSAFE_DEFINITION:filter.log']);
    // Published through the same lifecycle as forms, then computed from roll-ups.
    expect((await t.gql('mutation($s: JSON!) { saveDraft(key: "completed-actions", schema: $s) { version } }', { s: draft })).errors).toBeUndefined();
    await t.gql('mutation { publish(key: "completed-actions") { version } }');
    await t.services.indicators.refreshNow();
    expect(await values('completed-actions')).toMatchObject([{ value: 3 }]);
  });

  it('refuses at save and publish what the SQL compiler cannot compute, with the path of the part', async () => {
    const base = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      'x-kind': 'indicator',
      'x-title': { km: 'សកម្មភាព', en: 'Actions' },
      sources: [{ form: 'jaap', each: 'actions' }],
      measure: { type: 'count' },
    };
    const SAVE = 'mutation($s: JSON!) { saveDraft(key: "bad-paths", schema: $s) { version } }';
    const refused = async (schema: unknown) => {
      const res = await t.gql(SAVE, { s: schema });
      expect(res.errors?.[0]?.extensions.code).toBe('INVALID_DEFINITION');
      return res.errors![0]!.extensions.errors!.map((e) => e.path);
    };
    expect(await refused({ ...base, filter: { '==': [{ var: "row.status'x" }, 'completed'] } })).toEqual(['filter.==.0.var']);
    expect(await refused({ ...base, sources: [{ form: 'jaap' }], filter: { '==': [{ var: 'row.status' }, 'completed'] } })).toEqual(['filter.==.0.var']);
    expect(await refused({ ...base, sources: [{ form: 'jaap' }], filter: { some: [{ var: 'actions' }, { '==': [{ var: 'status x' }, 'completed'] }] } })).toEqual(['filter.some.1.==.0.var']);
    expect(await refused({ ...base, measure: { type: 'percentage', where: { in: [{ var: 'row.status;' }, ['completed']] } } })).toEqual(['measure.where.in.0.var']);
    // The builder's preview reports the same problem instead of failing.
    const preview = await t.gql('query($d: JSON!) { indicatorPreview(definition: $d) { problems { code path } } }', { d: { ...base, filter: { '==': [{ var: "row.status'x" }, 'completed'] } } });
    expect(preview.errors).toBeUndefined();
    expect(preview.data.indicatorPreview.problems).toEqual([{ code: 'INVALID_DEFINITION', path: 'filter.==.0.var' }]);
    // A draft stored by other means is checked again at publish.
    await t.services.db
      .insertInto('definition')
      .values({ key: 'bad-paths', version: 1, kind: 'indicator', status: 'draft', schema: JSON.stringify({ ...base, filter: { '!': { var: 'row.a..b' } } }), created_by: null, published_at: null })
      .execute();
    const publish = await t.gql('mutation { publish(key: "bad-paths") { version } }');
    expect(publish.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_DEFINITION', errors: [{ path: 'filter.!.var' }] });
    // A valid path is still accepted.
    expect((await t.gql(SAVE, { s: { ...base, filter: { '==': [{ var: 'row.status' }, 'completed'] } } })).errors).toBeUndefined();
  });

  it('shows indicator drafts to editors only, and has no values for a draft or an unknown version', async () => {
    const VERSIONED = 'query($k: String!, $v: Int) { indicatorValues(key: $k, version: $v) { value } }';
    const INDICATOR = 'query($k: String!, $v: Int) { indicator(key: $k, version: $v) { key version status } }';
    const v1 = (await t.gql('{ definition(key: "jaap-actions-progress", version: 1) { schema } }')).data.definition.schema;
    expect((await t.gql('mutation($s: JSON!) { saveDraft(key: "jaap-actions-progress", schema: $s) { version } }', { s: { ...v1, target: 90 } })).data.saveDraft.version).toBe(2);
    const facilitator = await userWith(t, 'kt.facilitator', 'facilitator', '06');
    expect((await t.gql(INDICATOR, { k: 'jaap-actions-progress', v: 2 }, facilitator)).data.indicator).toBeNull();
    expect((await t.gql(INDICATOR, { k: 'jaap-actions-progress', v: 1 }, facilitator)).data.indicator).toMatchObject({ version: 1, status: 'PUBLISHED' });
    expect((await t.gql(INDICATOR, { k: 'jaap-actions-progress' }, facilitator)).data.indicator).toMatchObject({ version: 1 });
    expect((await t.gql(INDICATOR, { k: 'jaap-actions-progress', v: 2 })).data.indicator).toMatchObject({ version: 2, status: 'DRAFT' });
    for (const [v, as] of [[2, facilitator], [2, t.token], [9, t.token]] as const) {
      const res = await t.gql(VERSIONED, { k: 'jaap-actions-progress', v }, as);
      expect(res.errors?.[0]?.extensions.code, `version ${v}`).toBe('NOT_FOUND');
    }
    expect((await t.gql(VERSIONED, { k: 'jaap-actions-progress', v: 1 }, facilitator)).data.indicatorValues).toMatchObject([{ value: 50 }]); // province 06 only: 2 of 4
    // The refresh status is for editors only.
    expect((await t.gql('{ indicator(key: "jaap-actions-progress") { refreshStatus { state } } }', {}, facilitator)).data.indicator.refreshStatus).toBeNull();
    expect((await t.gql('{ indicator(key: "jaap-actions-progress") { refreshStatus { state } } }')).data.indicator.refreshStatus).toEqual({ state: 'FRESH' });
  });

  it('exports indicator values and renders the printable progress report in Khmer and English', async () => {
    const csv = await t.app.inject({ method: 'GET', url: '/export/indicator/jaap-actions-progress.csv?groupBy=province,year&lang=en', headers: { authorization: `Bearer ${t.token}` } });
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Province (code),Province,Year,Value,Numerator,Denominator,Target,Change');
    expect(lines).toContain('06,Kampong Thom,2026,66.7,2,3,80,66.7');
    const report = await t.app.inject({ method: 'GET', url: '/reports/progress?month=2026-05', headers: { authorization: `Bearer ${t.token}` } });
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toContain('text/html');
    expect(report.headers['content-security-policy']).toContain("script-src 'self'");
    expect(report.body).toContain('របាយការណ៍វឌ្ឍនភាពប្រចាំខែ');
    expect(report.body).toContain('ខែឧសភា ឆ្នាំ២០២៦'); // Khmer month and digits in Khmer mode
    expect(report.body).toContain('ភាគរយនៃសកម្មភាព JAAP');
    const en = await t.app.inject({ method: 'GET', url: '/reports/progress?month=2026-05&lang=en&scope=06', headers: { authorization: `Bearer ${t.token}` } });
    expect(en.body).toContain('Monthly progress report');
    expect(en.body).toContain('% of JAAP actions completed or ongoing');
    expect(en.body).not.toMatch(/<script>/);
    const font = await t.app.inject({ method: 'GET', url: '/reports/assets/font-khmer-400.woff2' });
    expect(font.statusCode).toBe(200);
    expect(font.rawPayload.length).toBeGreaterThan(10_000);
    const bad = await t.app.inject({ method: 'GET', url: '/reports/progress?month=May', headers: { authorization: `Bearer ${t.token}` } });
    expect(bad.json().errors[0].path).toBe('month');
  });
});
