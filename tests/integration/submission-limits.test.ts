// The form engine's limits reach the API as data: deep submissions are VALIDATION_FAILED with the
// path where they get too deep, hostile definitions INVALID_DEFINITION with the offending path.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { LIMITS } from '../../form-engine/index';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { deepData, hugeEnum, namedField, nestedGroups } from '../fixtures/hostile-definitions';
import { simpleForm, validAnswer } from '../fixtures/simple-form';

const engines = await testEngines();
afterAll(closeSharedPglite);

const SUBMIT = 'mutation($input: SubmitInput!) { submit(input: $input) { id } }';
const SAVE = 'mutation($k: String!, $s: JSON!) { saveDraft(key: $k, schema: $s) { version } }';

describe.each(engines)('form engine limits through the API on %s', (engine) => {
  let t: TestApp;

  beforeEach(async () => {
    t = await createTestApp(engine);
    await t.gql(SAVE, { k: 'test-form', s: simpleForm });
    await t.gql('mutation { publish(key: "test-form") { version } }');
  });
  afterEach(async () => t.close());

  it('answers VALIDATION_FAILED with a path for data nested past the limit, and stores nothing', async () => {
    const res = await t.gql(SUBMIT, { input: { id: randomUUID(), definitionKey: 'test-form', definitionVersion: 1, data: { ...validAnswer, name: deepData(LIMITS.dataDepth + 5) } } });
    expect(res.errors?.[0]?.extensions.code).toBe('VALIDATION_FAILED');
    const errors = res.errors?.[0]?.extensions.errors ?? [];
    expect(errors.map((e) => [e.path, e.keyword])).toEqual([[['name', ...Array.from({ length: LIMITS.dataDepth - 1 }, () => 'a')].join('.'), 'maxDepth']]);
    expect(errors[0]?.message.km).toMatch(/[\u1780-\u17FF]/);
    const count = await t.services.db.selectFrom('submission').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('answers BAD_INPUT (maxDepth at the body) for a 20,000-deep submission sent as raw JSON', async () => {
    // Built as text: JSON.stringify of the object itself would overflow the test's own stack.
    const depth = 20_000;
    const data = JSON.stringify({ ...validAnswer, name: 0 }).replace('"name":0', `"name":${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`);
    const query = JSON.stringify(SUBMIT);
    const payload = `{"query":${query},"variables":{"input":{"id":"${randomUUID()}","definitionKey":"test-form","definitionVersion":1,"data":${data}}}}`;
    const res = await t.app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' }, payload });
    const body = res.json() as { errors?: Array<{ extensions: { code: string; errors?: Array<{ path: string; keyword: string }> } }> };
    // The JSON parser's depth cap (http/json-body.ts) refuses it before GraphQL or the engine see it.
    expect(res.statusCode).toBe(400);
    expect(body.errors?.[0]?.extensions.code).toBe('BAD_INPUT');
    expect(body.errors?.[0]?.extensions.errors?.map((e) => [e.path, e.keyword])).toEqual([['body', 'maxDepth']]);
  });

  it.each([
    ['groups nested past the limit', nestedGroups(LIMITS.fieldDepth + 1), /^properties\.g\.properties\.g/],
    ['an enum past the options limit', hugeEnum(LIMITS.options + 1), /^properties\.choice\.enum$/],
    ['a field named valueOf', namedField('valueOf'), /^properties\.valueOf$/],
  ])('answers INVALID_DEFINITION with a path for %s', async (_name, schema, path) => {
    const res = await t.gql(SAVE, { k: 'hostile', s: schema });
    expect(res.errors?.[0]?.extensions.code).toBe('INVALID_DEFINITION');
    const errors = res.errors?.[0]?.extensions.errors ?? [];
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toMatch(path);
    expect(errors[0]?.message.km).toMatch(/[\u1780-\u17FF]/);
  });
});
