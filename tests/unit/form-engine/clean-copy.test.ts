// The validator's single copying pass (form-engine/validate/clean-copy.ts): the same limit errors as
// findOversize (including the root-object shortcut and excesses found late in the document), empty
// answers dropped only where the data walk reached, and nothing inherited by the copy.
import { describe, expect, it } from 'vitest';
import { checkDataLimits, LIMITS, validate, type Definition } from '../../../form-engine/index';

const def = {
  type: 'object',
  'x-kind': 'form',
  'x-title': { en: 'T', km: 'T' },
  properties: {
    name: { type: 'string', 'x-label': { en: 'Name', km: 'Name' } },
    rows: {
      type: 'array',
      'x-widget': 'repeat',
      'x-label': { en: 'Rows', km: 'Rows' },
      items: { type: 'object', properties: { note: { type: 'string', minLength: 1, 'x-label': { en: 'Note', km: 'Note' } } } },
    },
  },
} as unknown as Definition;

const pairs = (data: unknown) => validate(def, data).errors.map((e) => [e.path, e.keyword]);

describe('clean copy', () => {
  it('refuses a root object with more keys than dataNodes at the root, as checkDataLimits does', () => {
    const wide = Object.fromEntries(Array.from({ length: LIMITS.dataNodes }, (_, i) => [`k${i}`, 1]));
    expect(validate(def, wide).errors).toEqual(checkDataLimits(wide));
    expect(pairs(wide)).toEqual([['', 'maxNodes']]);
  });

  it('gives findOversize’s path for an excess found only after much of the document was copied', () => {
    const data = { name: 'x', rows: [{ note: 'a' }, { note: 'b', deep: { a: { b: 'x'.repeat(LIMITS.dataStringLength + 1) } } }] };
    expect(validate(def, data).errors).toEqual(checkDataLimits(data));
    expect(pairs(data)).toEqual([['rows.1.deep.a.b', 'maxLength']]);
    const many = { rows: Array.from({ length: 400 }, () => ({ note: 'n', extra: Array.from({ length: 300 }, () => 1) })) };
    expect(validate(def, many).errors).toEqual(checkDataLimits(many));
    expect(validate(def, many).errors).toHaveLength(1);
  });

  it('drops empty answers of fields, in rows up to the row limit only', () => {
    expect(validate(def, { name: '', rows: [{ note: '' }, { note: null }] })).toEqual({ errors: [], data: { rows: [{}, {}] } });
    const rows = Array.from({ length: LIMITS.repeatRows + 1 }, () => ({ note: '' }));
    // Row 500 is beyond the walk: its empty note stays and fails minLength, next to maxItems.
    expect(pairs({ rows })).toEqual([['rows', 'maxItems'], [`rows.${LIMITS.repeatRows}.note`, 'minLength']]);
  });

  it('keeps unknown keys and hands back ordinary objects', () => {
    const result = validate(def, JSON.parse('{"name":"a","__proto__":{"x":1},"valueOf":""}'));
    expect(result.errors.map((e) => [e.path, e.keyword])).toEqual([]);
    expect(Object.getPrototypeOf(result.data)).toBe(Object.prototype);
    expect(Object.keys(result.data as object)).toEqual(['name', '__proto__', 'valueOf']);
  });
});
