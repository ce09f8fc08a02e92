// Patterns are safe on every side: refused at save when they are not in the supported language,
// too long, or not linear-time on the browser's backtracking engine (recheck); and the server
// matches with re2js, so even a pattern stored before these checks cannot stall or break a request.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { insertDefinition } from '../../server/definitions/definitions.repository';
import { simpleForm, validAnswer } from '../fixtures/simple-form';

const engines = await testEngines();
afterAll(closeSharedPglite);

const SAVE = 'mutation($key: String!, $schema: JSON!) { saveDraft(key: $key, schema: $schema) { key version status } }';
const SUBMIT = 'mutation($input: SubmitInput!) { submit(input: $input) { id data } }';

function withNamePattern(pattern: string): typeof simpleForm {
  const schema = structuredClone(simpleForm) as any;
  schema.properties.name.pattern = pattern;
  return schema;
}

describe.each(engines)('definition patterns on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
  });
  afterEach(async () => t.close());

  it.each([
    ['exponential backtracking', '^(a+)+$'],
    ['exponential backtracking (alternation)', '^(\\w+\\s?)*$'],
    ['polynomial backtracking', '[^@\\s]+@[^@\\s]+'],
    ['a backreference', '^(a)\\1$'],
    ['lookahead', '^(?=a)a$'],
    ['a repeat count above 1000', '^a{1001}$'],
    ['nested repeat counts RE2 cannot compile', '^(?:a{100}){100}$'],
    ['a pattern longer than 512 characters', `^(?:${'ab'.repeat(300)})$`],
    ['a 100 kB pattern', 'a'.repeat(100_000)],
  ])('refuses %s with INVALID_DEFINITION at the pattern, and stores nothing', async (_what, pattern) => {
    const res = await t.gql(SAVE, { key: 'pattern-form', schema: withNamePattern(pattern) });
    expect(res.errors?.[0]?.extensions.code).toBe('INVALID_DEFINITION');
    expect(res.errors?.[0]?.extensions.errors?.map((e: { path: string }) => e.path)).toEqual(['properties.name.pattern']);
    expect((await t.gql('{ definition(key: "pattern-form", version: 1) { key } }')).data.definition).toBeNull();
  });

  it('accepts linear-time patterns, Unicode properties included', async () => {
    for (const pattern of ['^\\p{Letter}+(?: \\p{Letter}+)*$', '^[\\p{Script=Khmer} ]+$', '^[^@\\s]+@[^@\\s]+$', '^0[0-9]{8,9}$']) {
      const res = await t.gql(SAVE, { key: 'pattern-form', schema: withNamePattern(pattern) });
      expect(res.errors, pattern).toBeUndefined();
    }
  });

  it('matches with the u-flag meaning (\\p{Letter}) and counts UTF-16 units for maxLength', async () => {
    const schema = withNamePattern('^\\p{Letter}+$') as any;
    schema.properties.name.maxLength = 5;
    await t.gql(SAVE, { key: 'pattern-form', schema });
    await t.gql('mutation { publish(key: "pattern-form") { version } }');
    const submit = (name: string) => t.gql(SUBMIT, { input: { id: randomUUID(), definitionKey: 'pattern-form', definitionVersion: 1, data: { ...validAnswer, name } } });
    expect((await submit('Hello')).errors).toBeUndefined();
    const digits = await submit('H3llo');
    expect(digits.errors?.[0]?.extensions.errors?.map((e: { path: string; keyword: string }) => `${e.path}:${e.keyword}`)).toEqual(['name:pattern']);
    // 𝐀𝐁𝐂 are three letters but six UTF-16 units: over maxLength 5, as formio.js counts.
    const astral = await submit('𝐀𝐁𝐂');
    expect(astral.errors?.[0]?.extensions.errors?.map((e: { path: string; keyword: string }) => `${e.path}:${e.keyword}`)).toEqual(['name:maxLength']);
  });

  it('answers quickly and with VALIDATION_FAILED for patterns stored before the checks', async () => {
    const schema = withNamePattern('^(a+)+$') as any;
    schema.properties.issue.pattern = 'b'.repeat(1_000_000);
    await insertDefinition(t.services.db, { key: 'old-form', version: 1, kind: 'form', status: 'published', schema, createdBy: null });
    const started = Date.now();
    const res = await t.gql(SUBMIT, { input: { id: randomUUID(), definitionKey: 'old-form', definitionVersion: 1, data: { ...validAnswer, has_issue: true, issue: 'x', name: `${'a'.repeat(28)}!` } } });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(res.errors?.[0]?.extensions.code).toBe('VALIDATION_FAILED');
    // The exponential pattern runs on re2js (linear); the unparsable 1 MB one matches nothing.
    expect(res.errors?.[0]?.extensions.errors?.map((e: { path: string; keyword: string }) => `${e.path}:${e.keyword}`)).toEqual(['issue:pattern', 'name:pattern']);
    const ok = await t.gql(SUBMIT, { input: { id: randomUUID(), definitionKey: 'old-form', definitionVersion: 1, data: { ...validAnswer, name: 'aaaa' } } });
    expect(ok.errors).toBeUndefined();
  });
});
