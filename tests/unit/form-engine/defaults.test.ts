// Default answers (`default`, issue 14.1's XLSForm `default`): checked against the field's own type,
// choices and limits; kept in Form.io as the `default` property and read back; a new form's starting
// answers; none in repeat rows.
import { describe, expect, it } from 'vitest';
import { checkDefinition, defaultAnswers, fromFormio, toFormio } from '../../../form-engine/index';
import type { Definition } from '../../../form-engine/index';
import { defaultFromCell } from '../../../form-engine/xlsform/default-value';
import fixture from '../../fixtures/form-engine/defaults.json' with { type: 'json' };

const definition = fixture.definition as unknown as Definition;
const withDefault = (field: string, value: unknown, extra: Record<string, unknown> = {}) => {
  const copy = structuredClone(definition) as unknown as { properties: Record<string, Record<string, unknown>> };
  Object.assign(copy.properties[field]!, { default: value }, extra);
  return copy as unknown as Definition;
};
const paths = (d: Definition) => checkDefinition(d).map((p) => `${p.path}: ${p.message.en}`);

describe('default answers', () => {
  it('refuses a default the field would not accept', () => {
    expect(paths(withDefault('venue', 5))).toEqual(['properties.venue.default: The default answer must be text']);
    expect(paths(withDefault('venue', 'x'.repeat(41)))).toEqual(['properties.venue.default: The default answer must have at most 40 characters']);
    expect(paths(withDefault('participants', 2.5))).toEqual(['properties.participants.default: The default answer must be a whole number']);
    expect(paths(withDefault('participants', 501))).toEqual(['properties.participants.default: The default answer must be at most 500']);
    expect(paths(withDefault('level', 4))).toEqual(['properties.level.default: The default answer must be one of the choices']);
    expect(paths(withDefault('topics', ['water', 'water']))).toEqual(['properties.topics.default: The default answer must not repeat a choice']);
    expect(paths(withDefault('topics', ['fish']))).toEqual(['properties.topics.default: The default answer must list only the choices']);
    expect(paths(withDefault('consent', 'yes'))).toEqual(['properties.consent.default: The default answer must be yes or no (true or false)']);
    expect(paths(withDefault('held_on', '2026-02-31'))).toEqual(['properties.held_on.default: The default answer must be a real date (YYYY-MM-DD)']);
    expect(paths(withDefault('participants', 3, { 'x-calculate': { '+': [1, 2] } }))).toEqual(['properties.participants.default: A calculated field cannot have a default answer']);
    expect(checkDefinition(withDefault('venue', 'ok'))).toEqual([]);
    expect(checkDefinition(withDefault('venue', 'ok'))[0]?.message.km).toBeUndefined();
    expect(checkDefinition(withDefault('venue', 5))[0]?.message.km).toMatch(/[\u1780-\u17FF]/);
  });

  it('refuses limits no answer could meet (a minimum above its maximum)', () => {
    expect(paths(withDefault('participants', 20, { minimum: 600 }))).toEqual(['properties.participants.minimum: The smallest value is above the largest: 600 is more than 500', 'properties.participants.default: The default answer must be at least 600']);
    expect(paths(withDefault('venue', 'x', { minLength: 50 }))).toEqual(['properties.venue.minLength: The fewest characters are more than the most: 50 is more than 40', 'properties.venue.default: The default answer must have at least 50 characters']);
    expect(paths(withDefault('topics', ['water'], { minItems: 2, maxItems: 1 }))[0]).toBe('properties.topics.minItems: The fewest rows or choices are more than the most: 2 is more than 1');
  });

  it('is offered only on answer fields, not on places, groups or repeats', () => {
    const geo = structuredClone(definition) as unknown as { properties: Record<string, unknown>; 'x-order': string[] };
    geo.properties.commune = { type: 'string', pattern: '^[0-9]{6}$', default: '010201', 'x-widget': 'geography', 'x-geo-level': 'commune', 'x-label': { km: 'ឃុំ', en: 'Commune' } };
    geo['x-order'].push('commune');
    expect(paths(geo as unknown as Definition)).toEqual(['properties.commune.default: "default" is not allowed for widget "geography"']);
  });

  it('travels through Form.io as the `default` property, not defaultValue (which would fill a corrected record)', () => {
    const form = toFormio(definition, 'km');
    expect(form.components.map((c) => c.defaultValue)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
    expect(form.components.map((c) => c.properties?.default)).toEqual(['"Commune hall"', '20', '2', '["water"]', 'true', '"2026-01-15"']);
    expect(fromFormio(form).properties).toEqual(definition.properties);
    for (const c of form.components) c.properties!.default = 'not json';
    expect(Object.values(fromFormio(form).properties).map((f) => f.default)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('gives a new form its starting answers, inside groups too, never in repeat rows', () => {
    expect(defaultAnswers(definition)).toEqual({ venue: 'Commune hall', participants: 20, level: 2, topics: ['water'], consent: true, held_on: '2026-01-15' });
    const grouped = structuredClone(definition) as unknown as { properties: Record<string, unknown>; 'x-order': string[] };
    grouped.properties.place = { type: 'object', 'x-widget': 'group', 'x-label': { km: 'ក', en: 'Place' }, 'x-order': ['room'], properties: { room: { type: 'string', default: 'Hall A', 'x-widget': 'text', 'x-label': { km: 'បន្ទប់', en: 'Room' } } } };
    grouped.properties.rows = { type: 'array', 'x-widget': 'repeat', 'x-label': { km: 'ជួរ', en: 'Rows' }, items: { type: 'object', 'x-order': ['n'], properties: { n: { type: 'integer', default: 1, 'x-widget': 'number', 'x-label': { km: 'ន', en: 'N' } } } } };
    grouped['x-order'].push('place', 'rows');
    expect(paths(grouped as unknown as Definition)).toEqual(['properties.rows.items.properties.n.default: Fields of repeat rows cannot have a default answer yet']);
    expect((defaultAnswers(grouped as unknown as Definition) as { place: unknown }).place).toEqual({ room: 'Hall A' });
  });
});

describe('XLSForm default cells', () => {
  const schema = (extra: Record<string, unknown>) => ({ 'x-label': { km: 'ក', en: 'A' }, ...extra }) as never;
  it('keeps fixed answers in the field type and reports expressions and misfits', () => {
    expect(defaultFromCell('12', schema({ type: 'integer', minimum: 0 }))).toEqual({ value: 12 });
    expect(defaultFromCell("'Commune hall'", schema({ type: 'string' }))).toEqual({ value: 'Commune hall' });
    expect(defaultFromCell('OK', schema({ type: 'boolean' }))).toEqual({ value: true });
    expect(defaultFromCell('a b', schema({ type: 'array', items: { type: 'string', enum: ['a', 'b', 'c'] }, uniqueItems: true }))).toEqual({ value: ['a', 'b'] });
    expect(defaultFromCell('  ', schema({ type: 'string' }))).toBeUndefined();
    const outcome = (cell: string, extra: Record<string, unknown>) => {
      const o = defaultFromCell(cell, schema(extra));
      return o && 'issue' in o ? `${o.issue.code}: ${o.issue.message.en}` : o;
    };
    expect(outcome('today()', { type: 'string', format: 'date' })).toBe('XLSFORM_UNSUPPORTED_EXPRESSION: The default "today()" is not kept: only a fixed answer can be a default (not an expression such as today()).');
    expect(outcome('${total}', { type: 'integer' })).toMatch(/^XLSFORM_UNSUPPORTED_EXPRESSION/);
    expect(outcome('9', { type: 'integer', maximum: 5 })).toBe('XLSFORM_CHANGED: The default "9" is not kept: The default answer must be at most 5.');
    expect(outcome('x', { type: 'string', enum: ['a'] })).toBe('XLSFORM_CHANGED: The default "x" is not kept: The default answer must be one of the choices.');
    expect(outcome('1', { type: 'number', 'x-calculate': { '+': [1, 1] } })).toBe('XLSFORM_CHANGED: The default is not kept: the field is calculated.');
    const inRepeat = defaultFromCell('3', schema({ type: 'integer' }), true);
    expect(inRepeat && 'issue' in inRepeat ? inRepeat.issue.code : inRepeat).toBe('XLSFORM_CHANGED');
  });
});
