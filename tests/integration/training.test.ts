// Training mode (issue 11, part 7): records made with the switch on are training records; indicators,
// the progress report and the default data views and exports leave them out; a trainer removes those of
// their area in one action, anyone their own; the phone's mark travels with an offline record.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { indicatorDataset } from '../fixtures/indicator-data';

const engines = await testEngines();
afterAll(closeSharedPglite);

const PASSWORD = 'kampot-pepper-field-7';
const TOTAL = 10 + 20 * 3; // participants-by-group over the dataset (tests/integration/indicator-totals.test.ts)
const SUBMIT = 'mutation($i: SubmitInput!) { submit(input: $i) { id training } }';
const COUNT = 'query($k: String!, $f: SubmissionFilter) { submissions(definitionKey: $k, filter: $f) { totalCount edges { node { training } } } }';
const SWITCH = 'mutation($on: Boolean!) { setTrainingMode(on: $on) }';

describe.each(engines)('training mode on %s', (engine) => {
  let t: TestApp;
  const user = async (username: string, role: string, scope: string): Promise<string> => {
    const made = await t.gql('mutation($i: CreateUserInput!) { createUser(input: $i) { username } }', {
      i: { username, displayName: username, password: PASSWORD, mustChangePassword: false, grants: [{ role, scope }] },
    });
    expect(made.errors).toBeUndefined();
    return login(t.app, username, PASSWORD);
  };
  const submitAll = async (as: string, extra: Record<string, unknown> = {}, rows = indicatorDataset) => {
    for (const row of rows) {
      const res = await t.gql(SUBMIT, { i: { id: randomUUID(), definitionKey: row.key, definitionVersion: row.version, data: row.data, ...extra } }, as);
      expect(res.errors, row.key).toBeUndefined();
    }
  };
  const participants = async () => {
    await t.services.indicators.refreshNow();
    const res = await t.gql('{ indicatorValues(key: "participants-by-group") { value } }');
    expect(res.errors).toBeUndefined();
    return res.data.indicatorValues[0]?.value;
  };
  const total = async (key: string, as?: string, filter?: Record<string, unknown>) => {
    const res = await t.gql(COUNT, { k: key, f: filter }, as);
    expect(res.errors).toBeUndefined();
    return res.data.submissions.totalCount as number;
  };

  beforeEach(async () => {
    t = await createTestApp(engine);
  });
  afterEach(async () => t.close());

  it('keeps training records out of indicators, the report, the default table and exports', async () => {
    const caf = await user('caf.kampot', 'facilitator', '06');
    await submitAll(t.token);
    expect(await participants()).toBe(TOTAL);
    const report = async () => (await t.app.inject({ method: 'GET', url: '/reports/progress?month=2026-05&lang=en', headers: { authorization: `Bearer ${t.token}` } })).body;
    const before = await report();

    expect((await t.gql(SWITCH, { on: true }, caf)).data.setTrainingMode).toBe(true);
    expect((await t.gql('{ me { trainingMode } }', {}, caf)).data.me.trainingMode).toBe(true);
    const res = await t.gql(SUBMIT, { i: { id: randomUUID(), definitionKey: 'i4c-session', definitionVersion: 1, data: indicatorDataset[3]!.data } }, caf);
    expect(res.data.submit.training).toBe(true);
    // Everything again, as training (the admin turns training on too).
    await t.gql(SWITCH, { on: true });
    await submitAll(t.token);
    await t.gql(SWITCH, { on: false });

    expect(await participants()).toBe(TOTAL);
    expect(await report()).toBe(before);
    // The table shows real records outside training mode, training ones inside it (never mixed).
    expect(await total('i4c-session')).toBe(1);
    expect(await total('i4c-session', t.token, { training: true })).toBe(2);
    expect(await total('i4c-session', caf)).toBe(2); // caf is in training mode: their view is training
    const list = await t.gql(COUNT, { k: 'i4c-session' }, caf);
    expect(list.data.submissions.edges.map((e: { node: { training: boolean } }) => e.node.training)).toEqual([true, true]);
    expect(await total('i4c-session', caf, { training: false })).toBe(1);
    // Exports follow the same rule.
    const csv = await t.app.inject({ method: 'GET', url: '/export/i4c-session.csv?headers=keys', headers: { authorization: `Bearer ${t.token}` } });
    expect(csv.body.trim().split('\r\n')).toHaveLength(2);
    const trainingCsv = await t.app.inject({ method: 'GET', url: '/export/i4c-session.csv?headers=keys', headers: { authorization: `Bearer ${caf}` } });
    expect(trainingCsv.body.trim().split('\r\n')).toHaveLength(3);
    expect(trainingCsv.body).not.toBe(csv.body);
    // Form list counts are of the reader's mode too.
    const counts = await t.gql('{ definitions { key submissionCount } }');
    expect(counts.errors).toBeUndefined();
    expect(counts.data.definitions.find((d: { key: string }) => d.key === 'i4c-session').submissionCount).toBe(1);
  });

  it('reads the writer\'s switch in the insert itself, and keeps the mark a phone sent', async () => {
    const caf = await user('caf.kampot', 'facilitator', '06');
    // Another instance turned the switch on: this one's session memory has not seen it.
    expect((await t.gql('{ me { trainingMode } }', {}, caf)).data.me.trainingMode).toBe(false);
    await sql`update app_user set training_mode = true where username = 'caf.kampot'`.execute(t.services.db);
    const one = await t.gql(SUBMIT, { i: { id: randomUUID(), definitionKey: 'i4c-session', definitionVersion: 1, data: indicatorDataset[3]!.data } }, caf);
    expect(one.data.submit.training).toBe(true);
    // A record started on the phone before the switch (training: false) stays real; one started in
    // training (true) stays training after the switch is off, in a sync batch as in submit.
    const sync = 'mutation($r: [SubmitInput!]!) { syncSubmissions(records: $r) { status submission { training } } }';
    const batch = await t.gql(sync, { r: [
      { id: randomUUID(), definitionKey: 'i4c-session', definitionVersion: 1, data: indicatorDataset[3]!.data, training: false },
      { id: randomUUID(), definitionKey: 'i4c-session', definitionVersion: 1, data: indicatorDataset[3]!.data },
    ] }, caf);
    expect(batch.data.syncSubmissions.map((r: { status: string; submission: { training: boolean } }) => [r.status, r.submission.training])).toEqual([['STORED', false], ['STORED', true]]);
    await sql`update app_user set training_mode = false where username = 'caf.kampot'`.execute(t.services.db);
    const later = await t.gql(sync, { r: [{ id: randomUUID(), definitionKey: 'i4c-session', definitionVersion: 1, data: indicatorDataset[3]!.data, training: true }] }, caf);
    expect(later.data.syncSubmissions[0].submission.training).toBe(true);
    const stored = await t.services.db.selectFrom('submission').select([(eb) => eb.fn.countAll<string>().as('n'), 'training']).groupBy('training').orderBy('training').execute();
    expect(stored.map((r) => [r.training, Number(r.n)])).toEqual([[false, 1], [true, 3]]);
  });

  it('removes training data in one action: a trainer in their area, anyone their own', async () => {
    const kampot = await user('caf.kampot', 'facilitator', '06');
    const siemReap = await user('caf.siemreap', 'facilitator', '12');
    const trainer = await user('trainer.kampot', 'trainer', '06');
    for (const as of [kampot, siemReap]) await t.gql(SWITCH, { on: true }, as);
    const sr = indicatorDataset.filter((r) => JSON.stringify(r.data).includes('"120101"'));
    const kampotRows = indicatorDataset.filter((r) => !sr.includes(r));
    await submitAll(kampot, { training: true }, kampotRows);
    const real = await t.gql(SUBMIT, { i: { id: randomUUID(), definitionKey: 'i4c-session', definitionVersion: 1, data: indicatorDataset[3]!.data, training: false } }, kampot);
    expect(real.data.submit.training).toBe(false);
    await submitAll(siemReap, {}, sr);
    const inKampot = kampotRows.length;
    await submitAll(kampot, {}, kampotRows); // a second round, marked by caf.kampot's switch

    const summary = 'query { trainingSummary { reach total forms { key count } } }';
    expect((await t.gql(summary, {}, trainer)).data.trainingSummary).toMatchObject({ reach: 'AREA', total: inKampot * 2 });
    expect((await t.gql(summary, {}, siemReap)).data.trainingSummary).toMatchObject({ reach: 'OWN', total: sr.length });
    // The Siem Reap facilitator removes their own; the Kampot trainer removes Kampot's; the real record stays.
    expect((await t.gql('mutation { removeTrainingData }', {}, siemReap)).data.removeTrainingData).toBe(sr.length);
    expect((await t.gql('mutation { removeTrainingData }', {}, trainer)).data.removeTrainingData).toBe(inKampot * 2);
    expect((await t.gql(summary)).data.trainingSummary).toMatchObject({ reach: 'AREA', total: 0 });
    const left = await t.services.db.selectFrom('submission').select(['training', 'geo_code']).execute();
    expect(left).toEqual([{ training: false, geo_code: '06010101' }]);
    // One audit entry per place, inside that place (the area-limited audit log shows it there).
    const audit = await t.services.db.selectFrom('audit_event').select(['actor_name', 'geo_code', 'after']).where('action', '=', 'training.remove').orderBy('geo_code').execute();
    expect(audit.filter((a) => a.actor_name === 'trainer.kampot').every((a) => a.geo_code!.startsWith('06'))).toBe(true);
    expect(audit.filter((a) => a.actor_name === 'caf.siemreap').every((a) => a.geo_code!.startsWith('12'))).toBe(true);
    const removed = audit.reduce((n, a) => n + (a.after as { removed: number }).removed, 0);
    expect(removed).toBe(inKampot * 2 + sr.length);
    // Indicators stay as they were (nothing real went).
    expect(await participants()).toBe(10);
  });
});
