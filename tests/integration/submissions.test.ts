// Submissions through the HTTP API on every engine: validation, idempotency, conflicts, history, paging.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { simpleForm, validAnswer } from '../fixtures/simple-form';

const engines = await testEngines();
afterAll(closeSharedPglite);

const SUBMIT = 'mutation($input: SubmitInput!) { submit(input: $input) { id definitionKey definitionVersion data status createdAt } }';

describe.each(engines)('submissions on %s', (engine) => {
  let t: TestApp;
  const submit = (data: unknown, id: string = randomUUID(), extra: Record<string, unknown> = {}) =>
    t.gql(SUBMIT, { input: { id, definitionKey: 'test-form', definitionVersion: 1, data, ...extra } });

  beforeEach(async () => {
    t = await createTestApp(engine);
    await t.gql('mutation($s: JSON!) { saveDraft(key: "test-form", schema: $s) { version } }', { s: simpleForm });
    await t.gql('mutation { publish(key: "test-form") { version } }');
  });
  afterEach(async () => t.close());

  it('stores a valid submission pinned to its version, with derived geography and period', async () => {
    const id = randomUUID();
    const res = await submit(validAnswer, id);
    expect(res.errors).toBeUndefined();
    expect(res.data.submit).toMatchObject({ id, definitionKey: 'test-form', definitionVersion: 1, data: validAnswer, status: 'received' });
    const row = await t.services.db.selectFrom('submission').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ geo_code: '010201', period: '2026-03-14', definition_version: 1 });
  });

  it('answers VALIDATION_FAILED with every failing field path, and stores nothing', async () => {
    const res = await submit({ ...validAnswer, name: '', score: 9, commune: '12', items: [{ count: -1 }] });
    expect(res.errors?.[0]?.extensions.code).toBe('VALIDATION_FAILED');
    const errors = res.errors?.[0]?.extensions.errors ?? [];
    const paths = errors.map((e) => `${e.path}:${e.keyword}`).sort();
    expect(paths).toEqual(['commune:pattern', 'items.0.count:minimum', 'items.0.label:required', 'name:required', 'score:maximum']);
    for (const e of errors) {
      expect(e.message.en.length).toBeGreaterThan(3);
      expect(e.message.km).toMatch(/[\u1780-\u17FF]/);
    }
    const count = await t.services.db.selectFrom('submission').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('requires a conditional field only when shown, and never stores it when hidden', async () => {
    const missing = await submit({ ...validAnswer, has_issue: true });
    expect(missing.errors?.[0]?.extensions.errors?.map((e) => e.path)).toEqual(['issue']);
    const hidden = await submit({ ...validAnswer, has_issue: false, issue: 'should be dropped' });
    expect(hidden.errors).toBeUndefined();
    expect(hidden.data.submit.data.issue).toBeUndefined();
    const shown = await submit({ ...validAnswer, has_issue: true, issue: 'no water' });
    expect(shown.data.submit.data.issue).toBe('no water');
  });

  it('is idempotent on the client id and answers SUBMISSION_ID_TAKEN for different data under the same id', async () => {
    const id = randomUUID();
    const first = await submit(validAnswer, id);
    const again = await submit({ ...validAnswer }, id);
    expect(again.errors).toBeUndefined();
    expect(again.data.submit).toEqual(first.data.submit);
    const conflict = await submit({ ...validAnswer, name: 'Dara' }, id);
    expect(conflict.errors?.[0]?.extensions).toMatchObject({ code: 'SUBMISSION_ID_TAKEN', errors: [{ path: 'id', keyword: 'unique' }] });
    const rows = await t.services.db.selectFrom('submission').select(['id', 'data']).execute();
    expect(rows).toHaveLength(1);
    expect((rows[0]!.data as { name: string }).name).toBe('Sok');
  });

  it('answers NOT_FOUND for unknown definitions and versions, BAD_INPUT for bad ids', async () => {
    const unknown = await t.gql(SUBMIT, { input: { id: randomUUID(), definitionKey: 'nope', definitionVersion: 1, data: {} } });
    expect(unknown.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const version = await t.gql(SUBMIT, { input: { id: randomUUID(), definitionKey: 'test-form', definitionVersion: 7, data: validAnswer } });
    expect(version.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const badId = await submit(validAnswer, 'not-a-uuid');
    expect(badId.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', errors: [{ path: 'id' }] });
    const notObject = await submit([1, 2]);
    expect(notObject.errors?.[0]?.extensions.code).toBe('BAD_INPUT');
    const wrongType = await t.gql(SUBMIT, { input: { id: randomUUID(), definitionKey: 'test-form', definitionVersion: 'one', data: validAnswer } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.errors?.[0]?.extensions.code).toBe('BAD_INPUT');
  });

  it('keeps old versions valid for their submissions after a new version is published', async () => {
    const v2 = structuredClone(simpleForm) as any;
    v2.properties.phone = { type: 'string', 'x-widget': 'text', 'x-label': { km: 'ទូរស័ព្ទ', en: 'Phone' } };
    v2['x-order'] = [...v2['x-order'], 'phone'];
    v2.required = [...v2.required, 'phone'];
    await t.gql('mutation($s: JSON!) { saveDraft(key: "test-form", schema: $s) { version } }', { s: v2 });
    await t.gql('mutation { publish(key: "test-form") { version } }');
    expect((await submit(validAnswer)).errors).toBeUndefined();
    const onV2 = await t.gql(SUBMIT, { input: { id: randomUUID(), definitionKey: 'test-form', definitionVersion: 2, data: validAnswer } });
    expect(onV2.errors?.[0]?.extensions.errors?.map((e) => e.path)).toEqual(['phone']);
  });

  it('keeps the previous data in history when a submission is edited', async () => {
    const id = randomUUID();
    await submit(validAnswer, id);
    const res = await t.gql('mutation($id: ID!, $data: JSON!) { updateSubmission(id: $id, data: $data) { data } }', { id, data: { ...validAnswer, name: 'Dara' } });
    expect(res.data.updateSubmission.data.name).toBe('Dara');
    const history = await t.services.db.selectFrom('submission_version').selectAll().where('submission_id', '=', id).execute();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ version: 1, status: 'received', next_version: 2, next_status: 'received' });
    expect((history[0]!.data as { name: string }).name).toBe('Sok');
    const invalid = await t.gql('mutation($id: ID!, $data: JSON!) { updateSubmission(id: $id, data: $data) { data } }', { id, data: { ...validAnswer, score: 0 } });
    expect(invalid.errors?.[0]?.extensions.code).toBe('VALIDATION_FAILED');
  });

  it('pages through submissions newest first with cursors and a total count', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = randomUUID();
      ids.push(id);
      await submit({ ...validAnswer, name: `n${i}` }, id);
    }
    const Q = 'query($after: String) { submissions(definitionKey: "test-form", first: 2, after: $after) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }';
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const res: any = await t.gql(Q, { after });
      expect(res.data.submissions.totalCount).toBe(5);
      seen.push(...res.data.submissions.edges.map((e: any) => e.node.id));
      after = res.data.submissions.pageInfo.endCursor;
      expect(res.data.submissions.pageInfo.hasNextPage).toBe(page < 2);
    }
    expect(seen).toEqual([...ids].reverse());
    const bad = await t.gql('{ submissions(definitionKey: "test-form", first: 100000) { totalCount } }');
    expect(bad.errors?.[0]?.extensions.code).toBe('BAD_INPUT');
    const count = await t.gql('{ definition(key: "test-form") { submissionCount } }');
    expect(count.data.definition.submissionCount).toBe(5);
  });
});
