// The per-version artifacts without a server: the submission JSON Schema agrees with the form engine's
// verdict where plain JSON Schema can say the rule (groups, blank text, empty multiselects, calculated
// and conditional fields), every shipped form's schema compiles under a client's strict Ajv, and the
// generator label names the installed json-schema-to-typescript.
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { submissionSchema, validate, type Definition } from '../../form-engine/index';
import { shippedDefinitions } from '../../definitions/index';
import { GENERATOR, formSchemaJson, formTypes } from '../../server/definitions/form-types';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

function clientAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv;
}

const label = (en: string) => ({ en, km: `ក ${en}` });

const form = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  'x-kind': 'form',
  'x-title': label('Rules'),
  'x-order': ['name', 'topics', 'people', 'a', 'b', 'sum', 'other', 'other_text'],
  properties: {
    name: { type: 'string', 'x-widget': 'text', 'x-label': label('Name') },
    topics: { type: 'array', 'x-widget': 'multiselect', items: { type: 'string', enum: ['x', 'y'] }, 'x-label': label('Topics') },
    people: {
      type: 'object',
      'x-widget': 'group',
      'x-label': label('People'),
      properties: { total: { type: 'integer', minimum: 0, 'x-widget': 'number', 'x-label': label('Total') }, note: { type: 'string', 'x-label': label('Note') } },
      required: ['total'],
      additionalProperties: false,
    },
    a: { type: 'integer', 'x-widget': 'number', 'x-label': label('A') },
    b: { type: 'integer', 'x-widget': 'number', 'x-label': label('B') },
    sum: { type: 'integer', 'x-widget': 'number', 'x-label': label('Sum'), 'x-calculate': { '+': [{ var: 'a' }, { var: 'b' }] } },
    other: { type: 'boolean', 'x-widget': 'checkbox', 'x-label': label('Other') },
    other_text: { type: 'string', 'x-widget': 'text', 'x-label': label('Other text'), 'x-visible-when': { '==': [{ var: 'other' }, true] } },
  },
  required: ['name', 'topics', 'a', 'b', 'sum', 'other_text'],
  additionalProperties: false,
} as unknown as Definition;

