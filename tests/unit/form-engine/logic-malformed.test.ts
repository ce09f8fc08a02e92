// A condition over malformed data (an object where the form expects a text) must not escape the
// validator as an exception (the server would answer INTERNAL): the value is reported at its path.
import { describe, expect, it } from 'vitest';
import { evaluateLogic, validate, type Definition } from '../../../form-engine/index';

const def = {
  type: 'object',
  'x-kind': 'form',
  'x-title': { en: 'T', km: 'T' },
  properties: {
    criteria: {
      type: 'array',
      'x-widget': 'repeat',
      'x-label': { en: 'Criteria', km: 'Criteria' },
      items: {
        type: 'object',
        properties: {
          criterion: { type: 'string', enum: ['water', 'other'], 'x-label': { en: 'Criterion', km: 'Criterion' } },
          other: { type: 'string', minLength: 1, 'x-label': { en: 'Other', km: 'Other' }, 'x-visible-when': { '==': [{ var: 'row.criterion' }, 'other'] } },
        },
      },
    },
  },
} as unknown as Definition;

describe('conditions over malformed data', () => {
  it('reports an object where a text is expected at its path instead of throwing', () => {
    const result = validate(def, { criteria: [{ criterion: {}, other: 'x' }, { criterion: 'other', other: 'y' }] });
    expect(result.errors.map((e) => [e.path, e.keyword])).toEqual([['criteria.0.criterion', 'enum'], ['criteria.0.criterion', 'type']]);
  });

  it('answers null for a comparison json-logic-js cannot make on a prototype-free object', () => {
    const row = Object.create(null) as object;
    expect(evaluateLogic({ '==': [{ var: 'row.criterion' }, 'other'] }, {}, { criterion: row })).toBeNull();
    expect(evaluateLogic({ '==': [{ var: 'row.criterion' }, 'other'] }, {}, { criterion: 'other' })).toBe(true);
  });
});
