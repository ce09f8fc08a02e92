// The builder's calculation editor (web/lib/builder/calculation.ts): an officer's choices and the
// stored JSONLogic translate into each other exactly, both ways; a stored expression it cannot show
// is reported unreadable (kept and shown read-only, never rewritten); what it writes computes what it
// says once the builder's Form.io JSON becomes a definition (fromFormio → validate).
import { describe, expect, it, vi } from 'vitest';
import { fromFormio, toFormio, validate, type Definition, type FormioComponent, type FormioForm } from '../../form-engine/index';

vi.mock('$engine', () => import('../../form-engine/index'));
// Loaded by path so the Node type check (which has no $engine alias) does not compile the web module.
const webCalculation = '../../web/lib/builder/calculation';
const webModel = '../../web/lib/builder/form-model';
type Calc = Record<string, unknown> & { kind: string };
const calc = (await import(/* @vite-ignore */ webCalculation)) as {
  toLogic: (c: Calc) => unknown;
  fromLogic: (json: unknown) => Calc | null;
  sourcesFor: (form: FormioForm, at: unknown, lang: 'en') => { fields: Array<{ variable: string; numeric: boolean; kind: string }>; repeats: Array<{ variable: string; columns: Array<{ key: string; numeric: boolean }> }> };
  calculationOf: (c: FormioComponent) => { calc: Calc | null; present: boolean };
  setCalculation: (c: FormioComponent, logic: unknown) => void;
  newCalculation: (kind: string, sources: unknown, previous: Calc | null) => Calc;
  isCalculable: (c: FormioComponent) => boolean;
  renameCalculationVars: (form: FormioForm, at: unknown, before: string, after: string) => void;
};
const model = (await import(/* @vite-ignore */ webModel)) as { locate: (form: FormioForm, key: string) => { component: FormioComponent; repeatKey?: string } | undefined };

const v = (name: string) => ({ var: name });
const label = (en: string) => ({ km: `ក ${en}`, en });

const definition = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  'x-kind': 'form',
  'x-title': label('Scorecard'),
  'x-order': ['start', 'end', 'participants', 'criteria', 'overall', 'note'],
  properties: {
    start: { type: 'string', format: 'date', 'x-label': label('Start') },
    end: { type: 'string', format: 'date', 'x-label': label('End') },
    participants: {
      type: 'object',
      'x-label': label('Participants'),
      'x-order': ['female', 'male', 'total'],
      properties: { female: { type: 'integer', 'x-label': label('Female') }, male: { type: 'integer', 'x-label': label('Male') }, total: { type: 'integer', 'x-label': label('Total') } },
      additionalProperties: false,
    },
    criteria: {
      type: 'array',
      'x-label': label('Criteria'),
      items: {
        type: 'object',
        'x-order': ['name', 'v1', 'v2', 'v3', 'score'],
        properties: {
          name: { type: 'string', 'x-label': label('Name') },
          v1: { type: 'integer', 'x-label': label('Votes 1') },
          v2: { type: 'integer', 'x-label': label('Votes 2') },
          v3: { type: 'integer', 'x-label': label('Votes 3') },
          score: { type: 'integer', 'x-widget': 'faces', minimum: 1, maximum: 5, 'x-label': label('Score') },
        },
        additionalProperties: false,
      },
    },
    overall: { type: 'integer', 'x-label': label('Overall') },
    note: { type: 'string', 'x-label': label('Note') },
  },
  additionalProperties: false,
} as unknown as Definition;

const fresh = () => toFormio(structuredClone(definition), 'en');
const at = (form: FormioForm, key: string) => model.locate(form, key)!;

describe('calculation choices ↔ JSONLogic', () => {
  const cases: Array<[string, Calc, unknown]> = [
    ['median of a repeat column', { kind: 'median', over: 'rows', repeat: 'data.criteria', column: 'score' }, { median: [{ map: [v('data.criteria'), v('score')] }] }],
    ['sum of two fields', { kind: 'sum', over: 'fields', fields: ['data.participants.female', 'data.participants.male'] }, { sum: [v('data.participants.female'), v('data.participants.male')] }],
    ['count of a column', { kind: 'count', over: 'rows', repeat: 'data.criteria', column: 'name' }, { count: [{ map: [v('data.criteria'), v('name')] }] }],
    ['average of fields', { kind: 'average', over: 'fields', fields: ['row.v1', 'row.v2'] }, { average: [v('row.v1'), v('row.v2')] }],
    ['smallest', { kind: 'smallest', over: 'rows', repeat: 'data.criteria', column: 'v1' }, { smallest: [{ map: [v('data.criteria'), v('v1')] }] }],
    ['largest', { kind: 'largest', over: 'fields', fields: ['data.overall'] }, { largest: [v('data.overall')] }],
    ['median of vote counts', { kind: 'median_of_counts', fields: ['row.v1', 'row.v2', 'row.v3'] }, { median_of_counts: [v('row.v1'), v('row.v2'), v('row.v3')] }],
    ['days between two dates', { kind: 'days_between', from: 'data.start', to: 'data.end' }, { days_between: [v('data.start'), v('data.end')] }],
    [
      'if … then a field else a value',
      { kind: 'if', condition: { kind: 'group', join: 'all', not: false, items: [{ kind: 'rule', variable: 'data.note', op: 'eq', value: 'x', not: false }] }, then: { field: 'data.overall' }, else: { value: 0 } },
      { if: [{ '==': [v('data.note'), 'x'] }, v('data.overall'), 0] },
    ],
  ];

  it.each(cases)('%s', (_name, choices, logic) => {
    expect(calc.toLogic(choices)).toEqual(logic);
    expect(calc.fromLogic(logic)).toEqual(choices);
  });

  it('reads nothing it would not write back exactly: hand-written expressions stay read-only', () => {
    expect(calc.fromLogic({ '+': [v('data.a'), v('data.b')] })).toBeNull();
    expect(calc.fromLogic({ median: [{ map: [v('data.criteria'), { '*': [v('score'), 2] }] }] })).toBeNull();
    expect(calc.fromLogic({ median: [{ map: [v('data.criteria'), v('score')] }, v('data.x')] })).toBeNull();
    expect(calc.fromLogic({ days_between: [v('data.start')] })).toBeNull();
    expect(calc.fromLogic({ if: [true, { sum: [1] }, 0] })).toBeNull();
    expect(calc.fromLogic({ sum: [v('data.a')], extra: 1 })).toBeNull();
    expect(calc.fromLogic({ sum: [[v('data.a')]] })).toBeNull();
    expect(calc.fromLogic(5)).toBeNull();
  });

  it('keeps an unreadable calculation on the component, as it was', () => {
    const form = fresh();
    const overall = at(form, 'overall').component;
    calc.setCalculation(overall, { '+': [v('data.participants.female'), 1] });
    expect(calc.calculationOf(overall)).toEqual({ calc: null, present: true, logic: { '+': [v('data.participants.female'), 1] } });
  });
});

