// Definition lifecycle through the HTTP API on every engine: list, draft, publish, diff, safety.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { shippedDefinitions } from '../../definitions/index';
import { simpleForm } from '../fixtures/simple-form';

const engines = await testEngines();
afterAll(closeSharedPglite);

const SAVE = 'mutation($key: String!, $schema: JSON!) { saveDraft(key: $key, schema: $schema) { key version status } }';
const PUBLISH = 'mutation($key: String!) { publish(key: $key) { key version status publishedAt } }';

describe.each(engines)('definitions on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
  });
  afterEach(async () => t.close());

  it('ships the ISAF definitions as published, newest shipped version, with Khmer and English titles', async () => {
    const res = await t.gql('{ definitions(status: PUBLISHED) { key version status kind km: title(locale: "km") en: title(locale: "en") submissionCount } }');
    const keys = res.data.definitions.map((d: { key: string }) => d.key);
    for (const key of ['csc-health-centre', 'csc-primary-school', 'csc-commune', 'ssa-health-centre', 'ssa-primary-school', 'ssa-commune', 'i4c-session', 'jaap', 'jaap-monitoring', 'training-attendance']) {
      expect(keys).toContain(key);
    }
    for (const d of res.data.definitions) {
      const newest = Math.max(...shippedDefinitions.filter((s) => s.key === d.key).map((s) => s.version));
      expect(d).toMatchObject({ version: newest, status: 'PUBLISHED', kind: 'form', submissionCount: 0 });
      expect(d.km).toMatch(/[\u1780-\u17FF]/);
      expect(d.en).toMatch(/[A-Za-z]/);
    }
  });

  it('refuses anonymous callers with UNAUTHENTICATED', async () => {
    const res = await t.gql('{ definitions { key } }', {}, null);
    expect(res.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(res.data).toBeNull();
  });

  it('drafts, publishes immutable integer versions, and diffs them', async () => {
    const first = await t.gql(SAVE, { key: 'test-form', schema: simpleForm });
    expect(first.data.saveDraft).toEqual({ key: 'test-form', version: 1, status: 'DRAFT' });
    expect((await t.gql(PUBLISH, { key: 'test-form' })).data.publish).toMatchObject({ version: 1, status: 'PUBLISHED' });

    const changed = structuredClone(simpleForm) as any;
    changed.properties.phone = { type: 'string', 'x-widget': 'text', 'x-label': { km: 'ទូរស័ព្ទ', en: 'Phone' } };
    changed['x-order'] = [...changed['x-order'], 'phone'];
    delete changed.properties.has_issue;
    changed['x-order'] = changed['x-order'].filter((k: string) => k !== 'has_issue');
    changed.properties.issue = { ...changed.properties.issue };
    delete changed.properties.issue['x-visible-when'];
    changed.properties.score = { ...changed.properties.score, 'x-label': { km: 'ពិន្ទុថ្មី', en: 'New score' } };
    const second = await t.gql(SAVE, { key: 'test-form', schema: changed });
    expect(second.data.saveDraft).toEqual({ key: 'test-form', version: 2, status: 'DRAFT' });
    // Saving again updates the same draft rather than making version 3.
    expect((await t.gql(SAVE, { key: 'test-form', schema: changed })).data.saveDraft.version).toBe(2);
    // Latest published is still v1 until v2 is published.
    expect((await t.gql('{ definition(key: "test-form") { version } }')).data.definition.version).toBe(1);
    await t.gql(PUBLISH, { key: 'test-form' });
    expect((await t.gql('{ definition(key: "test-form") { version versions { version status } } }')).data.definition).toEqual({
      version: 2,
      versions: [{ version: 1, status: 'PUBLISHED' }, { version: 2, status: 'PUBLISHED' }],
    });
    const v1 = await t.gql('{ definition(key: "test-form", version: 1) { schema } }');
    expect(v1.data.definition.schema).toEqual(simpleForm);

    const diff = (await t.gql('{ definitionDiff(key: "test-form", from: 1, to: 2) }')).data.definitionDiff;
    expect(diff.added.map((c: { path: string }) => c.path)).toEqual(['phone']);
    expect(diff.removed.map((c: { path: string }) => c.path)).toEqual(['has_issue']);
    expect(diff.changed.map((c: { path: string }) => c.path).sort()).toEqual(['issue', 'score']);
  });

  it('keeps published versions frozen in the database itself', async () => {
    await t.gql(SAVE, { key: 'frozen', schema: simpleForm });
    await t.gql(PUBLISH, { key: 'frozen' });
    await expect(t.services.db.updateTable('definition').set({ schema: '{}' }).where('key', '=', 'frozen').execute()).rejects.toThrow(/immutable/);
  });

  it('refuses unsafe definitions with UNSAFE_DEFINITION naming the path, and stores nothing', async () => {
    const unsafe = structuredClone(simpleForm) as any;
    unsafe.properties.name['x-label'] = { km: '<img src=x onerror=alert(1)>', en: 'Name' };
    const res = await t.gql(SAVE, { key: 'bad-form', schema: unsafe });
    expect(res.errors?.[0]?.extensions.code).toBe('UNSAFE_DEFINITION');
    expect(res.errors?.[0]?.extensions.errors?.[0]?.path).toContain('name');
    const logic = structuredClone(simpleForm) as any;
    logic.properties.issue['x-visible-when'] = { eval: ['process.exit()'] };
    expect((await t.gql(SAVE, { key: 'bad-form', schema: logic })).errors?.[0]?.extensions.code).toBe('UNSAFE_DEFINITION');
    expect((await t.gql('{ definition(key: "bad-form", version: 1) { key } }')).data.definition).toBeNull();
  });

  it('refuses invalid definitions and keys with their codes', async () => {
    const res = await t.gql(SAVE, { key: 'x-form', schema: { type: 'object', properties: {} } });
    expect(res.errors?.[0]?.extensions.code).toBe('INVALID_DEFINITION');
    const badKey = await t.gql(SAVE, { key: 'Bad Key!', schema: simpleForm });
    expect(badKey.errors?.[0]?.extensions.code).toBe('BAD_INPUT');
    expect(badKey.errors?.[0]?.extensions.errors?.[0]?.path).toBe('key');
    expect((await t.gql(PUBLISH, { key: 'nothing-here' })).errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('starts a new draft from the latest version or restores an old one', async () => {
    const draft = await t.gql('mutation { newDraft(key: "jaap") { version status schema } }');
    expect(draft.data.newDraft).toMatchObject({ version: 2, status: 'DRAFT' });
    const v1 = await t.gql('{ definition(key: "jaap", version: 1) { schema } }');
    expect(draft.data.newDraft.schema).toEqual(v1.data.definition.schema);
    expect((await t.gql('mutation { newDraft(key: "jaap", fromVersion: 9) { version } }')).errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('retires a form so it takes no new submissions', async () => {
    await t.gql(SAVE, { key: 'old-form', schema: simpleForm });
    await t.gql(PUBLISH, { key: 'old-form' });
    const res = await t.gql('mutation { retire(key: "old-form") { status } }');
    expect(res.data.retire.status).toBe('RETIRED');
  });
});
