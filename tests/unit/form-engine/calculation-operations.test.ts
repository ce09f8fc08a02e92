// The named calculation operations (median rounded up, average, days between dates, …) give the
// same values through json-logic-js as the validator stores, and nothing for what has no answer.
import { jsonLogic as formioJsonLogic } from '@formio/core/utils';
import { describe, expect, it } from 'vitest';
import { checkDefinition, evaluateLogic, registerCalculationOperations, toFormio, validate, type Definition } from '../../../form-engine/index';
import { formioErrors } from './support/formio-verdict';

const run = (logic: unknown, data: object = {}) => evaluateLogic(logic, data);

describe('median (the ISAF scorecard rule)', () => {
  it('takes the middle vote of an odd count', () => {
    expect(run({ median: [5, 2, 3, 3, 4] })).toBe(3);
    expect(run({ median: [4] })).toBe(4);
  });

  it('rounds the mean of the two middle votes up: 2 and 3 give 3', () => {
    expect(run({ median: [2, 3] })).toBe(3);
    expect(run({ median: [2, 3, 4, 5] })).toBe(4);
    expect(run({ median: [3, 3, 4, 4] })).toBe(4);
    expect(run({ median: [2, 2, 4, 4] })).toBe(3);
    expect(run({ median: [1, 1] })).toBe(1);
  });

  it('is nothing for no votes, and leaves out text, yes/no and unanswered values', () => {
    expect(run({ median: [] })).toBeNull();
    expect(run({ median: [{ var: 'missing' }] })).toBeNull();
    expect(run({ median: ['4', true, null, '', 2] })).toBe(2);
    expect(validate(scorecard, { criteria: [{}, {}] }).data).toEqual({ criteria: [{}, {}] });
  });

  it('reads the rows of a repeat and fields alike', () => {
    const data = { criteria: [{ score: 2 }, { score: 5 }, {}, { score: 3 }, { score: 3 }], a: 1, b: 4 };
    expect(run({ median: { map: [{ var: 'criteria' }, { var: 'score' }] } }, data)).toBe(3);
    expect(run({ median: [{ var: 'a' }, { var: 'b' }] }, data)).toBe(3);
  });
});

describe('aggregates over fields and rows', () => {
  const data = { p: { female: 12, male: 9 }, rows: [{ n: 4 }, { n: '' }, { n: 1.5 }, { n: null }, {}] };
  const column = { map: [{ var: 'rows' }, { var: 'n' }] };

  it('sums, counts, averages and finds the smallest and largest of the answered values', () => {
    expect(run({ sum: [{ var: 'p.female' }, { var: 'p.male' }] }, data)).toBe(21);
    expect(run({ sum: column }, data)).toBe(5.5);
    expect(run({ count: column }, data)).toBe(2);
    expect(run({ average: column }, data)).toBe(2.75);
    expect(run({ smallest: column }, data)).toBe(1.5);
    expect(run({ largest: column }, data)).toBe(4);
  });

  it('gives 0 for the sum and count of nothing, and nothing for the others', () => {
    expect(run({ sum: [] })).toBe(0);
    expect(run({ count: [null, '', false, []] })).toBe(0);
    expect(run({ average: [] })).toBeNull();
    expect(run({ smallest: [null] })).toBeNull();
    expect(run({ largest: ['x'] })).toBeNull();
  });

  it('counts rows that match a filter (e.g. female trainees)', () => {
    const trainees = { trainees: [{ sex: 'female' }, { sex: 'male' }, { sex: 'female' }] };
    expect(run({ count: { filter: [{ var: 'trainees' }, { '==': [{ var: 'sex' }, 'female'] }] } }, trainees)).toBe(2);
  });
});

describe('median of vote counts (a scorecard tally per face)', () => {
  it('finds the median of the votes the counts stand for', () => {
    // votes 2, 3, 3, 4, 5
    expect(run({ median_of_counts: [0, 1, 2, 1, 1] })).toBe(3);
    // votes 2, 3, 4, 5: between 3 and 4 → 4
    expect(run({ median_of_counts: [0, 1, 1, 1, 1] })).toBe(4);
    // votes 1, 1, 5, 5: between 1 and 5 → 3
    expect(run({ median_of_counts: [2, 0, 0, 0, 2] })).toBe(3);
    expect(run({ median_of_counts: [0, 0, 0, 0, 7] })).toBe(5);
  });

  it('reads an unanswered or impossible count as no votes, and no votes as nothing', () => {
    expect(run({ median_of_counts: [null, 3, '', -2, 'x'] })).toBe(2);
    expect(run({ median_of_counts: [0, 0, 0, 0, 0] })).toBeNull();
    expect(run({ median_of_counts: [] })).toBeNull();
  });
});

