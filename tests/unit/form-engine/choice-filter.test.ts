// Cascading choices (x-choice-filter over x-enum-data): what a definition may say (references, the
// operation allow-list, limits), the server's verdict, which options are offered, and the trip
// through Form.io JSON and back.
import { describe, expect, it } from 'vitest';
import { checkDefinition, compileDefinition, DefinitionError, flattenNodes, fromFormio, LIMITS, offeredOptions, toFormio, validate, type Definition, type FieldSchema } from '../../../form-engine/index';
import { FORMIO_FILTER_BUDGET } from '../../../form-engine/formio/choice-filter';
import { cascadeDefinition, numericCascade } from './support/cascade';
import { generateCascade } from './support/generate-cascade';
import { seeded } from './support/random';

function edit(change: (d: Definition) => void): Definition {
  const d = cascadeDefinition();
  change(d);
  return d;
}

const district = (d: Definition) => d.properties.district as FieldSchema;
const problemsOf = (d: Definition) => checkDefinition(d).map((p) => `${p.code} ${p.path}`);

describe('x-choice-filter: definition checks', () => {
  it('accepts the province → district form and every generated cascade', () => {
    expect(checkDefinition(cascadeDefinition())).toEqual([]);
    expect(checkDefinition(numericCascade())).toEqual([]);
    for (let seed = 1; seed <= 100; seed++) expect(checkDefinition(generateCascade(seeded(seed)).definition), `seed ${seed}`).toEqual([]);
  });

  it('refuses an unknown option attribute at the var', () => {
    const d = edit((x) => void (district(x)['x-choice-filter'] = { '==': [{ var: 'choice.provnce' }, { var: 'province' }] }));
    expect(problemsOf(d)).toEqual(['INVALID_DEFINITION properties.district.x-choice-filter.==.0.var']);
    expect(checkDefinition(d)[0]?.message.en).toBe('Options have no attribute "provnce" (add it to x-enum-data)');
  });

  it('refuses an unknown field, a row field outside a repeat, its own field and a computed name', () => {
    expect(problemsOf(edit((x) => void (district(x)['x-choice-filter'] = { '==': [{ var: 'choice.province' }, { var: 'provinse' }] }))))
      .toEqual(['INVALID_DEFINITION properties.district.x-choice-filter.==.1.var']);
    expect(problemsOf(edit((x) => void (district(x)['x-choice-filter'] = { '==': [{ var: 'choice.province' }, { var: 'row.province' }] }))))
      .toEqual(['INVALID_DEFINITION properties.district.x-choice-filter.==.1.var']);
    expect(problemsOf(edit((x) => void (district(x)['x-choice-filter'] = { '!=': [{ var: 'choice.value' }, { var: 'district' }] }))))
      .toEqual(['INVALID_DEFINITION properties.district.x-choice-filter.!=.1.var']);
    expect(problemsOf(edit((x) => void (district(x)['x-choice-filter'] = { '==': [{ var: { cat: ['pro', 'vince'] } }, 'p01'] }))))
      .toEqual(['INVALID_DEFINITION properties.district.x-choice-filter.==.0.var']);
  });

  it('checks row. references inside repeat rows against the row fields', () => {
    const d = cascadeDefinition();
    const items = (d.properties.visits as FieldSchema).items as { properties: Record<string, FieldSchema> };
    (items.properties.place as FieldSchema)['x-choice-filter'] = { '==': [{ var: 'choice.province' }, { var: 'row.wher' }] };
    expect(problemsOf(d)).toEqual(['INVALID_DEFINITION properties.visits.items.properties.place.x-choice-filter.==.1.var']);
    // Root fields stay readable from a row.
    (items.properties.place as FieldSchema)['x-choice-filter'] = { '==': [{ var: 'choice.province' }, { var: 'province' }] };
    expect(checkDefinition(d)).toEqual([]);
  });

  it('refuses attributes of options that do not exist, and an attribute named value', () => {
    const d = edit((x) => {
      district(x)['x-enum-data'] = { ...district(x)['x-enum-data'], d9999: { province: 'p09' } };
      (district(x)['x-enum-data'] as Record<string, Record<string, string>>).d0101 = { province: 'p01', value: 'x' };
    });
    expect(problemsOf(d)).toEqual(['INVALID_DEFINITION properties.district.x-enum-data.d0101.value', 'INVALID_DEFINITION properties.district.x-enum-data.d9999']);
  });

  it('refuses attribute values that are not tokens or numbers, and markup in them', () => {
    const d = edit((x) => void ((district(x)['x-enum-data'] as Record<string, Record<string, unknown>>).d0101 = { province: '<b>p01</b>' }));
    expect(problemsOf(d)[0]).toMatch(/^INVALID_DEFINITION properties\.district\.x-enum-data\.d0101\.province/);
  });

  it('refuses operations outside the allow-list as UNSAFE_DEFINITION', () => {
    const d = edit((x) => void (district(x)['x-choice-filter'] = { log: [{ var: 'choice.province' }] }));
    expect(problemsOf(d)).toContain('UNSAFE_DEFINITION properties.district.x-choice-filter.log');
  });

  it('applies the logic limits and the attribute limit', () => {
    let deep: unknown = { var: 'province' };
    for (let i = 0; i < LIMITS.logicDepth + 1; i++) deep = { '!': [deep] };
    expect(problemsOf(edit((x) => void (district(x)['x-choice-filter'] = deep as FieldSchema['x-choice-filter'])))).toEqual(['INVALID_DEFINITION properties.district.x-choice-filter']);
    const many = Object.fromEntries(Array.from({ length: LIMITS.optionAttributes + 1 }, (_, i) => [`a${i}`, 'x']));
    expect(problemsOf(edit((x) => void ((district(x)['x-enum-data'] as Record<string, unknown>).d0101 = { ...many, province: 'p01' })))).toEqual(['INVALID_DEFINITION properties.district.x-enum-data.d0101']);
  });

  it('is allowed on select, radio and multiselect only', () => {
    const d = cascadeDefinition();
    (d.properties as Record<string, FieldSchema>).note = { type: 'string', 'x-label': { en: 'Note', km: 'កំណត់' }, 'x-choice-filter': { '!!': [{ var: 'province' }] } };
    d['x-order']?.push('note');
    expect(problemsOf(d)).toEqual(['INVALID_DEFINITION properties.note.x-choice-filter']);
  });
});

