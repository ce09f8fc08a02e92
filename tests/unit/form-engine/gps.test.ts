// GPS points (widget `gps`, issue 15.4): the definition checks, the server's verdict (paths and
// keywords), the Form.io mapping and its way back, the submission schema clients read, and XLSForm
// geopoint both ways. The browser's verdict is in formio-verdict.test.ts (support/gps-cases.ts).
import { describe, expect, it } from 'vitest';
import {
  checkDefinition,
  diffDefinitions,
  fieldPaths,
  fromFormio,
  fromXlsForm,
  gpsText,
  submissionSchema,
  toFormio,
  toXlsForm,
  validate,
  type Definition,
  type FieldSchema,
} from '../../../form-engine/index';

function form(location: Partial<FieldSchema> = {}, required = true): Definition {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    'x-kind': 'form',
    'x-title': { km: 'ការចុះ', en: 'Visit' },
    'x-order': ['place', 'location'],
    properties: {
      place: { type: 'string', 'x-widget': 'text', 'x-label': { km: 'កន្លែង', en: 'Place' } },
      location: { type: 'object', 'x-widget': 'gps', 'x-label': { km: 'ទីតាំង', en: 'Location' }, ...location } as FieldSchema,
    },
    ...(required ? { required: ['location'] } : {}),
    additionalProperties: false,
  };
}

const point = { latitude: 11.562345, longitude: 104.916012, accuracy: 8 };

describe('gps definitions', () => {
  it('accepts a point question, with or without the accuracy asked for', () => {
    expect(checkDefinition(form())).toEqual([]);
    expect(checkDefinition(form({ 'x-max-accuracy': 25 }))).toEqual([]);
  });

  it('refuses an accuracy that is not a positive number of metres, and the setting on another widget', () => {
    expect(checkDefinition(form({ 'x-max-accuracy': 0 })).map((p) => p.code)).toContain('INVALID_DEFINITION');
    expect(checkDefinition(form({ 'x-max-accuracy': 1_000_000 })).length).toBeGreaterThan(0);
    const text = form();
    (text.properties.place as FieldSchema)['x-max-accuracy'] = 10;
    expect(checkDefinition(text)).toEqual([expect.objectContaining({ code: 'INVALID_DEFINITION', path: 'properties.place.x-max-accuracy' })]);
    expect(checkDefinition(form({ type: 'string' } as Partial<FieldSchema>)).map((p) => p.path)).toContain('properties.location.type');
  });
});

describe('gps answers on the server', () => {
  const keys = (def: Definition, data: unknown) => validate(def, data).errors.map((e) => `${e.path} ${e.keyword}`);

  it('stores a point as sent, and drops parts Form.io left empty', () => {
    expect(validate(form(), { location: point })).toEqual({ errors: [], data: { location: point } });
    const result = validate(form(), { location: { ...point, altitude: '', captured_at: null } });
    expect(result.errors).toEqual([]);
    expect({ ...(result.data as { location: object }).location }).toEqual(point);
  });

  it('reports a missing point at the question, and an empty one as missing', () => {
    expect(keys(form(), {})).toEqual(['location required']);
    expect(keys(form(), { location: {} })).toEqual(['location required']);
    expect(keys(form(), { location: { latitude: '', longitude: null, accuracy: '' } })).toEqual(['location required']);
    expect(validate(form({}, false), { location: {} })).toEqual({ errors: [], data: {} });
  });

  it('checks each part: ranges, needed parts, the time and nothing else', () => {
    expect(keys(form(), { location: { ...point, latitude: 91, longitude: -181 } })).toEqual(['location.latitude maximum', 'location.longitude minimum']);
    expect(keys(form(), { location: { latitude: 11.5 } })).toEqual(['location required']);
    expect(keys(form(), { location: { ...point, accuracy: -2 } })).toEqual(['location.accuracy minimum']);
    expect(keys(form(), { location: { ...point, captured_at: 'yesterday' } })).toEqual(['location.captured_at pattern']);
    expect(keys(form(), { location: { ...point, heading: 90 } })).toEqual(['location.heading additionalProperties']);
    expect(keys(form(), { location: { ...point, latitude: '11.5' } })).toEqual(['location.latitude type']);
  });

  it('refuses a point less accurate than the question asks, in both languages', () => {
    const def = form({ 'x-max-accuracy': 20 });
    expect(validate(def, { location: { ...point, accuracy: 20 } }).errors).toEqual([]);
    const [error] = validate(def, { location: { ...point, accuracy: 35 } }).errors;
    expect(error).toMatchObject({ path: 'location.accuracy', keyword: 'maximum', message: { en: 'Must be at most 20', km: 'ត្រូវតែមិនលើសពី 20' } });
  });

  it('hides a point with its question, like any answer', () => {
    const def = form({ 'x-visible-when': { '==': [{ var: 'place' }, 'outside'] } });
    expect(validate(def, { place: 'inside', location: { latitude: 999 } })).toEqual({ errors: [], data: { place: 'inside' } });
  });
});

