// Hostile definitions and submissions (issue 8) are refused with a code, a path and a bilingual
// message, or validated correctly: never a thrown RangeError, never a prototype member taken for
// an answer. Timing lives in bench/ (npm run bench), not here.
import { describe, expect, it } from 'vitest';
import { checkDataLimits, checkDefinition, checkIndicator, DefinitionError, fromFormio, LIMITS, validate, type Definition, type DefinitionProblem, type FieldSchema } from '../../../form-engine/index';
import * as hostile from '../../fixtures/hostile-definitions';

const label = { en: 'L', km: 'ល' };
const repeated = (segment: string, times: number): string => Array.from({ length: times }, () => segment).join('.');

function withField(name: string, field: FieldSchema): Definition {
  return hostile.form({ name: { type: 'string', 'x-label': label }, [name]: field });
}

function choice(values: string[]): FieldSchema {
  return { type: 'string', 'x-widget': 'select', enum: values, 'x-enum-labels': Object.fromEntries(values.map((v) => [v, label])), 'x-label': label };
}

function repeat(extra: Partial<FieldSchema>): FieldSchema {
  return { type: 'array', 'x-widget': 'repeat', 'x-label': label, items: { type: 'object', properties: { a: { type: 'string', 'x-label': label } } }, ...extra };
}

function expectOne(problems: DefinitionProblem[], path: string | RegExp, en: RegExp): void {
  expect(problems).toHaveLength(1);
  const [p] = problems as [DefinitionProblem];
  expect(p.code).toBe('INVALID_DEFINITION');
  if (typeof path === 'string') expect(p.path).toBe(path);
  else expect(p.path).toMatch(path);
  expect(p.message.en).toMatch(en);
  expect(p.message.km).not.toBe('');
}

