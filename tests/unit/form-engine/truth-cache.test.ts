// The validator's cache of condition answers (form-engine/logic/truth-cache.ts): one evaluation per
// distinct value read, never for reads it cannot key (objects, long text, iterations, `missing`).
import { describe, expect, it } from 'vitest';
import { evaluateLogic, isTruthy } from '../../../form-engine/index';
import { cachedTruth } from '../../../form-engine/logic/truth-cache';

function counter(logic: object) {
  let calls = 0;
  const truth = (data: object, row?: object) =>
    cachedTruth(logic, data, row, () => {
      calls++;
      return isTruthy(evaluateLogic(logic, data, row));
    });
  return { truth, calls: () => calls };
}

describe('cachedTruth', () => {
  it('evaluates once per distinct value of what the condition reads', () => {
    const c = counter({ '==': [{ var: 'row.criterion' }, 'other'] });
    const answers = ['other', 'clean_water', 'other', 'clean_water', 'other'].map((criterion) => c.truth({ criterion: 'other' }, { criterion }));
    expect(answers).toEqual([true, false, true, false, true]);
    expect(c.calls()).toBe(2);
    // Outside a repeat, `row.` names a field of the data.
    expect([c.truth({ row: { criterion: 'other' } }), c.truth({ row: {} })]).toEqual([true, false]);
    expect(c.calls()).toBe(3);
  });

  it('tells an absent value from null (var then returns its default)', () => {
    const c = counter({ '==': [{ var: ['x', 5] }, 5] });
    expect([c.truth({}), c.truth({ x: null }), c.truth({}), c.truth({ x: null })]).toEqual([true, false, true, false]);
    expect(c.calls()).toBe(2);
  });

  it('keys on every path read, and tells -0 from 0', () => {
    const c = counter({ and: [{ '==': [{ var: 'a' }, 1] }, { '<': [{ '/': [1, { var: 'b' }] }, 0] }] });
    expect([c.truth({ a: 1, b: -0 }), c.truth({ a: 1, b: 0 }), c.truth({ a: 2, b: -1 }), c.truth({ a: 1, b: -1 }), c.truth({ a: 1, b: 0 })]).toEqual([true, false, false, true, false]);
    expect(c.calls()).toBe(4);
  });

  it('does not keep answers for objects, long text, iterations or missing', () => {
    const long = 'x'.repeat(65);
    const onText = counter({ '==': [{ var: 't' }, long] });
    expect([onText.truth({ t: long }), onText.truth({ t: long })]).toEqual([true, true]);
    expect(onText.calls()).toBe(2);
    const onList = counter({ in: ['other', { var: 'topics' }] });
    expect([onList.truth({ topics: ['other'] }), onList.truth({ topics: ['a'] })]).toEqual([true, false]);
    expect(onList.calls()).toBe(2);
    const iterating = counter({ some: [{ var: 'rows' }, { '==': [{ var: 'x' }, 1] }] });
    iterating.truth({ rows: 1 });
    iterating.truth({ rows: 1 });
    expect(iterating.calls()).toBe(2);
    const missing = counter({ missing: ['a'] });
    missing.truth({ a: 1 });
    missing.truth({ a: 1 });
    expect(missing.calls()).toBe(2);
  });

  it('keeps at most 64 answers per condition', () => {
    const c = counter({ '==': [{ var: 'n' }, 3] });
    for (let n = 0; n < 100; n++) c.truth({ n });
    expect(c.calls()).toBe(100);
    for (let n = 0; n < 100; n++) expect(c.truth({ n })).toBe(n === 3);
    expect(c.calls()).toBe(136);
  });

  it('keeps nothing when the evaluation throws', () => {
    const logic = { '==': [{ var: 'x' }, 1] };
    let calls = 0;
    const boom = () => {
      calls++;
      throw new Error('boom');
    };
    expect(() => cachedTruth(logic, { x: 1 }, undefined, boom)).toThrow('boom');
    expect(() => cachedTruth(logic, { x: 1 }, undefined, boom)).toThrow('boom');
    expect(calls).toBe(2);
  });
});
