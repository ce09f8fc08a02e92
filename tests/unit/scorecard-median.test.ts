// The community scorecards (v2) count the votes per face and calculate each criterion's score as the
// median vote, rounded up (the ISAF rule), on the server and in Form.io alike; the shipped
// indicators that read the score still find it in every scorecard version.
import { describe, expect, it } from 'vitest';
import { missingFields, toFormio, validate, type Definition, type IndicatorDefinition } from '../../form-engine/index';
import { shippedDefinitions } from '../../definitions/index';
import { shippedIndicators } from '../../definitions/indicators/index';
import { formioErrors } from './form-engine/support/formio-verdict';

const scorecards = shippedDefinitions.filter((d) => d.key.startsWith('csc-') && d.version === 2);
const meeting = {
  commune: '060101', village: '06010101', provider_name: 'Provider', cycle_year: 2026, date: '2026-03-01', facilitators: 'Sok',
  participants: { total: 20, female: 12, youth: 5, disability: 2, ethnic_minority: 1, id_poor: 4 },
};
const votes = (counts: number[]) => Object.fromEntries(counts.map((n, i) => [`votes_${i + 1}`, n]));

describe.each(scorecards.map((d) => [d.key, d.schema as Definition] as const))('%s v2', (_key, schema) => {
  const criterion = (schema.properties.criteria!.items as unknown as { properties: { criterion: { enum: string[] } } }).properties.criterion.enum[0]!;

  it('calculates the score from the votes: the median, rounded up between two values', () => {
    const data = {
      ...meeting,
      criteria: [
        { criterion, ...votes([0, 1, 2, 1, 1]), score: 5 }, // votes 2 3 3 4 5 → 3 (a score sent is replaced)
        { criterion, ...votes([0, 3, 3, 0, 0]) }, // 2 2 2 3 3 3 → between 2 and 3 → 3
        { criterion, votes_5: 4, votes_1: 2 }, // unanswered faces are no votes: 1 1 5 5 5 5 → 5
      ],
    };
    const result = validate(schema, data);
    expect(result.errors).toEqual([]);
    expect((result.data as { criteria: Array<{ score: number }> }).criteria.map((c) => c.score)).toEqual([3, 3, 5]);
  });

  it('needs votes: a criterion nobody voted on has no score, on both sides', () => {
    const data = { ...meeting, criteria: [{ criterion, ...votes([0, 0, 0, 0, 0]), score: null }] };
    expect(validate(schema, data).errors.map((e) => `${e.path} ${e.keyword}`)).toEqual(['criteria.0.score required']);
    expect(formioErrors(toFormio(schema, 'km'), data).map((e) => e.path)).toEqual(['criteria[0].score']);
    const voted = { ...meeting, criteria: [{ criterion, ...votes([0, 1, 0, 0, 0]), score: null }] };
    expect(formioErrors(toFormio(schema, 'km'), voted)).toEqual([]);
  });
});

describe('indicators over the scorecards', () => {
  it('find every field they read in every shipped scorecard version', () => {
    const versions = new Map<string, Array<{ version: number; schema: Definition }>>();
    for (const d of shippedDefinitions) versions.set(d.key, [...(versions.get(d.key) ?? []), { version: d.version, schema: d.schema as Definition }]);
    const readers = shippedIndicators.filter((i) => (i.schema as IndicatorDefinition).sources.some((s) => s.form.startsWith('csc-')));
    expect(readers.length).toBeGreaterThan(2);
    for (const indicator of readers) expect(missingFields(indicator.schema as IndicatorDefinition, versions), indicator.key).toEqual([]);
  });
});
