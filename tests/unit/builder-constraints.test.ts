// The builder's rules and formats (web/lib/builder/constraints.ts, patterns.ts): a point-and-click
// rule is the JSONLogic the engine reads (both ways, for every operator, field or value), its
// prefilled message is in Khmer and English, renaming a field follows into the rules, and what the
// builder writes into Form.io JSON comes out of fromFormio as `x-constraints` / `pattern` with the
// verdicts it means, on the server and in @formio/core alike.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fromFormio, toFormio, validate, type Definition, type FormioComponent, type FormioForm } from '../../form-engine/index';
import { formioErrors } from './form-engine/support/formio-verdict';

vi.mock('$engine', () => import('../../form-engine/index'));
vi.mock('$engine/patterns/reasons', () => import('../../form-engine/patterns/reasons'));
vi.mock('$lib/i18n', () => import('../../web/lib/i18n/index'));
// Loaded by path so the Node type check (which has no $engine alias) does not compile the web modules.
const webConstraints = '../../web/lib/builder/constraints';
const webPatterns = '../../web/lib/builder/patterns';
const webModel = '../../web/lib/builder/form-model';
type Other = { field: string } | { value: string };
type Simple = { op: string; other: Other };
const C = (await import(/* @vite-ignore */ webConstraints)) as {
  RULE_OPS: readonly string[];
  toRule: (self: string, op: string, other: Other, kind: 'number' | 'date') => unknown;
  fromRule: (rule: unknown, self: string) => Simple | null;
  ruleTargets: (form: FormioForm, at: unknown, lang: 'en' | 'km') => Array<{ name: string; label: { km: string; en: string } }>;
  selfName: (at: unknown) => string;
  setStoredRules: (c: FormioComponent, rules: Array<{ rule: unknown; message: { km: string; en: string } }>) => void;
  editableRules: (c: FormioComponent, self: string) => Array<{ simple: Simple | null; message: { km: string; en: string } }>;
  defaultMessage: (kind: 'number' | 'date', op: string, other: { km: string; en: string }) => { km: string; en: string };
  isDefaultMessage: (kind: 'number' | 'date', message: { km: string; en: string }) => boolean;
  renameRuleVars: (form: FormioForm, from: string, to: string) => void;
};
const P = (await import(/* @vite-ignore */ webPatterns)) as {
  PATTERN_PRESETS: ReadonlyArray<{ id: string; pattern: string; label: { km: string; en: string } }>;
  presetOf: (pattern: string) => string;
  patternReason: (pattern: string) => { km: string; en: string } | null;
  setPattern: (c: FormioComponent, pattern: string) => boolean;
};
const { locate } = (await import(/* @vite-ignore */ webModel)) as { locate: (form: FormioForm, key: string) => unknown };

const label = (en: string, km: string) => ({ en, km });
const definition: Definition = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  'x-kind': 'form',
  'x-title': { km: 'កិច្ចប្រជុំ', en: 'Meeting' },
  'x-order': ['name', 'phone', 'total', 'female', 'start', 'end', 'actions'],
  properties: {
    name: { type: 'string', 'x-label': label('Name', 'ឈ្មោះ') },
    phone: { type: 'string', 'x-label': label('Phone', 'ទូរស័ព្ទ') },
    total: { type: 'integer', 'x-label': label('Total', 'សរុប') },
    female: { type: 'integer', 'x-label': label('Women', 'ស្ត្រី') },
    start: { type: 'string', format: 'date', 'x-label': label('Start', 'ចាប់ផ្តើម') },
    end: { type: 'string', format: 'date', 'x-label': label('End', 'បញ្ចប់') },
    actions: { type: 'array', 'x-label': label('Actions', 'សកម្មភាព'), items: { type: 'object', 'x-order': ['planned', 'done'], properties: { planned: { type: 'integer', 'x-label': label('Planned', 'គ្រោង') }, done: { type: 'integer', 'x-label': label('Done', 'រួច') } } } },
  },
  additionalProperties: false,
};

