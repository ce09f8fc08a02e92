// The OData model and `$metadata` without a server: names flattened and made unique, types from the
// answers' JSON types, values coerced to their declared type, XML escaped; and the CSDL checker itself
// finds each kind of fault (so the integration test's empty list means something).
import { Kysely, PostgresDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { exportLayout } from '../../../server/exports/columns';
import { compileFilter } from '../../../server/odata/odata-filter';
import { metadataXml } from '../../../server/odata/odata-metadata';
import { asEdm, odataModel } from '../../../server/odata/odata-model';
import { checkCsdl } from '../../integration/odata-csdl-rules';

const form = {
  type: 'object',
  'x-kind': 'form',
  'x-title': { km: 'ទម្រង់', en: 'Form' },
  'x-order': ['a', 'a_b', 'topics', 'when', 'rows'],
  properties: {
    a: { type: 'object', 'x-widget': 'group', 'x-label': { km: 'ក', en: 'A' }, 'x-order': ['b'], properties: { b: { type: 'number', 'x-widget': 'number', 'x-label': { km: 'ខ <&>', en: 'B' } } } },
    a_b: { type: 'string', 'x-widget': 'text', 'x-label': { km: 'គ', en: 'C' } },
    topics: { type: 'array', 'x-widget': 'multiselect', items: { type: 'string', enum: ['x', 'y'] }, 'x-options': [{ value: 'x', label: { km: 'x', en: 'x' } }, { value: 'y', label: { km: 'y', en: 'y' } }], 'x-label': { km: 'ប្រធានបទ', en: 'Topics' } },
    when: { type: 'string', format: 'date', 'x-widget': 'date', 'x-label': { km: 'ថ្ងៃ', en: 'Day' } },
    rows: { type: 'array', 'x-widget': 'repeat', 'x-label': { km: 'ជួរ', en: 'Rows' }, items: { type: 'object', 'x-order': ['n'], properties: { n: { type: 'integer', 'x-widget': 'number', 'x-label': { km: 'ន', en: 'N' } } } } },
  },
} as never;

describe('OData model', () => {
  const model = odataModel('my-form', exportLayout([form], 'km'), exportLayout([form], 'en'));

  it('flattens paths, keeps names unique, and types each property', () => {
    const main = model.sets[0]!;
    const byName = new Map(main.properties.map((p) => [p.name, p]));
    expect(model.namespace).toBe('SAStudio.my_form');
    expect(byName.get('a_b')?.type).toBe('Edm.Double');
    expect(byName.get('a_b')?.source).toEqual({ kind: 'answer', path: ['a', 'b'], multi: false });
    expect(byName.get('a_b_2')?.source).toEqual({ kind: 'answer', path: ['a_b'], multi: false });
    expect(byName.get('topics')?.type).toBe('Edm.String');
    expect(byName.get('when')?.type).toBe('Edm.Date');
    expect(model.sets.map((s) => s.name)).toEqual(['Submissions', 'Submissions_rows']);
    expect(model.sets[1]!.properties.map((p) => `${p.name}:${p.type}`)).toEqual(['__id:Edm.String', '__Submissions_id:Edm.String', '__index:Edm.Int32', 'n:Edm.Int64']);
  });

  it('coerces stored values to the declared type', () => {
    expect(asEdm(['x', 'y'], 'Edm.String', true)).toBe('x y');
    expect(asEdm('7', 'Edm.Int64')).toBe(7);
    expect(asEdm(2.5, 'Edm.Int64')).toBeNull();
    expect(asEdm('abc', 'Edm.Double')).toBeNull();
    expect(asEdm('yes', 'Edm.Boolean')).toBeNull();
    expect(asEdm('2026-02-01T00:00', 'Edm.Date')).toBeNull();
    expect(asEdm({ a: 1 }, 'Edm.String')).toBe('{"a":1}');
  });

  it('writes $metadata that passes the CSDL checks, with labels escaped', () => {
    const xml = metadataXml(model, 'A "form" <1>');
    expect(checkCsdl(xml)).toEqual([]);
    expect(xml).toContain('String="ខ &lt;&amp;&gt; / B"');
    expect(xml).toContain('String="A &quot;form&quot; &lt;1&gt;"');
  });

  it('has a checker that finds each kind of fault', () => {
    const xml = metadataXml(model, 'x');
    const broken = (from: string, to: string) => checkCsdl(xml.replace(from, to));
    expect(broken('Version="4.0"', 'Version="3.0"')).toContain('Edmx Version is not 4.0');
    expect(broken('<Property Name="__id" Type="Edm.String" Nullable="false"/>', '<Property Name="__id" Type="Edm.String"/>')).toContain('SAStudio.my_form.Submission: key __id is nullable');
    expect(broken('Name="when" Type="Edm.Date"', 'Name="when" Type="Edm.Day"')).toContain('SAStudio.my_form.Submission.when: unknown type Edm.Day');
    expect(broken('Name="a_b_2"', 'Name="a_b"')).toContain('SAStudio.my_form.Submission: duplicate property a_b');
    expect(broken('Name="topics"', 'Name="2topics"')).toContain('SAStudio.my_form.Submission: bad property name 2topics');
    expect(broken('EntityType="SAStudio.my_form.Submission_rows"', 'EntityType="SAStudio.my_form.Rows"')).toContain('EntitySet Submissions_rows: unknown EntityType SAStudio.my_form.Rows');
    expect(broken('Alias="Core"', 'Alias="Kore"').some((p) => p.includes('term Core.Description from a namespace not included'))).toBe(true);
    expect(broken('Namespace="SAStudio.my_form">', 'Namespace="Edm">').some((p) => p.startsWith('reserved Namespace'))).toBe(true);
  });
});

describe('$filter to SQL', () => {
  const model = odataModel('my-form', exportLayout([form], 'km'), exportLayout([form], 'en'));
  const db = new Kysely<never>({ dialect: new PostgresDialect({ pool: {} as never }) });
  const ctx = { answers: sql.ref('submission.data'), column: (name: string) => sql.ref(`submission.${name}`) };
  const compiled = async (text: string) => sql`${(await compileFilter(text, model.sets[0]!))(ctx)}`.compile(db);

  it('sends every value as a parameter and every answer path as a text[] parameter', async () => {
    const q = await compiled("a_b_2 eq 'x''); drop table submission; --' and a_b ge 2.5 or contains(topics,'y') or startswith(a_b_2,'5%_')");
    expect(q.sql).not.toMatch(/drop|5%/);
    expect(q.parameters).toEqual(['{a_b}', '"x\'); drop table submission; --"', '{a,b}', '2.5', '{topics}', '["y"]', '{a_b}', '5\\%\\_%']);
  });

  it('compares null as SQL null or JSON null, and ne as "is distinct from"', async () => {
    expect((await compiled('when eq null')).sql).toBe(`(("submission"."data" #> $1::text[]) is null or ("submission"."data" #> $2::text[]) = 'null'::jsonb)`);
    expect((await compiled('__version ne 2')).sql).toBe('"submission"."definition_version" is distinct from $1');
  });
});