describe('what the officer may pick', () => {
  it('offers fields outside repeats and repeat columns to a field outside repeats', () => {
    const form = fresh();
    const sources = calc.sourcesFor(form, at(form, 'overall'), 'en');
    expect(sources.fields.map((f) => f.variable)).toEqual(['data.start', 'data.end', 'data.participants.female', 'data.participants.male', 'data.participants.total', 'data.note']);
    expect(sources.fields.filter((f) => f.numeric).map((f) => f.variable)).toEqual(['data.participants.female', 'data.participants.male', 'data.participants.total']);
    expect(sources.repeats).toEqual([
      {
        variable: 'data.criteria',
        label: 'Criteria',
        columns: [
          { key: 'name', label: 'Name', numeric: false },
          { key: 'v1', label: 'Votes 1', numeric: true },
          { key: 'v2', label: 'Votes 2', numeric: true },
          { key: 'v3', label: 'Votes 3', numeric: true },
          { key: 'score', label: 'Score', numeric: true },
        ],
      },
    ]);
  });

  it('offers same-row fields, and no repeats, to a field of a repeat row', () => {
    const form = fresh();
    const sources = calc.sourcesFor(form, at(form, 'score'), 'en');
    expect(sources.fields.map((f) => f.variable)).toContain('row.v1');
    expect(sources.repeats).toEqual([]);
    expect(calc.newCalculation('median_of_counts', sources, null)).toEqual({ kind: 'median_of_counts', fields: ['data.participants.female', 'data.participants.male', 'data.participants.total', 'row.v1', 'row.v2'] });
  });

  it('calculates numbers and plain text only', () => {
    const form = fresh();
    expect(['overall', 'note', 'score', 'start', 'criteria', 'participants'].map((k) => calc.isCalculable(at(form, k).component))).toEqual([true, true, false, false, false, false]);
  });
});

describe('what the builder writes computes what it says', () => {
  it('stores the rounded-up median of a column and a sum of fields', () => {
    const form = fresh();
    const set = (key: string, choices: Calc) => calc.setCalculation(at(form, key).component, calc.toLogic(choices));
    set('overall', { kind: 'median', over: 'rows', repeat: 'data.criteria', column: 'v1' });
    set('total', { kind: 'sum', over: 'fields', fields: ['data.participants.female', 'data.participants.male'] });
    const saved = fromFormio(form);
    expect(saved.properties.overall!['x-calculate']).toEqual({ median: [{ map: [v('criteria'), v('v1')] }] });
    const result = validate(saved, { participants: { female: 12, male: 9 }, criteria: [{ v1: 2 }, { v1: 3 }], overall: 1 });
    expect(result.errors).toEqual([]);
    expect(result.data).toEqual({ participants: { female: 12, male: 9, total: 21 }, criteria: [{ v1: 2 }, { v1: 3 }], overall: 3 });
  });

  it('follows a renamed field and a renamed repeat column', () => {
    const form = fresh();
    const overall = at(form, 'overall').component;
    calc.setCalculation(overall, calc.toLogic({ kind: 'median', over: 'rows', repeat: 'data.criteria', column: 'v1' }));
    const total = at(form, 'total').component;
    calc.setCalculation(total, calc.toLogic({ kind: 'sum', over: 'fields', fields: ['data.participants.female', 'data.participants.male'] }));
    const v1 = at(form, 'v1');
    v1.component.key = 'votes_1';
    calc.renameCalculationVars(form, v1, 'row.v1', 'row.votes_1');
    const female = at(form, 'female');
    female.component.key = 'women';
    calc.renameCalculationVars(form, female, 'data.participants.female', 'data.participants.women');
    expect(overall.calculateValue).toEqual({ median: [{ map: [v('data.criteria'), v('votes_1')] }] });
    expect(total.calculateValue).toEqual({ sum: [v('data.participants.women'), v('data.participants.male')] });
  });

  it('removes a calculation and the field is answered again', () => {
    const form = fresh();
    const overall = at(form, 'overall').component;
    calc.setCalculation(overall, { sum: [1] });
    expect(overall.disabled).toBe(true);
    calc.setCalculation(overall, null);
    expect([overall.calculateValue, overall.disabled]).toEqual([undefined, undefined]);
    expect(fromFormio(form).properties.overall!['x-calculate']).toBeUndefined();
  });
});
