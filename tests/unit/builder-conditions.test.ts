// The builder's condition editor (web/lib/builder/condition-logic.ts, conditions.ts): its tree of
// rules and groups and the stored JSONLogic translate into each other exactly, both ways; any stored
// JSONLogic it cannot show comes back unchanged (never lost); what it writes means what it shows
// (json-logic-js); and the browser (@formio/core) and the server reach the same verdict on it.
import fc from 'fast-check';
import jsonLogic from 'json-logic-js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { toFormio, validate, type Definition, type FormioForm } from '../../form-engine/index';
import { fromFormioLogic } from '../../form-engine/formio/logic-paths';
import { fromLogic, toLogic, type ConditionNode, type Group, type Rule, type Scalar } from '../../web/lib/builder/condition-logic';
import { formioErrors } from './form-engine/support/formio-verdict';

vi.mock('$engine', () => import('../../form-engine/index'));
// Loaded by path so the Node type check (which has no $engine alias) does not compile the web module.
const webConditions = '../../web/lib/builder/conditions';
interface Target { variable: string; kind: string; options: unknown[] }
const { targetsFor, opsFor, describeCondition, newRule } = (await import(/* @vite-ignore */ webConditions)) as {
  targetsFor: (form: FormioForm, at: unknown, lang: 'en') => Target[];
  opsFor: (target: Target) => string[];
  describeCondition: (root: Group, targets: Target[], t: unknown, lang: 'en') => string;
  newRule: (target: Target) => Rule;
};
const { builderEn } = (await import(/* @vite-ignore */ '../../web/lib/i18n/builder-en')) as { builderEn: unknown };

const v = (name: string) => ({ var: name });
const guard = (name: string, symbol: string, value: Scalar) => ({ and: [{ '!=': [v(name), null] }, { '!==': [v(name), ''] }, { [symbol]: [v(name), value] }] });
const rule = (variable: string, op: Rule['op'], value: Rule['value'], not = false): Rule => ({ kind: 'rule', variable, op, value, not });
const group = (join: Group['join'], items: ConditionNode[], not = false): Group => ({ kind: 'group', join, not, items });

