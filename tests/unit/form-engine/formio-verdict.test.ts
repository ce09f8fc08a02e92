// The browser (Form.io) and the server (validate) must agree on valid/invalid. @formio/core runs
// Form.io's validation headlessly on toFormio(def); data whose only errors Form.io cannot express
// (see support/expressible.ts and docs/definition-format.md "Validation verdict") is left out.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { toFormio, validate, type Definition } from '../../../form-engine/index';
import { cascadeClasses } from './support/cascade';
import { loadFixtures } from './support/corpus';
import { inVerdictCorpus } from './support/expressible';
import { formioErrors } from './support/formio-verdict';
import { mutate, validData } from './support/generate-data';
import { generateCascade } from './support/generate-cascade';
import { generateDefinition } from './support/generate-definition';
import { withCalculations } from './support/generate-calculations';
import { seeded } from './support/random';
import { verdictClasses } from './support/verdict-classes';

function compare(definition: Definition, data: unknown, form = toFormio(definition, 'en')): 'valid' | 'invalid' | 'skipped' {
  const ours = validate(definition, data).errors;
  if (!inVerdictCorpus(definition, ours)) return 'skipped';
  const theirs = formioErrors(form, data);
  expect(theirs.length === 0, `ours ${JSON.stringify(ours)} / Form.io ${JSON.stringify(theirs)} for ${JSON.stringify(data)}`).toBe(ours.length === 0);
  return ours.length === 0 ? 'valid' : 'invalid';
}

describe('validation verdict equals Form.io (@formio/core)', () => {
  // Form.io logs "Cannot validate value NaN" for empty numbers; it is noise here.
  beforeAll(() => void vi.spyOn(console, 'error').mockImplementation(() => undefined));
  afterAll(() => vi.restoreAllMocks());

  it.each(loadFixtures())('fixture $file', ({ definition, tests }) => {
    for (const { data } of tests) {
      if (typeof data === 'object' && data !== null && !Array.isArray(data)) compare(definition, data);
    }
  });

  it.each([...verdictClasses(), ...cascadeClasses()])('agrees on $name', ({ definition, data, valid }) => {
    expect(validate(definition, data).errors.length === 0).toBe(valid);
    expect(formioErrors(toFormio(definition, 'en'), data).length === 0).toBe(valid);
  });

  it('agrees on generated cascading choices (x-choice-filter)', () => {
    const tally = { valid: 0, invalid: 0, skipped: 0 };
    for (let seed = 1; seed <= 200; seed++) {
      const shape = generateCascade(seeded(seed));
      const form = toFormio(shape.definition, 'en');
      for (let k = 0; k < 4; k++) tally[compare(shape.definition, shape.answers(), form)]++;
    }
    expect(tally.valid).toBeGreaterThan(150);
    expect(tally.invalid).toBeGreaterThan(150);
    expect(tally.skipped).toBe(0);
  });

  it('agrees on generated definitions and submissions', () => {
    const tally = { valid: 0, invalid: 0, skipped: 0 };
    const joins = { and: 0, or: 0, not: 0 };
    for (let seed = 1; seed <= 300; seed++) {
      const r = seeded(seed);
      const definition = withCalculations(generateDefinition(r));
      const text = JSON.stringify(definition);
      joins.and += text.split('"and":').length - 1;
      joins.or += text.split('"or":').length - 1;
      joins.not += text.split('"!":').length - 1;
      const form = toFormio(definition, 'en');
      for (let k = 0; k < 4; k++) {
        const base = validData(definition, r);
        const data = k === 0 ? base : (mutate(definition, base, r) ?? base);
        tally[compare(definition, data, form)]++;
      }
    }
    // The corpus must stay meaningful: plenty of both verdicts, few exclusions, AND/OR/NOT conditions.
    expect(Math.min(joins.and, joins.or, joins.not)).toBeGreaterThan(30);
    expect(tally.valid).toBeGreaterThan(300);
    expect(tally.invalid).toBeGreaterThan(300);
    expect(tally.skipped).toBeLessThan(tally.valid + tally.invalid);
  });
});