describe('x-choice-filter: server verdict', () => {
  const d = cascadeDefinition();
  const errors = (data: unknown) => validate(d, data).errors.map((e) => `${e.path}:${e.keyword}`);

  it('refuses a district of another province with enum at the field', () => {
    expect(errors({ province: 'p01', district: 'd0102' })).toEqual([]);
    expect(errors({ province: 'p01', district: 'd0201' })).toEqual(['district:enum']);
    expect(validate(d, { province: 'p01', district: 'd0201' }).errors[0]?.message).toEqual({ en: 'Choose one of the listed options', km: 'សូមជ្រើសរើសជម្រើសណាមួយក្នុងបញ្ជី' });
  });

  it('refuses each picked value a multiselect does not offer, at its index', () => {
    expect(errors({ province: 'p01', district: 'd0101', also: ['d0102', 'd0201', 'd0101', 'd0301'] })).toEqual(['also.1:enum', 'also.2:enum', 'also.3:enum']);
  });

  it('reads row. inside repeat rows and reports the row path', () => {
    expect(errors({ province: 'p01', district: 'd0101', visits: [{ where: 'p02', place: 'd0202' }, { where: 'p02', place: 'd0101' }] })).toEqual(['visits.1.place:enum']);
  });

  it('sees a hidden parent as absent, and a value outside the options only once (enum from the schema)', () => {
    const hidden = cascadeDefinition();
    (hidden.properties.province as FieldSchema)['x-visible-when'] = { '==': [1, 2] };
    expect(validate(hidden, { province: 'p01', district: 'd0101' }).errors.map((e) => `${e.path}:${e.keyword}`)).toEqual(['district:enum']);
    expect(errors({ province: 'p01', district: 'nope' })).toEqual(['district:enum']);
  });

  it('offers exactly the options the filter keeps, in their order', () => {
    const node = flattenNodes(compileDefinition(d)).find((n) => n.key === 'district');
    const offered = (data: unknown) => offeredOptions(node?.choiceFilter, node?.options ?? [], data).map((o) => o.value);
    expect(offered({ province: 'p02' })).toEqual(['d0201', 'd0202']);
    expect(offered({})).toEqual([]);
    expect(offeredOptions(undefined, node?.options ?? [], {}).length).toBe(5);
  });
});