describe('condition editor ↔ JSONLogic', () => {
  it('writes "(A = yes and B > 3) or not C picked" and reads it back', () => {
    const root = group('any', [group('all', [rule('data.a', 'eq', 'yes'), rule('data.b', 'gt', 3)]), rule('data.c', 'picked', 'water', true)]);
    const logic = toLogic(root);
    expect(logic).toEqual({ or: [{ and: [{ '==': [v('data.a'), 'yes'] }, guard('data.b', '>', 3)] }, { '!': [{ in: ['water', v('data.c')] }] }] });
    expect(fromLogic(logic)).toEqual(root);
  });

  it('reads the conditions the one-rule editor wrote before groups', () => {
    expect(fromLogic({ '==': [v('data.ok'), true] })).toEqual(group('all', [rule('data.ok', 'eq', true)]));
    expect(fromLogic({ in: [v('data.s'), ['a', 'b']] })).toEqual(group('all', [rule('data.s', 'in', ['a', 'b'])]));
    expect(fromLogic(guard('data.faces1', '<', 3))).toEqual(group('all', [rule('data.faces1', 'lt', 3)]));
    expect(fromLogic({ '!=': [v('row.kind'), 'other'] })).toEqual(group('all', [rule('row.kind', 'ne', 'other')]));
    // One rule is stored alone, as before; no condition is stored as nothing.
    expect(toLogic(group('all', [rule('data.ok', 'eq', true)]))).toEqual({ '==': [v('data.ok'), true] });
    expect(toLogic(group('all', []))).toBeNull();
    expect(toLogic(group('any', [group('all', [])]))).toBeNull();
    expect(fromLogic(null)).toEqual(group('all', []));
  });

  it('keeps hand-written parts as they are, next to the rules it can show', () => {
    const handWritten = [
      { '===': [v('data.a'), 1] },
      { '>': [v('data.n'), 3] },
      { '==': [{ var: ['data.a', 'x'] }, 1] },
      { missing: ['data.a'] },
      { '!': { var: 'data.a' } },
      { '!': [{ '!': [{ '==': [v('data.a'), 1] }] }] },
      { and: [] },
      { in: [v('data.a'), 'text'] },
      { '==': [v('data.a'), null] },
      true,
    ];
    for (const logic of handWritten) {
      const root = fromLogic(logic);
      expect(root.items.map((n) => n.kind), JSON.stringify(logic)).toEqual(['raw']);
      expect(toLogic(root)).toEqual(logic);
    }
    // Not a comparison the editor writes (a yes/no compared as "greater"): three hand-written parts.
    const odd = guard('data.n', '>', true as unknown as Scalar);
    expect(fromLogic(odd).items.map((n) => n.kind)).toEqual(['raw', 'raw', 'raw']);
    expect(toLogic(fromLogic(odd))).toEqual(odd);
    const mixed = { or: [{ '==': [v('data.a'), 'x'] }, { missing: ['data.b'] }] };
    const root = fromLogic(mixed);
    expect(root.items.map((n) => n.kind)).toEqual(['rule', 'raw']);
    expect(toLogic(root)).toEqual(mixed);
  });

  // ---------- properties ----------

  // The one simplification: a top "all of"/"any of" with a single part is stored as that part.
  const unwrapTop = (x: unknown): unknown => {
    if (x && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length === 1) {
      const args = (x as Record<string, unknown>).and ?? (x as Record<string, unknown>).or;
      if (Array.isArray(args) && args.length === 1) return args[0];
    }
    return x;
  };

  const VARS = ['data.a', 'data.b', 'data.g.c', 'row.d'];
  const scalar = fc.oneof(fc.string({ maxLength: 4 }), fc.integer({ min: -5, max: 20 }), fc.boolean());
  const ruleArb: fc.Arbitrary<Rule> = fc.oneof(
    fc.record({ kind: fc.constant('rule' as const), variable: fc.constantFrom(...VARS), op: fc.constantFrom('eq' as const, 'ne' as const), value: scalar, not: fc.boolean() }),
    fc.record({ kind: fc.constant('rule' as const), variable: fc.constantFrom(...VARS), op: fc.constantFrom('gt' as const, 'gte' as const, 'lt' as const, 'lte' as const), value: fc.oneof(fc.integer({ min: -5, max: 20 }), fc.constantFrom('2026-01-01', '2026-06-30')), not: fc.boolean() }),
    fc.record({ kind: fc.constant('rule' as const), variable: fc.constantFrom(...VARS), op: fc.constant('in' as const), value: fc.array(scalar, { maxLength: 3 }), not: fc.boolean() }),
    fc.record({ kind: fc.constant('rule' as const), variable: fc.constantFrom(...VARS), op: fc.constant('picked' as const), value: fc.oneof(fc.string({ maxLength: 4 }), fc.integer({ min: 0, max: 9 })), not: fc.boolean() }),
  );
  const rawArb = fc.constantFrom<ConditionNode>({ kind: 'raw', logic: { missing: ['data.a'] } }, { kind: 'raw', logic: { '===': [v('data.b'), 2] } }, { kind: 'raw', logic: { '>': [v('data.a'), 1] } });
  const { node: nodeArb } = fc.letrec<{ node: ConditionNode; group: Group }>((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, ruleArb, ruleArb, rawArb, tie('group')),
    group: fc.record({ kind: fc.constant('group' as const), join: fc.constantFrom('all' as const, 'any' as const), not: fc.boolean(), items: fc.array(tie('node'), { maxLength: 3 }) }),
  }));
  const rootArb = fc.record({ kind: fc.constant('group' as const), join: fc.constantFrom('all' as const, 'any' as const), not: fc.boolean(), items: fc.array(nodeArb, { maxLength: 4 }) });

  /** What a tree reads back as: empty groups dropped (they store nothing), a one-item top simplified. */
  function normalized(root: Group): Group {
    const clean = (n: ConditionNode): ConditionNode | null => {
      if (n.kind !== 'group') return n;
      const items = n.items.map(clean).filter((x): x is ConditionNode => x !== null);
      return items.length ? { ...n, items } : null;
    };
    const top: Group = { ...root, items: root.items.map(clean).filter((x): x is ConditionNode => x !== null) };
    if (!top.items.length) return group('all', []);
    if (top.not || top.items.length > 1) return top;
    const only = top.items[0] as ConditionNode;
    return only.kind === 'group' ? only : group('all', [only]);
  }

  it('reads back exactly the tree it wrote (property)', () => {
    fc.assert(
      fc.property(rootArb, (root) => {
        const logic = toLogic(root);
        expect(fromLogic(logic)).toEqual(normalized(root));
        expect(toLogic(fromLogic(logic))).toEqual(unwrapTop(logic));
      }),
      { numRuns: 2000 },
    );
  });

  // JSONLogic-like trees built from the operations conditions use (and others), in shapes the
  // editor writes and shapes it does not.
  const leafArb = fc.oneof(
    fc.constantFrom(...VARS).map(v),
    scalar,
    fc.constant(null),
    fc.array(scalar, { maxLength: 2 }),
  );
  const { logic: logicArb } = fc.letrec<{ logic: unknown }>((tie) => ({
    logic: fc.oneof(
      { depthSize: 'small' },
      leafArb,
      fc.record({ op: fc.constantFrom('==', '!=', '===', 'in', '>', '<=', 'missing'), args: fc.array(tie('logic'), { minLength: 1, maxLength: 3 }) }).map(({ op, args }) => ({ [op]: args })),
      fc.record({ op: fc.constantFrom('and', 'or'), args: fc.array(tie('logic'), { maxLength: 3 }) }).map(({ op, args }) => ({ [op]: args })),
      tie('logic').map((x) => ({ '!': [x] })),
      fc.tuple(fc.constantFrom(...VARS), fc.constantFrom('>', '>=', '<', '<='), fc.integer({ min: 0, max: 9 })).map(([name, symbol, n]) => guard(name, symbol, n)),
      fc.tuple(fc.constantFrom(...VARS), scalar).map(([name, value]) => ({ '==': [v(name), value] })),
    ),
  }));

  it('gives back any stored JSONLogic unchanged (property)', () => {
    fc.assert(
      fc.property(logicArb, (logic) => {
        fc.pre(logic !== null && logic !== '');
        expect(toLogic(fromLogic(logic))).toEqual(unwrapTop(logic));
      }),
      { numRuns: 3000 },
    );
  });

  /** What the editor shows, evaluated directly: rules on the data, "all of"/"any of", "not". */
  function shown(node: ConditionNode, data: Record<string, unknown>): boolean {
    if (node.kind === 'raw') return jsonLogic.truthy(jsonLogic.apply(node.logic as jsonLogic.RulesLogic, data));
    let result: boolean;
    if (node.kind === 'group') result = node.join === 'all' ? node.items.every((n) => shown(n, data)) : node.items.some((n) => shown(n, data));
    else {
      const answer = node.variable.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), data) ?? null;
      const answered = answer !== null && answer !== '';
      const value = node.value as Scalar;
      switch (node.op) {
        case 'eq':
          result = answer == value;
          break;
        case 'ne':
          result = answer != value;
          break;
        case 'in':
          result = (node.value as Scalar[]).includes(answer as Scalar);
          break;
        case 'picked':
          // JSONLogic's "in": membership of a list (a multiselect's answer), or part of a text.
          result = !!answer && typeof (answer as { indexOf?: unknown }).indexOf === 'function' && (answer as Scalar[]).indexOf(value) !== -1;
          break;
        case 'gt':
          result = answered && (answer as number) > (value as number);
          break;
        case 'gte':
          result = answered && (answer as number) >= (value as number);
          break;
        case 'lt':
          result = answered && (answer as number) < (value as number);
          break;
        default:
          result = answered && (answer as number) <= (value as number);
      }
    }
    return node.not ? !result : result;
  }

  it('writes JSONLogic that means what the editor shows (property)', () => {
    const answer = fc.oneof(fc.constant(null), fc.constant(''), scalar, fc.array(fc.oneof(fc.string({ maxLength: 2 }), fc.integer({ min: 0, max: 9 })), { maxLength: 3 }), fc.constantFrom('2025-12-31', '2026-03-01'));
    const dataArb = fc.record({ data: fc.record({ a: answer, b: answer, g: fc.record({ c: answer }) }), row: fc.record({ d: answer }) });
    fc.assert(
      fc.property(rootArb, dataArb, (root, data) => {
        const logic = toLogic(root);
        const expected = logic === null ? true : normalized(root).items.length === 0 ? true : shown(normalized(root), data);
        const actual = logic === null ? true : jsonLogic.truthy(jsonLogic.apply(logic as jsonLogic.RulesLogic, data));
        expect(actual).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

// ---------- fields, comparisons and the verdict ----------

const label = (en: string) => ({ km: `${en} (km)`, en });
const definition = (visibleWhen: unknown): Definition =>
  ({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    'x-kind': 'form',
    'x-title': label('Conditions'),
    'x-order': ['place', 'score', 'people', 'met', 'ticked', 'services', 'reason'],
    properties: {
      place: { type: 'string', enum: ['hc', 'school'], 'x-widget': 'radio', 'x-label': label('Place'), 'x-enum-labels': { hc: label('Health centre'), school: label('School') } },
      score: { type: 'integer', minimum: 1, maximum: 5, 'x-widget': 'faces', 'x-label': label('Score') },
      people: { type: 'integer', 'x-label': label('People') },
      met: { type: 'string', format: 'date', 'x-label': label('Met on') },
      ticked: { type: 'boolean', 'x-label': label('Done') },
      services: { type: 'array', items: { type: 'string', enum: ['water', 'road'] }, uniqueItems: true, 'x-label': label('Services'), 'x-enum-labels': { water: label('Water'), road: label('Road') } },
      reason: { type: 'string', 'x-label': label('Reason'), ...(visibleWhen === null ? {} : { 'x-visible-when': visibleWhen }) },
    },
    required: ['reason'],
    additionalProperties: false,
  }) as unknown as Definition;

describe('condition targets, comparisons and verdict', () => {
  const form: FormioForm = toFormio(definition(null), 'en');
  const at = { component: form.components.at(-1)!, siblings: form.components, index: form.components.length - 1, dataPath: 'reason' };
  const targets = targetsFor(form, at, 'en');

  it('offers comparisons that fit each field', () => {
    expect(targets.map((x) => [x.variable, x.kind, opsFor(x)])).toEqual([
      ['data.place', 'options', ['eq', 'ne', 'in']],
      ['data.score', 'options', ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in']],
      ['data.people', 'number', ['eq', 'ne', 'gt', 'gte', 'lt', 'lte']],
      ['data.met', 'date', ['eq', 'ne', 'gt', 'gte', 'lt', 'lte']],
      ['data.ticked', 'checkbox', ['eq']],
      ['data.services', 'multi', ['picked']],
    ]);
    expect(targets.map((x) => newRule(x).value)).toEqual(['hc', 1, '', '', true, 'water']);
    const root = group('any', [group('all', [rule('data.place', 'eq', 'hc'), rule('data.people', 'gt', 3)]), rule('data.services', 'picked', 'road', true)]);
    expect(describeCondition(root, targets, builderEn, 'en')).toBe('(«Place» equals Health centre and «People» is greater than 3) or not «Services» has picked Road');
    expect(describeCondition(group('all', [rule('data.met', 'lt', '2026-01-01'), rule('data.ticked', 'eq', false)]), targets, builderEn, 'en')).toBe('«Met on» is before 2026-01-01 and «Done» is not ticked (no)');
  });

  beforeAll(() => void vi.spyOn(console, 'error').mockImplementation(() => undefined));
  afterAll(() => vi.restoreAllMocks());

  it('reaches the same verdict in Form.io and on the server for built conditions (property)', () => {
    const ruleFor = fc.oneof(
      fc.record({ op: fc.constantFrom('eq' as const, 'ne' as const), value: fc.constantFrom('hc', 'school') }).map(({ op, value }) => rule('data.place', op, value)),
      fc.record({ op: fc.constantFrom('gt' as const, 'gte' as const, 'lt' as const, 'lte' as const, 'eq' as const), value: fc.integer({ min: 1, max: 5 }) }).map(({ op, value }) => rule('data.score', op, value)),
      fc.constantFrom<Scalar[]>(['hc'], ['school', 'hc']).map((value) => rule('data.place', 'in', value)),
      fc.record({ op: fc.constantFrom('gt' as const, 'lte' as const, 'ne' as const), value: fc.integer({ min: 0, max: 10 }) }).map(({ op, value }) => rule('data.people', op, value)),
      fc.record({ op: fc.constantFrom('gt' as const, 'lt' as const, 'eq' as const), value: fc.constantFrom('2026-03-01', '2026-06-15') }).map(({ op, value }) => rule('data.met', op, value)),
      fc.boolean().map((value) => rule('data.ticked', 'eq', value)),
      fc.constantFrom('water', 'road').map((value) => rule('data.services', 'picked', value)),
    );
    const negatable = fc.tuple(ruleFor, fc.boolean()).map(([r, not]) => ({ ...r, not }));
    const inner = fc.record({ kind: fc.constant('group' as const), join: fc.constantFrom('all' as const, 'any' as const), not: fc.boolean(), items: fc.array(negatable, { minLength: 1, maxLength: 3 }) });
    const root = fc.record({ kind: fc.constant('group' as const), join: fc.constantFrom('all' as const, 'any' as const), not: fc.boolean(), items: fc.array(fc.oneof(negatable, inner), { minLength: 1, maxLength: 3 }) });
    const data = fc.record(
      {
        place: fc.constantFrom('hc', 'school'),
        score: fc.integer({ min: 1, max: 5 }),
        people: fc.integer({ min: 0, max: 10 }),
        met: fc.constantFrom('2026-01-10', '2026-03-01', '2026-09-30'),
        ticked: fc.boolean(),
        services: fc.subarray(['water', 'road']),
        reason: fc.constantFrom('', 'muddy'),
      },
      { requiredKeys: ['ticked', 'services', 'reason'] },
    );
    const tally = { shown: 0, hidden: 0 };
    fc.assert(
      fc.property(root, data, (tree, answers) => {
        const def = definition(fromFormioLogic(toLogic(tree)));
        const server = validate(def, answers);
        const browser = formioErrors(toFormio(def, 'en'), answers);
        expect(browser.length === 0, `${JSON.stringify(toLogic(tree))} on ${JSON.stringify(answers)}: server ${JSON.stringify(server.errors)}, Form.io ${JSON.stringify(browser)}`).toBe(server.errors.length === 0);
        tally['reason' in (server.data as object) || server.errors.length ? 'shown' : 'hidden']++;
      }),
      { numRuns: 600 },
    );
    expect(tally.shown).toBeGreaterThan(50);
    expect(tally.hidden).toBeGreaterThan(50);
  });
});
