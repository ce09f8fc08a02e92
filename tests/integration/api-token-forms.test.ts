// Form-limited API tokens (issue 14.4, decision 265) on every engine: a token limited to form A reads
// A's records through GraphQL and the CSV export, and for form B gets nothing (pages, counts, one
// record, export) or FORBIDDEN (indicators, reports, audit log); it cannot write B (submit, sync);
// its limit is carried through the token cache; wrong form lists are BAD_INPUT with field paths.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indicatorDataset } from '../fixtures/indicator-data';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';

const engines = await testEngines();
afterAll(closeSharedPglite);

const CREATE = 'mutation($i: ApiTokenInput!) { createApiToken(input: $i) { token apiToken { id formKeys } } }';
const SUBMIT = 'mutation($i: SubmitInput!) { submit(input: $i) { id } }';
const SYNC = 'mutation($r: [SubmitInput!]!) { syncSubmissions(records: $r) { id status code errors { path keyword } } }';
const PAGE = 'query($k: String!) { submissions(definitionKey: $k, first: 50) { totalCount edges { node { id } } } }';
const ONE = 'query($id: ID!) { submission(id: $id) { id } }';
const I4C = { village: '06010101', date: '2026-02-01', facilitators: 'Sok', participants: { total: 10, female: 6, youth: 2, disability: 1, ethnic_minority: 0, id_poor: 3 }, topics: ['service_standards'], materials_distributed: 5 };
const JAAP = indicatorDataset.find((r) => r.key === 'jaap')!.data;
const A = 'i4c-session';
const B = 'jaap';