describe('builder rules ↔ JSONLogic', () => {
  it('reads back every rule it writes, against a field or a value', () => {
    for (const op of C.RULE_OPS) {
      for (const other of [{ field: 'total' }, { value: '12' }] as Other[]) {
        expect(C.fromRule(C.toRule('female', op, other, 'number'), 'female')).toEqual({ op, other });
      }
      expect(C.fromRule(C.toRule('row.done', op, { field: 'row.planned' }, 'number'), 'row.done')).toEqual({ op, other: { field: 'row.planned' } });
      expect(C.fromRule(C.toRule('end', op, { value: '2026-01-01' }, 'date'), 'end')).toEqual({ op, other: { value: '2026-01-01' } });
    }
  });

  it('writes the guarded comparison, numbers as numbers', () => {
    expect(C.toRule('female', 'le', { field: 'total' }, 'number')).toEqual({ or: [{ missing: ['female', 'total'] }, { '<=': [{ var: 'female' }, { var: 'total' }] }] });
    expect(C.toRule('age', 'ge', { value: '15' }, 'number')).toEqual({ or: [{ missing: ['age'] }, { '>=': [{ var: 'age' }, 15] }] });
    expect(C.toRule('end', 'gt', { value: '2026-01-01' }, 'date')).toEqual({ or: [{ missing: ['end'] }, { '>': [{ var: 'end' }, '2026-01-01'] }] });
  });

  it('shows rules written elsewhere as such (null), never as something they are not', () => {
    expect(C.fromRule({ '<=': [{ var: 'female' }, { var: 'total' }] }, 'female')).toBeNull();
    expect(C.fromRule(C.toRule('female', 'le', { field: 'total' }, 'number'), 'male')).toBeNull();
    expect(C.fromRule({ or: [{ missing: ['female'] }, { '<=': [{ var: 'female' }, { var: 'total' }] }] }, 'female')).toBeNull();
  });

  it('prefills messages in Khmer and English and knows them again', () => {
    const m = C.defaultMessage('number', 'le', label('Total', 'សរុប'));
    expect(m).toEqual({ en: 'Must be at most Total', km: 'ត្រូវតែមិនលើសពី សរុប' });
    expect(C.defaultMessage('date', 'ge', label('Start', 'ចាប់ផ្តើម'))).toEqual({ en: 'Must be on or after Start', km: 'ត្រូវតែនៅថ្ងៃ ឬក្រោយថ្ងៃ ចាប់ផ្តើម' });
    expect(C.isDefaultMessage('number', m)).toBe(true);
    expect(C.isDefaultMessage('number', { en: 'Women cannot be more than the total', km: 'ស្ត្រីមិនអាចលើសសរុប' })).toBe(false);
  });

  it('offers fields of the same kind: root ones, and the same row inside a repeat', () => {
    const form = toFormio(definition, 'en');
    expect(C.ruleTargets(form, locate(form, 'female'), 'en').map((x) => x.name)).toEqual(['total']);
    expect(C.ruleTargets(form, locate(form, 'end'), 'en').map((x) => x.name)).toEqual(['start']);
    const done = locate(form, 'done');
    expect(C.selfName(done)).toBe('row.done');
    expect(C.ruleTargets(form, done, 'en').map((x) => x.name)).toEqual(['total', 'female', 'row.planned']);
  });
});

