// XLSForm export: every shipped form goes out as an .xlsx and comes back through the import with the
// same questions, data paths, labels, required answers, conditions and bounds; what XLSForm cannot say
// (place and provider pickers, the faces scale, integer option values) is listed as a remark.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { checkDefinition, fieldPaths, fromXlsForm, toXlsForm, validate, type Definition, type FieldSchema } from '../../../form-engine/index';
import { readTables } from '../../../server/core/uploads/table-read';
import { UploadBudget, XLSFORM_UPLOAD_LIMITS } from '../../../server/core/uploads/upload-limits';
import { xlsFormBuffer } from '../../../server/definitions/xlsform-export.service';
import { sheetsOf } from '../../../server/definitions/xlsform-import.service';
import { shippedDefinitions } from '../../../definitions/index';
import { logicToXPath } from '../../../form-engine/xlsform/logic-to-xpath';
import { translateXPath } from '../../../form-engine/xlsform/xpath-to-logic';
import { cascadeDefinition } from './support/cascade';

async function roundTrip(definition: Definition, key: string) {
  const out = toXlsForm(definition, { key, version: 1 });
  const buffer = await xlsFormBuffer(out);
  const tables = await readTables(Readable.from([buffer]), 'xlsx', null, new UploadBudget(XLSFORM_UPLOAD_LIMITS));
  return { out, back: fromXlsForm(sheetsOf(tables)) };
}

/** A calculation XPath can say; one it cannot (median, …) goes out as the question itself. */
const sayable = (logic: unknown) => (logic !== undefined && logicToXPath(logic, () => ({ name: 'x', multi: false })).ok ? logic : undefined);

/**
 * Bounds of a field that also has cross-field rules travel inside its one XLSForm constraint with the
 * rules (`. >= 0 and . <= ${total}`) and come back as part of the rule (the same answers refused, under
 * the keyword x-constraint): a known limit of this stop, so they are compared only for fields without rules.
 */
const bounds = (f: FieldSchema) => (f['x-constraints']?.length ? {} : { min: f.minimum, max: f.maximum });

/** What must survive: per data path, the label, help, required, condition, bounds and option values. */
function essentials(definition: Definition): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const walk = (properties: Record<string, FieldSchema>, required: string[], prefix: string) => {
    for (const [name, f] of Object.entries(properties)) {
      const path = `${prefix}${name}`;
      const options = f.enum ?? (f.items && 'enum' in f.items ? f.items.enum : undefined);
      result[path] = { label: f['x-label'], help: f['x-help'], required: required.includes(name), visible: f['x-visible-when'], ...bounds(f), minLength: f.minLength, maxLength: f.maxLength, options: options?.map(String), calculate: sayable(f['x-calculate']) };
      if (f.properties) walk(f.properties, f.required ?? [], `${path}.`);
      if (f.items && 'properties' in f.items) walk(f.items.properties, f.items.required ?? [], `${path}[].`);
    }
  };
  walk(definition.properties, definition.required ?? [], '');
  return result;
}

const shipped = shippedDefinitions.filter((d) => d.kind === 'form');