describe('submission schema', () => {
  it('says what the engine requires whatever the other answers, and leaves the rest to it', () => {
    const schema = submissionSchema(form, { key: 'rules', version: 3 });
    expect(schema.title).toBe('rules@3: Rules');
    // people: its required `total` is missing whenever the group is absent; sum is calculated; other_text conditional.
    expect(schema.required).toEqual(['name', 'topics', 'people', 'a', 'b']);
    const properties = schema.properties as Record<string, Record<string, unknown>>;
    expect(Object.keys(properties)).toEqual(['name', 'topics', 'people', 'a', 'b', 'sum', 'other', 'other_text']);
    expect(properties.name).toEqual({ type: 'string', title: 'Name / ក Name', pattern: '\\S' });
    expect(properties.topics!.minItems).toBe(1);
    expect(properties.sum!.readOnly).toBe(true);
    expect((properties.people!.required as string[])).toEqual(['total']);

    const check = clientAjv().compile(schema);
    const base = { name: 'Sok', topics: ['x'], people: { total: 3 }, a: 1, b: 2 };
    const cases: Array<[string, Record<string, unknown>]> = [
      ['valid', base],
      ['valid, shown condition answered', { ...base, other: true, other_text: 'why' }],
      ['blank name', { ...base, name: '  \t' }],
      ['empty multiselect', { ...base, topics: [] }],
      ['group absent', { a: 1, b: 2, name: 'Sok', topics: ['y'] }],
      ['group without its required field', { ...base, people: { note: 'n' } }],
      ['negative total', { ...base, people: { total: -1 } }],
      ['unknown option', { ...base, topics: ['z'] }],
      ['wrong type', { ...base, a: 'one' }],
    ];
    const verdicts = cases.map(([name, data]) => [name, check(structuredClone(data)), validate(form, structuredClone(data)).errors.length === 0]);
    expect(verdicts).toEqual(cases.map(([name], i) => [name, i < 2, i < 2]));
    // The server's own: a condition that holds makes other_text required.
    expect(check({ ...base, other: true })).toBe(true);
    expect(validate(form, { ...base, other: true }).errors.map((e) => e.path)).toEqual(['other_text']);
  });

  it('compiles for every shipped form under a strict client Ajv, with the form engine accepting no more than it', () => {
    for (const def of shippedDefinitions) {
      const json = formSchemaJson({ key: def.key, version: def.version, schema: def.schema as Record<string, unknown> });
      expect(json.endsWith('}\n'), def.key).toBe(true);
      const check = clientAjv().compile(JSON.parse(json));
      // An empty object: both refuse it (every shipped form has required questions).
      expect([def.key, check({}), validate(def.schema as Definition, {}).errors.length > 0]).toEqual([def.key, false, true]);
    }
  });

  it('generates both files for every widget fixture of the form engine', async () => {
    const dir = 'tests/fixtures/form-engine/';
    const names = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
    expect(names.length).toBeGreaterThanOrEqual(10);
    for (const name of names) {
      // Each fixture holds a definition and the cases the engine tests check against it.
      const schema = (JSON.parse(readFileSync(dir + name, 'utf8')) as { definition: Record<string, unknown> }).definition;
      expect(schema['x-kind'], name).toBe('form');
      const source = { key: 'fixture', version: 2, schema, publishedAt: new Date('2026-12-01T00:00:00Z') };
      expect((await formTypes(source)).includes('export interface FixtureV2 {'), name).toBe(true);
      expect(typeof clientAjv().compile(JSON.parse(formSchemaJson(source))), name).toBe('function');
    }
  });

  it('agrees with the engine on its fixtures, except where docs/api.md says the server decides', () => {
    const dir = 'tests/fixtures/form-engine/';
    const differences: string[] = [];
    let agreements = 0;
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      const fixture = JSON.parse(readFileSync(dir + name, 'utf8')) as { definition: Record<string, unknown>; tests: Array<{ description: string; data: unknown; valid: boolean }> };
      const check = clientAjv().compile(JSON.parse(formSchemaJson({ key: 'fixture', version: 1, schema: fixture.definition })));
      for (const test of fixture.tests) {
        const ajv = check(structuredClone(test.data));
        if (ajv === test.valid) agreements++;
        else differences.push(`${name}: ${test.description}: schema ${ajv ? 'accepts' : 'refuses'}`);
      }
    }
    expect(agreements).toBe(58); // defaults.json: a default is only a prefill, so the schema agrees
    expect(differences).toEqual([
      // A calculated value is the server's: it replaces what was sent, and checks what it computed.
      'calculations.json: client total is overwritten: schema refuses',
      'calculations.json: computed value is validated: schema accepts',
      // An empty answer ([] for a multiselect, null) is dropped by the server before the check.
      'choice-widgets.json: empty multiselect is not an answer: schema refuses',
      // Conditions are the server's: hidden values are dropped, shown fields become required.
      'conditions.json: hidden values are dropped: schema refuses',
      'conditions.json: visible and required: schema accepts',
      'conditions.json: chained condition sees earlier hidden fields as absent: schema accepts',
      'repeat.json: visible reason is required: schema accepts',
      'text-widgets.json: null is not an answer: schema refuses',
    ]);
  });

  it('labels stored files with the installed generator and escapes comment ends in labels', async () => {
    const installed = JSON.parse(readFileSync('node_modules/json-schema-to-typescript/package.json', 'utf8')) as { version: string };
    expect(GENERATOR).toBe(`sa-studio-form-types/1 json-schema-to-typescript@${installed.version}`);
    const hostile = structuredClone(form) as unknown as { 'x-title': { en: string }; properties: { name: { 'x-label': { en: string; km: string } } } };
    hostile['x-title'].en = 'Rules */ export const x = 1; /*';
    hostile.properties.name['x-label'] = { en: 'Name */ evil', km: 'ឈ្មោះ' };
    const dts = await formTypes({ key: 'rules', version: 3, schema: hostile as unknown as Record<string, unknown>, publishedAt: new Date('2026-12-01T10:00:00Z') });
    expect(dts).not.toContain('*/ export const');
    expect(dts).not.toContain('*/ evil');
    expect(dts).toContain(' * Rules * / export const x = 1; /*\n');
    expect(dts).toContain(' * Published: 2026-12-01T10:00:00.000Z\n');
    expect(dts).toMatch(/\n {2}sum\?: number;/);
    expect(dts).toMatch(/\n {2}people: RulesV3People;/);
  });
});