describe('what the builder writes is what the form does', () => {
  beforeAll(() => void vi.spyOn(console, 'error').mockImplementation(() => undefined));
  afterAll(() => vi.restoreAllMocks());

  function built(): { form: FormioForm; def: Definition } {
    const form = toFormio(definition, 'km');
    const female = (locate(form, 'female') as { component: FormioComponent }).component;
    C.setStoredRules(female, [{ rule: C.toRule('female', 'le', { field: 'total' }, 'number'), message: C.defaultMessage('number', 'le', label('Total', 'សរុប')) }]);
    const done = (locate(form, 'done') as { component: FormioComponent }).component;
    C.setStoredRules(done, [{ rule: C.toRule('row.done', 'le', { field: 'row.planned' }, 'number'), message: { km: 'លើសគម្រោង', en: 'More than planned' } }]);
    const phone = (locate(form, 'phone') as { component: FormioComponent }).component;
    expect(P.setPattern(phone, P.PATTERN_PRESETS.find((p) => p.id === 'phone')!.pattern)).toBe(true);
    return { form, def: fromFormio(form) };
  }

  it('"women ≤ total": the server refuses 12 of 10 with the Khmer message and keyword, accepts 8', () => {
    const { def } = built();
    expect(validate(def, { total: 10, female: 12 }).errors).toEqual([{ path: 'female', keyword: 'x-constraint', message: { en: 'Must be at most Total', km: 'ត្រូវតែមិនលើសពី សរុប' } }]);
    expect(validate(def, { total: 10, female: 8 }).errors).toEqual([]);
    expect(validate(def, { actions: [{ planned: 2, done: 3 }] }).errors.map((e) => e.path)).toEqual(['actions.0.done']);
  });

  it('Form.io, rendered from the saved definition in Khmer, refuses the same answers with the Khmer message', () => {
    const form = toFormio(built().def, 'km');
    expect(formioErrors(form, { total: 10, female: 12, actions: [] })).toEqual([{ path: 'female', message: 'ត្រូវតែមិនលើសពី សរុប' }]);
    expect(formioErrors(form, { total: 10, female: 8, actions: [] })).toEqual([]);
    expect(formioErrors(form, { phone: '12345', actions: [] }).map((e) => e.path)).toEqual(['phone']);
  });

  it('the editor reads back what it wrote', () => {
    const { form } = built();
    const female = (locate(form, 'female') as { component: FormioComponent }).component;
    expect(C.editableRules(female, 'female')).toEqual([{ simple: { op: 'le', other: { field: 'total' } }, message: { en: 'Must be at most Total', km: 'ត្រូវតែមិនលើសពី សរុប' }, stored: expect.anything() }]);
  });

  it('renaming a field follows into every rule that reads it', () => {
    const { form } = built();
    (locate(form, 'total') as { component: FormioComponent }).component.key = 'people_total';
    (locate(form, 'planned') as { component: FormioComponent }).component.key = 'target';
    C.renameRuleVars(form, 'total', 'people_total');
    C.renameRuleVars(form, 'row.planned', 'row.target');
    const def = fromFormio(form);
    expect(def.properties.female!['x-constraints']![0]!.rule).toEqual({ or: [{ missing: ['female', 'people_total'] }, { '<=': [{ var: 'female' }, { var: 'people_total' }] }] });
    const done = (def.properties.actions!.items as { properties: Record<string, Definition['properties'][string]> }).properties.done!;
    expect(done['x-constraints']![0]!.rule).toEqual({ or: [{ missing: ['row.done', 'row.target'] }, { '<=': [{ var: 'row.done' }, { var: 'row.target' }] }] });
  });
});

describe('builder patterns', () => {
  it('every preset is a pattern the engine accepts, and means what its name says', () => {
    const examples: Record<string, [string[], string[]]> = {
      phone: [['012345678', '0971234567', '+85512345678'], ['12345678', '+8551234', '01234567a', '0012345678']],
      digits: [['0', '2026'], ['', '12a', '١٢']],
      letters: [['សុខ ជា', 'Sok Chea', 'ស្រុក'], ['Sok1', 'a-b']],
      code: [['KH-0012', 'A1'], ['-KH', 'KH 12', '']],
    };
    for (const preset of P.PATTERN_PRESETS) {
      expect(P.patternReason(preset.pattern)).toBeNull();
      expect(P.presetOf(preset.pattern)).toBe(preset.id);
      const def: Definition = { ...definition, 'x-order': ['name'], properties: { name: { ...definition.properties.name!, pattern: preset.pattern } } };
      const [good, bad] = examples[preset.id]!;
      for (const v of good) expect(validate(def, { name: v }).errors, `${preset.id} ${v}`).toEqual([]);
      for (const v of bad.filter(Boolean)) expect(validate(def, { name: v }).errors.map((e) => e.keyword), `${preset.id} ${v}`).toEqual(['pattern']);
    }
  });

  it('refuses a pattern the engine cannot read, with its reason in Khmer and English, and writes nothing', () => {
    expect(P.patternReason('(a')).toEqual({ en: 'missing ")" (at character 1)', km: 'ខ្វះ ")" (តួអក្សរទី 1)' });
    expect(P.patternReason('^(a)\\1$')?.km).toMatch(/backreference/);
    const form = toFormio(definition, 'en');
    const name = (locate(form, 'name') as { component: FormioComponent }).component;
    expect(P.setPattern(name, '(a')).toBe(false);
    expect(name.properties?.pattern).toBeUndefined();
    expect(P.setPattern(name, '^[A-Z]{2}$')).toBe(true);
    expect(fromFormio(form).properties.name!.pattern).toBe('^[A-Z]{2}$');
    expect(P.presetOf('^[A-Z]{2}$')).toBe('custom');
    expect(P.setPattern(name, '')).toBe(true);
    expect(fromFormio(form).properties.name!.pattern).toBeUndefined();
  });
});