describe('XLSForm export and back', () => {
  it.each(shipped.map((d) => [d.key, d] as const))('%s comes back with the same questions, labels, rules and sections', async (key, d) => {
    const definition = d.schema as Definition;
    const { out, back } = await roundTrip(definition, key);
    expect(back.key).toBe(key);
    const imported = back.definition!;
    expect(checkDefinition(imported)).toEqual([]);
    expect(essentials(imported)).toEqual(essentials(definition));
    expect(imported['x-title']).toEqual(definition['x-title']);
    expect(imported['x-sections']?.map((s) => [s.key, s.title, s.help, s.fields])).toEqual(definition['x-sections']?.map((s) => [s.key, s.title, s.help, s.fields]));
    expect(fieldPaths(imported).map((p) => p.path)).toEqual(fieldPaths(definition).map((p) => p.path));
    // Nothing the import could not read: the only remarks are the export's own (pickers, faces).
    expect(back.issues.filter((i) => i.severity === 'error')).toEqual([]);
    for (const remark of out.remarks) expect(remark.km).toMatch(/[\u1780-\u17FF]/);
  });

  it('gives a record the same verdict before and after the trip (the JAAP form)', async () => {
    const jaap = shipped.find((d) => d.key === 'jaap')!.schema as Definition;
    const { back } = await roundTrip(jaap, 'jaap');
    const record = { commune: '010203', cycle_year: 2026, interface_meeting_date: '2026-11-02', actions: [{}] };
    const keys = (def: Definition) => validate(def, record).errors.map((e) => `${e.path}:${e.keyword}`);
    expect(keys(back.definition!)).toEqual(keys(jaap));
  });

  it('writes cascading choices as choice_filter with the attributes as choices columns, and reads them back the same', async () => {
    const definition = cascadeDefinition();
    const { out, back } = await roundTrip(definition, 'cascade');
    expect(out.survey.rows.find((r) => r.name === 'district')!.choice_filter).toBe('(province = ${province})');
    expect(out.survey.rows.find((r) => r.name === 'also')!.choice_filter).toBe('((province = ${province}) and (name != ${district}))');
    expect(out.survey.rows.find((r) => r.name === 'place')!.choice_filter).toBe('(province = ${where})');
    expect(out.choices.columns).toContain('province');
    expect(out.choices.rows.find((r) => r.list_name === 'district' && r.name === 'd0201')).toMatchObject({ province: 'p02' });
    const imported = back.definition!;
    expect(checkDefinition(imported)).toEqual([]);
    const items = (d: Definition) => (d.properties.visits!.items as { properties: Record<string, FieldSchema> }).properties;
    for (const [a, b] of [
      [imported.properties.district!, definition.properties.district!],
      [imported.properties.also!, definition.properties.also!],
      [items(imported).place!, items(definition).place!],
    ] as const) {
      expect(a['x-choice-filter']).toEqual(b['x-choice-filter']);
      expect(a['x-enum-data']).toEqual(b['x-enum-data']);
    }
  });

  it('writes photo, signature and audio questions as image / image (signature) / audio and reads them back', async () => {
    const label = { km: 'រូប', en: 'Picture' };
    const definition = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      'x-kind': 'form',
      'x-title': label,
      'x-order': ['photo', 'signed', 'voice'],
      properties: { photo: { type: 'string', 'x-widget': 'photo', 'x-label': label }, signed: { type: 'string', 'x-widget': 'signature', 'x-label': label }, voice: { type: 'string', 'x-widget': 'audio', 'x-label': label } },
      additionalProperties: false,
    } as Definition;
    const { out, back } = await roundTrip(definition, 'media');
    expect(out.survey.rows.map((r) => [r.type, r.appearance ?? ''])).toEqual([['image', ''], ['image', 'signature'], ['audio', '']]);
    expect(checkDefinition(back.definition!)).toEqual([]);
    expect(Object.values(back.definition!.properties).map((f) => f['x-widget'])).toEqual(['photo', 'signature', 'audio']);
  });

  it('writes conditions as XPath the import reads back to the same JSONLogic', () => {
    const vars = new Map([
      ['age', { name: 'age', multi: false }],
      ['issues', { name: 'issues', multi: true }],
      ['row.score', { name: 'score', multi: false }],
    ]);
    const fields = new Map([
      ['age', { path: 'age', kind: 'number' as const }],
      ['issues', { path: 'issues', kind: 'multi' as const }],
      ['score', { path: 'row.score', kind: 'number' as const }],
    ]);
    for (const logic of [
      { and: [{ '>=': [{ var: 'age' }, 18] }, { '<': [{ var: 'row.score' }, 3] }] },
      { or: [{ in: ['water', { var: 'issues' }] }, { '!': [{ '==': [{ var: 'age' }, 0] }] }] },
      { if: [{ '>': [{ var: 'age' }, 0] }, { '/': [{ '+': [{ var: 'age' }, 1, 2] }, 2] }, 0] },
      { '>=': [{ reduce: [{ var: 'issues' }, { '+': [{ var: 'accumulator' }, 1] }, 0] }, 2] },
      { cat: ['Age ', { var: 'age' }] },
    ]) {
      const text = logicToXPath(logic, (p) => vars.get(p));
      expect(text.ok, JSON.stringify(logic)).toBe(true);
      const again = translateXPath((text as { xpath: string }).xpath, { field: (n) => fields.get(n) });
      expect(again, (text as { xpath: string }).xpath).toEqual({ ok: true, logic });
    }
    expect(logicToXPath({ map: [{ var: 'issues' }, 1] }, (p) => vars.get(p))).toEqual({ ok: false, operation: 'map' });
  });
});