describe('days between two dates', () => {
  const days = (from: unknown, to: unknown) => run({ days_between: [{ var: 'from' }, { var: 'to' }] }, { from, to });

  it('counts across month and year ends and leap days, negative when the second is earlier', () => {
    expect(days('2026-01-31', '2026-02-01')).toBe(1);
    expect(days('2025-12-31', '2026-01-01')).toBe(1);
    expect(days('2024-02-28', '2024-03-01')).toBe(2);
    expect(days('2026-02-28', '2026-03-01')).toBe(1);
    expect(days('2026-03-01', '2026-01-01')).toBe(-59);
    expect(days('2026-05-04', '2026-05-04')).toBe(0);
    expect(days('2025-01-01', '2026-01-01')).toBe(365);
  });

  it('is nothing for a date that is not a day or not a date at all', () => {
    expect(days('2026-02-31', '2026-03-01')).toBeNull();
    expect(days('2026-02-01', '2026-13-01')).toBeNull();
    expect(days('1/2/2026', '2026-03-01')).toBeNull();
    expect(days(undefined, '2026-03-01')).toBeNull();
    expect(days(20260101, '2026-03-01')).toBeNull();
  });
});

const scorecard = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  'x-kind': 'form',
  'x-title': { km: 'ប័ណ្ណ', en: 'Card' },
  'x-order': ['start', 'end', 'days', 'criteria', 'overall'],
  properties: {
    start: { type: 'string', format: 'date', 'x-label': { km: 'ចាប់ផ្តើម', en: 'Start' } },
    end: { type: 'string', format: 'date', 'x-label': { km: 'បញ្ចប់', en: 'End' } },
    days: { type: 'integer', minimum: 0, 'x-label': { km: 'ថ្ងៃ', en: 'Days' }, 'x-calculate': { days_between: [{ var: 'start' }, { var: 'end' }] } },
    criteria: {
      type: 'array',
      'x-label': { km: 'លក្ខណៈវិនិច្ឆ័យ', en: 'Criteria' },
      items: {
        type: 'object',
        'x-order': ['v1', 'v2', 'v3', 'score'],
        properties: {
          v1: { type: 'integer', minimum: 0, 'x-label': { km: '១', en: '1' } },
          v2: { type: 'integer', minimum: 0, 'x-label': { km: '២', en: '2' } },
          v3: { type: 'integer', minimum: 0, 'x-label': { km: '៣', en: '3' } },
          score: { type: 'integer', 'x-label': { km: 'ពិន្ទុ', en: 'Score' }, 'x-calculate': { median_of_counts: [{ var: 'row.v1' }, { var: 'row.v2' }, { var: 'row.v3' }] } },
        },
      },
    },
    overall: { type: 'integer', maximum: 2, 'x-label': { km: 'សរុប', en: 'Overall' }, 'x-calculate': { median: { map: [{ var: 'criteria' }, { var: 'score' }] } } },
  },
  additionalProperties: false,
} as unknown as Definition;

describe('in a definition', () => {
  it('is allowed by the safety check', () => {
    expect(checkDefinition(scorecard)).toEqual([]);
  });

  it('stores the computed values, overwriting what was sent, and nothing for invalid dates', () => {
    const sent = { start: '2026-12-30', end: '2027-01-02', days: 99, criteria: [{ v1: 1, v2: 1, score: 5 }, { v2: 2, v3: 1 }], overall: 1 };
    const result = validate(scorecard, sent);
    expect(result.data).toEqual({ start: '2026-12-30', end: '2027-01-02', days: 3, criteria: [{ v1: 1, v2: 1, score: 2 }, { v2: 2, v3: 1, score: 2 }], overall: 2 });
    expect(validate(scorecard, { start: '2026-02-30', end: '2026-03-01' }).data).toEqual({ start: '2026-02-30', end: '2026-03-01' });
  });

  it('gives Form.io (@formio/core, operations registered on its jsonLogic) the same values and verdict', () => {
    registerCalculationOperations(formioJsonLogic);
    const form = toFormio(scorecard, 'en');
    // formio.js holds every field of a row (Form.io calculates a row's field only when it is held).
    const high = { start: '2026-01-01', end: '2026-01-03', criteria: [{ v1: 0, v2: 1, v3: 3, score: null }, { v3: 2, score: null }] };
    // Overall is the median of 3 and 3 = 3, above its maximum of 2: both sides refuse.
    expect(validate(scorecard, high).errors.map((e) => `${e.path} ${e.keyword}`)).toEqual(['overall maximum']);
    expect(formioErrors(form, high).map((e) => e.path)).toEqual(['overall']);
    const low = { start: '2026-01-01', end: '2026-01-03', criteria: [{ v1: 2, v2: 1, score: null }, { v2: 1, score: null }] };
    expect(validate(scorecard, low).errors).toEqual([]);
    expect(formioErrors(form, low)).toEqual([]);
  });
});
