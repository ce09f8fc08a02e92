// Data-driven validation tests: every tests/fixtures/form-engine/*.json case through validate().
import { describe, expect, it } from 'vitest';
import { checkDefinition, createValidator, validate } from '../../../form-engine/index';
import { loadFixtures } from './support/corpus';

const fixtures = loadFixtures();

describe.each(fixtures)('$file: $description', ({ definition, tests }) => {
  it('is a valid definition', () => {
    expect(checkDefinition(definition)).toEqual([]);
  });
  it.each(tests)('$description', ({ data, valid, errors, stored }) => {
    const result = validate(definition, data);
    expect(result.errors.length === 0, JSON.stringify(result.errors)).toBe(valid);
    if (errors) expect(result.errors.map(({ path, keyword }) => ({ path, keyword }))).toEqual(errors);
    if (stored !== undefined) expect(result.data).toStrictEqual(stored);
    for (const error of result.errors) {
      expect(error.message.en).not.toBe('');
      expect(error.message.km).toMatch(/[\u1780-\u17FF]/);
    }
  });
});

describe('createValidator', () => {
  it('compiles once per cache key and does not mutate the input', () => {
    const validator = createValidator();
    const fixture = fixtures.find((f) => f.file === 'conditions.json');
    if (!fixture) throw new Error('conditions.json fixture missing');
    const data = { has_meeting: false, meeting_date: '2025-01-01' };
    const first = validator.validate('conditions@1', fixture.definition, data);
    const second = validator.validate('conditions@1', fixture.definition, data);
    expect(second).toEqual(first);
    expect(data).toEqual({ has_meeting: false, meeting_date: '2025-01-01' });
  });
});