const definitionCases: Array<{ name: string; build: () => unknown; path: string | RegExp; en: RegExp }> = [
  // Past the whole-document depth cap the path stops at the first value too deep.
  { name: '500 nested groups', build: () => hostile.nestedGroups(500), path: repeated('properties.g', LIMITS.definitionDepth / 2), en: /Nested too deeply \(at most 128 levels\)/ },
  { name: 'groups one level past fieldDepth', build: () => hostile.nestedGroups(LIMITS.fieldDepth + 1), path: repeated('properties.g', LIMITS.fieldDepth + 1), en: /Groups and repeats nested too deeply/ },
  { name: 'x-visible-when of 2,000 nested operators', build: () => hostile.deepCondition(2000), path: `properties.b.x-visible-when.${repeated('!.0', 62)}.!`, en: /Nested too deeply/ },
  // deepCondition(n) nests n `!` around a `var`: n + 1 operations.
  { name: 'condition one operator past logicDepth', build: () => hostile.deepCondition(LIMITS.logicDepth), path: 'properties.b.x-visible-when', en: /Condition nested too deeply/ },
  {
    name: 'condition past logicNodes',
    build: () => withField('b', { type: 'string', 'x-label': label, 'x-visible-when': { and: Array.from({ length: LIMITS.logicNodes }, () => ({ var: 'name' })) } }),
    path: 'properties.b.x-visible-when',
    en: /Condition too large/,
  },
  { name: '100,000-value enum', build: () => hostile.hugeEnum(100_000), path: 'properties.choice.enum', en: /Too large \(at most 100000 values in all\)/ },
  { name: '40,000-value enum', build: () => hostile.hugeEnum(40_000), path: /^properties\.choice\.x-enum-labels/, en: /Too large/ },
  { name: 'one option past the limit', build: () => hostile.hugeEnum(LIMITS.options + 1), path: 'properties.choice.enum', en: /Too many options \(at most 1000\)/ },
  { name: 'a duplicate option', build: () => withField('c', choice(['a', 'b', 'a'])), path: 'properties.c.enum.2', en: /Option "a" is listed twice/ },
  { name: 'a pattern past patternLength', build: () => withField('p', { type: 'string', pattern: 'a'.repeat(LIMITS.patternLength + 1), 'x-label': label }), path: 'properties.p.pattern', en: /Pattern too long/ },
  { name: 'a label past textLength', build: () => withField('t', { type: 'string', 'x-label': { en: 'x'.repeat(LIMITS.textLength + 1), km: 'ក' } }), path: 'properties.t.x-label.en', en: /Text too long \(at most 2000 characters\)/ },
  { name: 'a repeat maxItems past repeatRows', build: () => withField('r', repeat({ maxItems: LIMITS.repeatRows + 1 })), path: 'properties.r.maxItems', en: /at most 500 rows/ },
  { name: '10,000 fields', build: () => hostile.manyFields(10_000), path: 'properties', en: /Too many fields \(at most 1000/ },
  { name: 'fields in groups count too', build: () => hostile.form({ g: { type: 'object', 'x-label': label, properties: hostile.manyFields(LIMITS.fields).properties } }), path: 'properties', en: /Too many fields/ },
  {
    name: 'sections past the limit',
    build: () => ({ ...hostile.form({ a: { type: 'string', 'x-label': label } }), 'x-sections': Array.from({ length: LIMITS.sections + 1 }, (_, i) => ({ key: `s${i}`, title: label, fields: i === 0 ? ['a'] : [] })) }),
    path: 'x-sections',
    en: /Too many sections/,
  },
];

describe('checkDefinition refuses definitions beyond the limits', () => {
  it.each(definitionCases)('$name', ({ build, path, en }) => {
    expectOne(checkDefinition(build()), path, en);
  });

  it('refuses an option value past optionLength (the value token rule, at most 64 characters, refuses it first)', () => {
    const problems = checkDefinition(withField('c', choice(['x'.repeat(LIMITS.optionLength + 1)])));
    expect(problems.map((p) => p.path)).toContain('properties.c.enum.0');
  });

  it.each(hostile.RESERVED_NAMES)('refuses the field name %s (Object.prototype member)', (name) => {
    expectOne(checkDefinition(hostile.namedField(name)), `properties.${name}`, new RegExp(`"${name}" is a reserved name`));
  });

  it('refuses reserved names inside groups and repeats too', () => {
    const valueOf: FieldSchema = { type: 'string', 'x-label': label };
    const def = hostile.form({ r: repeat({ items: { type: 'object', properties: { valueOf } } }) });
    expectOne(checkDefinition(def), 'properties.r.items.properties.valueOf', /reserved name/);
  });

  it('accepts definitions at the limits', () => {
    expect(checkDefinition(hostile.manyFields(LIMITS.fields))).toEqual([]);
    expect(checkDefinition(hostile.hugeEnum(LIMITS.options))).toEqual([]);
    expect(checkDefinition(hostile.nestedGroups(LIMITS.fieldDepth))).toEqual([]);
    expect(checkDefinition(hostile.deepCondition(LIMITS.logicDepth - 1))).toEqual([]);
    expect(checkDefinition(hostile.repeatWithSome(LIMITS.repeatRows))).toEqual([]);
    expect(checkDefinition(withField('p', { type: 'string', pattern: 'a'.repeat(LIMITS.patternLength), 'x-label': label }))).toEqual([]);
  });
});

describe('checkIndicator applies the same size caps', () => {
  it('refuses a 100,000-deep indicator document with the path where it gets too deep', () => {
    const problems = checkIndicator({ 'x-kind': 'indicator', filter: hostile.deepData(100_000) });
    expectOne(problems, `filter.${repeated('a', LIMITS.definitionDepth - 1)}`, /Nested too deeply/);
  });
});

describe('fromFormio applies the same size caps', () => {
  it('refuses Form.io JSON of components nested 20,000 deep with a DefinitionError, not a RangeError', () => {
    let component: Record<string, unknown> = { type: 'textfield', key: 'leaf', label: 'Leaf' };
    for (let i = 0; i < 20_000; i++) component = { type: 'panel', key: `p${i}`, components: [component] };
    const error = (() => {
      try {
        fromFormio({ display: 'form', components: [component] });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DefinitionError);
    expect((error as DefinitionError).problems.map((p) => p.message.en)).toEqual(['Nested too deeply (at most 128 levels)']);
  });
});

describe('validate refuses submitted data beyond the limits', () => {
  const def = hostile.manyFields(2);

  it.each([100_000, 20_000, LIMITS.dataDepth + 1])('refuses %i-deep data with the path where it gets too deep', (depth) => {
    const result = validate(def, hostile.deepData(depth, 'f0'));
    expect(result.errors).toEqual([{ path: repeated('f0', LIMITS.dataDepth), keyword: 'maxDepth', message: { en: 'Nested too deeply (at most 32 levels)', km: 'ជាន់គ្នាជ្រៅពេក (យ៉ាងច្រើន 32 កម្រិត)' } }]);
    expect(result.data).toBeUndefined();
  });

  it('accepts data as deep as the limit (and reports what is wrong with it)', () => {
    const errors = validate(def, hostile.deepData(LIMITS.dataDepth, 'f0')).errors;
    expect(errors.map((e) => [e.path, e.keyword])).toEqual([['f0', 'type']]);
  });

  it('refuses more values than dataNodes, and strings past dataStringLength', () => {
    expect(validate(def, { f0: 'x', f1: Array.from({ length: LIMITS.dataNodes }, () => 1) }).errors.map((e) => [e.path, e.keyword])).toEqual([['f1', 'maxNodes']]);
    expect(validate(def, { f0: 'x'.repeat(LIMITS.dataStringLength + 1) }).errors.map((e) => [e.path, e.keyword])).toEqual([['f0', 'maxLength']]);
  });

  it('checkDataLimits is a pure check the server can run on a raw body', () => {
    expect(checkDataLimits({ a: [{ b: 'c' }] })).toEqual([]);
    expect(checkDataLimits(hostile.deepData(3), { depth: 2, nodes: 10, stringLength: 10 }).map((e) => e.path)).toEqual(['a.a']);
  });
});

describe('field names that meet Object.prototype members', () => {
  // validate() trusts its definition: one stored before reserved names were refused must still work.
  it.each(hostile.RESERVED_NAMES)('an optional field %s left empty validates', (name) => {
    const def = hostile.namedField(name);
    expect(validate(def, { name: 'Dara' })).toEqual({ errors: [], data: { name: 'Dara' } });
    expect(validate(def, { name: 'Dara', [name]: '' })).toEqual({ errors: [], data: { name: 'Dara' } });
    expect(validate(def, { name: 'Dara', [name]: 'x' })).toEqual({ errors: [], data: { name: 'Dara', [name]: 'x' } });
  });

  it('a required field valueOf left empty is reported missing', () => {
    const def = hostile.namedField('valueOf');
    def.required = ['name', 'valueOf'];
    expect(validate(def, { name: 'Dara' }).errors.map((e) => [e.path, e.keyword])).toEqual([['valueOf', 'required']]);
  });

  it('a condition on an unanswered valueOf sees it absent', () => {
    const def = hostile.namedField('valueOf');
    def.properties.name!['x-visible-when'] = { '!!': [{ var: 'valueOf' }] };
    expect(validate(def, { name: 'Dara' }).data).toEqual({});
  });

  it('a "__proto__" key in data is an unknown field, not a prototype', () => {
    const result = validate(hostile.namedField('other'), JSON.parse('{"name":"Dara","__proto__":{"polluted":true}}'));
    expect(result.errors.map((e) => [e.path, e.keyword])).toEqual([['__proto__', 'additionalProperties']]);
    expect(Object.getPrototypeOf(result.data)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('repeat rows', () => {
  it('3,000 rows with a `some` row condition are refused by the row limit even without maxItems', () => {
    const result = validate(hostile.repeatWithSome(), hostile.repeatRows(3000));
    expect(result.errors.map((e) => [e.path, e.keyword])).toEqual([['actions', 'maxItems']]);
  });

  it('a `some` condition over every row keeps or removes the row field on every row', () => {
    const def = hostile.repeatWithSome(LIMITS.repeatRows);
    const rows = hostile.repeatRows(LIMITS.repeatRows);
    const kept = validate(def, rows);
    expect(kept.errors).toEqual([]);
    expect(kept.data).toEqual(rows);
    rows.actions[LIMITS.repeatRows - 1]!.status = 'late';
    const removed = validate(def, rows);
    expect(removed.errors).toEqual([]);
    expect((removed.data as typeof rows).actions.map((r) => Object.keys(r))).toEqual(rows.actions.map(() => ['status']));
  });

  it('a row condition reading another row sees that row field removed once it is hidden', () => {
    // `a` is hidden in late rows; `b` (no `row.`) is shown while row 1 still has `a`.
    const def = hostile.form({
      actions: {
        type: 'array',
        'x-widget': 'repeat',
        'x-label': label,
        items: {
          type: 'object',
          'x-order': ['s', 'a', 'b'],
          properties: {
            s: { type: 'string', 'x-label': label },
            a: { type: 'string', 'x-label': label, 'x-visible-when': { '==': [{ var: 'row.s' }, 'done'] } },
            b: { type: 'string', 'x-label': label, 'x-visible-when': { '==': [{ var: 'actions.1.a' }, 'x'] } },
          },
        },
      },
    });
    const data = { actions: [{ s: 'done', a: 'x', b: 'y' }, { s: 'late', a: 'x', b: 'y' }] };
    expect(validate(def, data).data).toEqual({ actions: [{ s: 'done', a: 'x', b: 'y' }, { s: 'late' }] });
  });

  it('a row condition iterating over the rows sees fields it reads removed', () => {
    // `b` is shown while some row still has `a` = "x"; `a` is hidden in late rows.
    const def = hostile.form({
      actions: {
        type: 'array',
        'x-widget': 'repeat',
        'x-label': label,
        items: {
          type: 'object',
          'x-order': ['s', 'a', 'b'],
          properties: {
            s: { type: 'string', 'x-label': label },
            a: { type: 'string', 'x-label': label, 'x-visible-when': { '==': [{ var: 'row.s' }, 'done'] } },
            b: { type: 'string', 'x-label': label, 'x-visible-when': { some: [{ var: 'actions' }, { '==': [{ var: 'a' }, 'x'] }] } },
          },
        },
      },
    });
    const data = { actions: [{ s: 'late', a: 'x', b: 'y' }, { s: 'late', a: 'x', b: 'y' }] };
    expect(validate(def, data).data).toEqual({ actions: [{ s: 'late', b: 'y' }, { s: 'late' }] });
  });
});

describe('row-free row conditions are re-evaluated after a removal they can see', () => {
  // `a` is hidden in late rows; `b` (no `row.`) reads the rows' `a` in several ways.
  const withB = (b: unknown): Definition =>
    hostile.form({
      actions: {
        type: 'array',
        'x-widget': 'repeat',
        'x-label': label,
        items: {
          type: 'object',
          'x-order': ['s', 'a', 'b'],
          properties: {
            s: { type: 'string', 'x-label': label },
            a: { type: 'string', 'x-label': label, 'x-visible-when': { '==': [{ var: 'row.s' }, 'done'] } },
            b: { type: 'string', 'x-label': label, 'x-visible-when': b as FieldSchema['x-visible-when'] },
          },
        },
      },
    });
  const rows = () => ({ actions: [{ s: 'done', a: 'x', b: 'y' }, { s: 'late', a: 'x', b: 'y' }] });
  const cases: Array<[string, unknown]> = [
    ['a var into a row', { '==': [{ var: 'actions.1.a' }, 'x'] }],
    ['reduce over the rows (current.a)', { '>': [{ reduce: [{ var: 'actions' }, { '+': [{ var: 'accumulator' }, { if: [{ '==': [{ var: 'current.a' }, 'x'] }, 1, 0] }] }, 0] }, 1] }],
    ['some over a filtered array (reads unknown statically)', { some: [{ filter: [{ var: 'actions' }, { '==': [{ var: 's' }, 'late'] }] }, { '==': [{ var: 'a' }, 'x'] }] }],
    ['all over the rows', { all: [{ var: 'actions' }, { '==': [{ var: 'a' }, 'x'] }] }],
  ];
  it.each(cases)('%s', (_name, b) => {
    expect(validate(withB(b), rows()).data).toEqual({ actions: [{ s: 'done', a: 'x', b: 'y' }, { s: 'late' }] });
  });
});

describe('row-free row calculations', () => {
  it('see the rows written before them, row by row', () => {
    // Row 0 sees row 1 without a total yet (NaN: nothing stored); row 1 sees both.
    expect(validate(hostile.repeatWithSum(), { actions: [{ cost: 1 }, { cost: 2 }] }).data).toEqual({ actions: [{ cost: 1, total: 2 }, { cost: 2, total: 4, grand: 6 }] });
  });

  it('give every row its value over 500 rows', () => {
    const rows = hostile.sumRows(LIMITS.repeatRows);
    const result = validate(hostile.repeatWithSum(LIMITS.repeatRows), { actions: rows.actions.map(({ cost, total }) => ({ cost, total })) });
    expect(result.errors).toEqual([]);
    expect(result.data).toEqual(rows);
  });
});

describe('large forms within the limits', () => {
  it('validates a 1,000-field form', () => {
    const def = hostile.manyFields(LIMITS.fields);
    expect(validate(def, hostile.manyFieldsData(LIMITS.fields)).errors).toEqual([]);
    expect(validate(def, { ...hostile.manyFieldsData(LIMITS.fields), f999: 1 }).errors.map((e) => [e.path, e.keyword])).toEqual([['f999', 'type']]);
  });
});