describe.each(engines)('form-limited API tokens on %s', (engine) => {
  let t: TestApp;
  let aId: string;
  let bId: string;
  beforeEach(async () => {
    t = await createTestApp(engine);
    [aId, bId] = [randomUUID(), randomUUID()];
    const seeded = await t.gql(SYNC, { r: [{ id: aId, definitionKey: A, definitionVersion: 1, data: I4C }, { id: bId, definitionKey: B, definitionVersion: 1, data: JAAP }] });
    expect(seeded.data.syncSubmissions.map((r: any) => r.status)).toEqual(['STORED', 'STORED']);
  });
  afterEach(async () => t.close());

  const make = async (i: Record<string, unknown>) => {
    const res = await t.gql(CREATE, { i });
    expect(res.errors).toBeUndefined();
    return res.data.createApiToken as { token: string; apiToken: { id: string; formKeys: string[] | null } };
  };
  const get = (url: string, token: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  it("reads form A's records and nothing of form B, on every read path", async () => {
    const made = await make({ name: 'Power BI (I4C)', scope: 'read', expiresInDays: 30, formKeys: [A] });
    expect(made.apiToken.formKeys).toEqual([A]);
    const token = made.token;
    const all = (await t.gql(PAGE, { k: A })).data.submissions.totalCount as number;
    expect(all).toBeGreaterThan(0);

    // Twice: the second answer comes from the token cache, which must carry the limit.
    for (let round = 0; round < 2; round++) {
      const a = (await t.gql(PAGE, { k: A }, token)).data.submissions;
      expect(a.totalCount).toBe(all);
      expect(a.edges.map((e: any) => e.node.id)).toContain(aId);
      const b = await t.gql(PAGE, { k: B }, token);
      expect(b.errors).toBeUndefined();
      expect(b.data.submissions).toEqual({ totalCount: 0, edges: [] });
      expect((await t.gql(ONE, { id: aId }, token)).data.submission).toEqual({ id: aId });
      expect((await t.gql(ONE, { id: bId }, token)).data.submission).toBeNull();
      expect((await t.gql('query($id: ID!) { submissionHistory(id: $id) { version } }', { id: bId }, token)).errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    }

    // Counts on the definitions list: A's stay, B's are 0 (the list itself stays visible: decision 265).
    const defs = (await t.gql('{ definitions { key submissionCount } }', {}, token)).data.definitions as Array<{ key: string; submissionCount: number }>;
    expect(defs.find((d) => d.key === A)?.submissionCount).toBe(all);
    expect(defs.find((d) => d.key === B)?.submissionCount).toBe(0);
    const attention = (await t.gql('{ attention { waitingForReview items { submission { definitionKey } } } }', {}, token)).data.attention;
    expect(attention.items.length).toBeGreaterThan(0);
    expect(attention.items.every((i: any) => i.submission.definitionKey === A)).toBe(true);

    // Exports: A's records, and none of B's.
    const csvA = await get(`/export/${A}.csv`, token);
    expect(csvA.statusCode).toBe(200);
    expect(csvA.body).toContain(aId);
    expect(csvA.body.trim().split('\n').length).toBe(all + 1);
    const csvB = await get(`/export/${B}.csv`, token);
    expect(csvB.body).not.toContain(bId);
    expect(csvB.statusCode === 200 ? csvB.body.trim().split('\n').length : 1).toBe(1);

    // What sums up or names every form: refused.
    expect((await t.gql('{ indicators { key } }', {}, token)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await t.gql('query { indicatorValues(key: "jaap-actions-progress") { value } }', {}, token)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await get('/reports/progress?month=2026-02', token)).statusCode).toBe(403);
    expect((await t.gql('{ auditLog(first: 10) { edges { node { action } } } }', {}, token)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('writes only records of its forms: submit and sync to form B are refused', async () => {
    const { token } = await make({ name: 'ETL (I4C)', scope: 'read_write', expiresInDays: 30, formKeys: [A] });
    expect((await t.gql(SUBMIT, { i: { id: randomUUID(), definitionKey: A, definitionVersion: 1, data: I4C } }, token)).errors).toBeUndefined();
    const refused = await t.gql(SUBMIT, { i: { id: randomUUID(), definitionKey: B, definitionVersion: 1, data: JAAP } }, token);
    expect(refused.errors?.[0]?.extensions.code).toBe('TOKEN_FORM_NOT_ALLOWED');
    expect(refused.errors?.[0]?.extensions.errors?.[0]?.path).toBe('definitionKey');

    const okId = randomUUID();
    const badId = randomUUID();
    const sync = await t.gql(SYNC, { r: [{ id: okId, definitionKey: A, definitionVersion: 1, data: I4C }, { id: badId, definitionKey: B, definitionVersion: 1, data: JAAP }] }, token);
    expect(sync.data.syncSubmissions.map((r: any) => [r.id, r.status, r.code])).toEqual([
      [okId, 'STORED', null],
      [badId, 'FORBIDDEN', 'TOKEN_FORM_NOT_ALLOWED'],
    ]);
    expect(await t.services.db.selectFrom('submission').select('id').where('id', '=', badId).execute()).toEqual([]);

    // Edit and review of B's record: it does not exist for the token.
    const edit = await t.gql('mutation($id: ID!, $d: JSON!) { updateSubmission(id: $id, data: $d) { id } }', { id: bId, d: JAAP }, token);
    expect(edit.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const review = await t.gql('mutation($id: ID!) { reviewSubmission(id: $id, state: APPROVED) { id } }', { id: bId }, token);
    expect(review.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const bulk = await t.gql('mutation($ids: [ID!]!) { reviewSubmissions(ids: $ids, state: APPROVED) { changed refused { id code } } }', { ids: [aId, bId] }, token);
    expect(bulk.data.reviewSubmissions).toEqual({ changed: 1, refused: [{ id: bId, code: 'NOT_FOUND' }] });
  });

  it('answers BAD_INPUT with the path of each wrong form, and stores nothing', async () => {
    const res = await t.gql(CREATE, { i: { name: 'x', scope: 'read', expiresInDays: 5, formKeys: [A, 'no-such-form', 'jaap-actions-progress', A] } });
    expect(res.errors?.[0]?.extensions.code).toBe('BAD_INPUT');
    expect(res.errors?.[0]?.extensions.errors?.map((e) => `${e.path}:${e.keyword}`)).toEqual(['formKeys.1:exists', 'formKeys.2:exists', 'formKeys.3:unique']);
    const empty = await t.gql(CREATE, { i: { name: 'x', scope: 'read', expiresInDays: 5, formKeys: [] } });
    expect(empty.errors?.[0]?.extensions.errors?.map((e) => `${e.path}:${e.keyword}`)).toEqual(['formKeys:minItems']);
    const many = await t.gql(CREATE, { i: { name: 'x', scope: 'read', expiresInDays: 5, formKeys: Array.from({ length: 51 }, (_, i) => `f${i}`) } });
    expect(many.errors?.[0]?.extensions.errors?.map((e) => `${e.path}:${e.keyword}`)).toEqual(['formKeys:maxItems']);
    expect(await t.services.db.selectFrom('api_token').select('id').execute()).toEqual([]);
    // No list: every form, as before.
    expect((await make({ name: 'all', scope: 'read', expiresInDays: 5 })).apiToken.formKeys).toBeNull();
  });
});