describe('gps in Form.io, field lists and the submission schema', () => {
  it('is a container of number parts with their ranges, and comes back as the same field', () => {
    const def = form({ 'x-max-accuracy': 30 });
    const component = toFormio(def, 'km').components.find((c) => c.key === 'location')!;
    expect(component).toMatchObject({ type: 'container', properties: { widget: 'gps', maxAccuracy: '30' }, validate: { required: true } });
    expect(component.components!.map((c) => [c.key, c.type, c.validate])).toEqual([
      ['latitude', 'number', { min: -90, max: 90 }],
      ['longitude', 'number', { min: -180, max: 180 }],
      ['accuracy', 'number', { min: 0, max: 30 }],
      ['altitude', 'number', { min: -11000, max: 9000 }],
      ['captured_at', 'textfield', { pattern: expect.any(String) }],
    ]);
    expect(component.components![0]!.label).toBe('រយៈទទឹង');
    expect(fromFormio(toFormio(def, 'km'))).toEqual(def);
    expect(fromFormio(toFormio(form({}, false), 'en'))).toEqual(form({}, false));
  });

  it('is one field for data tables and indicators, and an object with its parts for clients', () => {
    expect(fieldPaths(form()).map((f) => [f.path, f.widget, f.type])).toEqual([
      ['place', 'text', 'string'],
      ['location', 'gps', 'object'],
    ]);
    const schema = submissionSchema(form({ 'x-max-accuracy': 50 })) as { properties: Record<string, Record<string, unknown>>; required: string[] };
    expect(schema.required).toEqual(['location']);
    expect(schema.properties.location).toMatchObject({
      type: 'object',
      required: ['latitude', 'longitude', 'accuracy'],
      additionalProperties: false,
      properties: { latitude: { type: 'number', minimum: -90, maximum: 90 }, accuracy: { type: 'number', minimum: 0, maximum: 50 } },
    });
  });

  it('shows a change of the asked accuracy in the publish diff', () => {
    expect(diffDefinitions(form({ 'x-max-accuracy': 30 }), form({ 'x-max-accuracy': 10 })).changed).toEqual([expect.objectContaining({ path: 'location', changes: ['maxAccuracy'] })]);
  });

  it('writes a point for people without a map', () => {
    expect(gpsText(point)).toBe('11.562345, 104.916012 (± 8 m)');
    expect(gpsText({ latitude: 1 })).toBeNull();
  });
});

describe('gps in the types per form version', () => {
  it('declares the point with its parts, the needed ones required', async () => {
    const { formTypes } = await import('../../../server/definitions/form-types');
    const out = await formTypes({ key: 'visit', version: 1, schema: form() as unknown as Record<string, unknown> });
    expect(out).toContain('location: VisitV1Location;');
    expect(out.replace(/\s+/g, ' ')).toContain('export interface VisitV1Location { accuracy: number; altitude?: number; captured_at?: string; latitude: number; longitude: number; }');
  });
});

describe('XLSForm geopoint', () => {
  const row = (n: number, cells: Record<string, string>) => ({ row: n, cells });

  it('imports a geopoint as a gps question', () => {
    const imported = fromXlsForm({
      survey: [row(2, { type: 'geopoint', name: 'where', 'label::english (en)': 'Where', 'label::khmer (km)': 'ទីណា', required: 'yes' })],
      choices: [],
      settings: [row(2, { form_id: 'points', form_title: 'Points' })],
    });
    const def = imported.definition as Definition;
    expect(imported.issues).toEqual([]);
    expect(checkDefinition(def)).toEqual([]);
    expect(def.properties.where).toMatchObject({ type: 'object', 'x-widget': 'gps' });
    expect(def.required).toEqual(['where']);
  });

  it('exports a gps question as a geopoint, saying that the accuracy limit is not written', () => {
    const out = toXlsForm(form({ 'x-max-accuracy': 15 }), { key: 'visit', version: 1 });
    expect(out.survey.rows.find((r) => r.name === 'location')).toMatchObject({ type: 'geopoint', required: 'yes' });
    expect(out.remarks).toEqual([expect.objectContaining({ path: 'location', en: expect.stringContaining('15 m') })]);
  });
});