describe('x-choice-filter: Form.io', () => {
  it('round-trips through Form.io JSON in every language', () => {
    for (const definition of [cascadeDefinition(), cascadeDefinition('radio'), numericCascade()]) {
      for (const locale of ['km', 'en']) expect(fromFormio(toFormio(definition, locale))).toStrictEqual(definition);
    }
    for (let seed = 1; seed <= 50; seed++) {
      const { definition } = generateCascade(seeded(seed));
      expect(fromFormio(toFormio(definition, 'km')), `seed ${seed}`).toStrictEqual(definition);
    }
  });

  it('writes a validate.json rule grouping options by their bound filter, with the message in the form language', () => {
    const component = toFormio(cascadeDefinition(), 'km').components.find((c) => c.key === 'district');
    expect(component?.properties?.choiceFilter).toBe(JSON.stringify({ '==': [{ var: 'choice.province' }, { var: 'province' }] }));
    expect(component?.validate?.json).toEqual({
      if: [
        {
          and: [
            { or: [{ '!': { in: [{ var: 'input' }, ['d0101', 'd0102']] } }, { '==': ['p01', { var: 'data.province' }] }] },
            { or: [{ '!': { in: [{ var: 'input' }, ['d0201', 'd0202']] } }, { '==': ['p02', { var: 'data.province' }] }] },
            { or: [{ '!': { in: [{ var: 'input' }, ['d0301']] } }, { '==': ['p03', { var: 'data.province' }] }] },
          ],
        },
        true,
        'ជម្រើសនេះមិនមានសម្រាប់ចម្លើយខាងលើទេ',
      ],
    });
  });

  it('leaves the rule out beyond its budget (the server still refuses)', () => {
    const d = cascadeDefinition();
    const values = Array.from({ length: 1000 }, (_, i) => `v${i}`);
    Object.assign(district(d), {
      enum: values,
      'x-enum-labels': Object.fromEntries(values.map((v) => [v, { en: v, km: v }])),
      'x-enum-data': Object.fromEntries(values.map((v, i) => [v, { province: `p0${(i % 3) + 1}`, rank: i }])),
      'x-choice-filter': { and: [{ '==': [{ var: 'choice.province' }, { var: 'province' }] }, { '<': [{ var: 'choice.rank' }, 500] }, { '!=': [{ var: 'choice.value' }, 'v7'] }] },
    });
    expect(checkDefinition(d)).toEqual([]);
    const component = toFormio(d, 'en').components.find((c) => c.key === 'district');
    expect(JSON.stringify(component).length).toBeGreaterThan(0);
    expect(component?.validate?.json).toBeUndefined();
    expect(FORMIO_FILTER_BUDGET).toBe(10_000);
    expect(validate(d, { province: 'p01', district: 'v600' }).errors.map((e) => e.keyword)).toEqual(['enum']);
    expect(validate(d, { province: 'p01', district: 'v3' }).errors).toEqual([]);
  });

  it('keeps malformed stored filter text so the meta-schema refuses it at its path', () => {
    const form = toFormio(cascadeDefinition(), 'en');
    const component = form.components.find((c) => c.key === 'district');
    if (component?.properties) component.properties.choiceFilter = '{not json';
    expect(() => fromFormio(form)).toThrow(DefinitionError);
    expect(() => fromFormio(form)).toThrow('INVALID_DEFINITION at properties.district.x-choice-filter');
  });
});
