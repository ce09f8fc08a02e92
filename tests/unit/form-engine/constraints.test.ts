// Cross-field rules (`x-constraints`): what a definition may say (allow-list, known fields, `row.`
// only in repeats, limits), the server's verdict (after calculations and visibility, on the cleaned
// data, keyword `x-constraint` at the field's own path with the officer's message, repeat rows),
// the Form.io mapping and its round trip, and XLSForm constraints across fields, both ways.
import { describe, expect, it } from 'vitest';
import { checkDefinition, fromFormio, fromXlsForm, LIMITS, toFormio, toXlsForm, validate, type Definition, type FieldSchema } from '../../../form-engine/index';
import { formioErrors } from './support/formio-verdict';
import { compare } from './support/constraint-cases';

const message = { km: 'ចំនួនស្ត្រីមិនអាចលើសចំនួនសរុប', en: 'Women cannot be more than the total' };
const int = (en: string, extra: Partial<FieldSchema> = {}): FieldSchema => ({ type: 'integer', 'x-label': { km: en, en }, ...extra }) as FieldSchema;

function form(properties: Record<string, FieldSchema>): Definition {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    'x-kind': 'form',
    'x-title': { km: 'ច្បាប់', en: 'Rules' },
    'x-order': Object.keys(properties),
    properties,
    additionalProperties: false,
  };
}

const femaleRule = { rule: compare('<=', 'female', 'total'), message };
const counts = form({ total: int('Total'), female: int('Female', { 'x-constraints': [femaleRule] }) });

const problems = (d: unknown) => checkDefinition(d).map((p) => `${p.code} ${p.path}`);

describe('x-constraints in a definition', () => {
  it('accepts rules on value fields reading other fields, and `row.` in repeats', () => {
    const d = form({
      total: int('Total'),
      people: { type: 'object', 'x-label': { km: 'ក', en: 'People' }, properties: { female: int('Female', { 'x-constraints': [{ rule: compare('<=', 'people.female', 'total'), message }] }) } },
      actions: { type: 'array', 'x-label': { km: 'ស', en: 'Actions' }, items: { type: 'object', properties: { planned: int('Planned'), done: int('Done', { 'x-constraints': [{ rule: compare('<=', 'row.done', 'row.planned'), message }, { rule: compare('<=', 'row.done', 'total'), message }] }) } } },
    });
    expect(checkDefinition(d)).toEqual([]);
  });

  it('refuses a rule reading a field the form does not have, at the rule', () => {
    const d = form({ total: int('Total'), female: int('Female', { 'x-constraints': [{ rule: compare('<=', 'female', 'totl'), message }] }) });
    expect(checkDefinition(d)).toEqual([
      { code: 'INVALID_DEFINITION', path: 'properties.female.x-constraints.0.rule', message: { en: 'The rule reads "totl", which is not a field of this form', km: 'ច្បាប់អាន "totl" ដែលមិនមែនជាវាលនៃទម្រង់នេះ' } },
    ]);
  });

  it('refuses `row.` outside a repeat, a row field of another row, and rules on a group or repeat', () => {
    expect(problems(form({ a: int('A', { 'x-constraints': [{ rule: { '>': [{ var: 'row.a' }, 0] }, message }] }) }))).toEqual(['INVALID_DEFINITION properties.a.x-constraints.0.rule']);
    const rows = form({
      actions: { type: 'array', 'x-label': { km: 'ស', en: 'Actions' }, items: { type: 'object', properties: { done: int('Done', { 'x-constraints': [{ rule: { '>': [{ var: 'actions.done' }, 0] }, message }] }) } } },
    });
    expect(problems(rows)).toEqual(['INVALID_DEFINITION properties.actions.items.properties.done.x-constraints.0.rule']);
    const group = form({ g: { type: 'object', 'x-label': { km: 'ក', en: 'G' }, properties: { a: int('A') }, 'x-constraints': [{ rule: { '!!': [true] }, message }] } });
    expect(problems(group)).toEqual(['INVALID_DEFINITION properties.g.x-constraints']);
  });

  it('refuses operations outside the allow-list and markup or templates in messages as UNSAFE', () => {
    const d = form({ a: int('A', { 'x-constraints': [{ rule: { log: [{ var: 'a' }] } as never, message: { km: '<b>x</b>', en: '{{ data.a }}' } }] }) });
    expect(problems(d)).toEqual([
      'UNSAFE_DEFINITION properties.a.x-constraints.0.rule.log',
      'UNSAFE_DEFINITION properties.a.x-constraints.0.message.km',
      'UNSAFE_DEFINITION properties.a.x-constraints.0.message.en',
    ]);
  });

  it('refuses malformed rules with the meta-schema, and more rules than the limit', () => {
    expect(problems(form({ a: int('A', { 'x-constraints': [{ rule: { '>': [1, 0] } }] as never }) }))).toEqual(['INVALID_DEFINITION properties.a.x-constraints.0.message']);
    expect(problems(form({ a: int('A', { 'x-constraints': [] }) }))).toEqual(['INVALID_DEFINITION properties.a.x-constraints']);
    const many = Array.from({ length: LIMITS.constraints + 1 }, () => ({ rule: { '>=': [{ var: 'a' }, 0] }, message }));
    expect(problems(form({ a: int('A', { 'x-constraints': many }) }))).toEqual(['INVALID_DEFINITION properties.a.x-constraints']);
    let deep: unknown = { var: 'a' };
    for (let i = 0; i < LIMITS.logicDepth + 1; i++) deep = { '!': [deep] };
    expect(problems(form({ a: int('A', { 'x-constraints': [{ rule: deep as never, message }] }) }))).toEqual(['INVALID_DEFINITION properties.a.x-constraints.0.rule']);
  });
});

describe('x-constraints verdict', () => {
  it('refuses 12 women of 10 at the field with the officer\'s message, accepts 8 and stores it', () => {
    expect(validate(counts, { total: 10, female: 12 }).errors).toEqual([{ path: 'female', keyword: 'x-constraint', message }]);
    expect(validate(counts, { total: 10, female: 8 })).toEqual({ errors: [], data: { total: 10, female: 8 } });
  });

  it('checks each repeat row with row. references, at the row\'s path', () => {
    const d = form({
      actions: { type: 'array', 'x-label': { km: 'ស', en: 'Actions' }, items: { type: 'object', properties: { planned: int('Planned'), done: int('Done', { 'x-constraints': [{ rule: compare('<=', 'row.done', 'row.planned'), message }] }) } } },
    });
    const errors = validate(d, { actions: [{ planned: 3, done: 2 }, { planned: 1, done: 4 }, { planned: 2, done: 5 }] }).errors;
    expect(errors.map((e) => `${e.path}:${e.keyword}`)).toEqual(['actions.1.done:x-constraint', 'actions.2.done:x-constraint']);
  });

  it('runs after calculations and visibility: a hidden field\'s rule does not run, a rule reading a hidden field sees no answer', () => {
    const d = form({
      show: { type: 'boolean', 'x-label': { km: 'ប', en: 'Show' } },
      total: int('Total', { 'x-visible-when': { '==': [{ var: 'show' }, true] } }),
      female: int('Female', { 'x-constraints': [femaleRule] }),
      doubled: int('Doubled', { 'x-calculate': { '*': [{ var: 'female' }, 2] }, 'x-constraints': [{ rule: { '<=': [{ var: 'doubled' }, 10] }, message }] }),
    });
    // total is hidden (removed), so "female ≤ total" holds; doubled is computed (14), so its rule fails
    expect(validate(d, { show: false, total: 3, female: 7, doubled: 0 }).errors.map((e) => e.path)).toEqual(['doubled']);
    expect(validate(d, { show: true, total: 3, female: 7 }).errors.map((e) => e.path)).toEqual(['doubled', 'female']);
  });

  it('a rule may require an answer ("if done, the completion date is required")', () => {
    const d = form({
      status: { type: 'string', enum: ['open', 'done'], 'x-widget': 'radio', 'x-enum-labels': { open: { km: 'បើក', en: 'Open' }, done: { km: 'រួច', en: 'Done' } }, 'x-label': { km: 'ស្ថានភាព', en: 'Status' } },
      completed: { type: 'string', format: 'date', 'x-label': { km: 'ថ្ងៃបញ្ចប់', en: 'Completed' }, 'x-constraints': [{ rule: { or: [{ '!=': [{ var: 'status' }, 'done'] }, { '!': { missing: ['completed'] } }] }, message }] },
    });
    expect(validate(d, { status: 'done' }).errors.map((e) => `${e.path}:${e.keyword}`)).toEqual(['completed:x-constraint']);
    expect(validate(d, { status: 'done', completed: '' }).errors.map((e) => e.path)).toEqual(['completed']); // '' is no answer
    expect(validate(d, { status: 'done', completed: '2026-12-01' }).errors).toEqual([]);
    expect(validate(d, { status: 'open' }).errors).toEqual([]);
  });

  it('Form.io gets validate.json giving true or the message in its language, and refuses the same answers', () => {
    const km = toFormio(counts, 'km');
    const female = km.components.find((c) => c.key === 'female')!;
    expect(female.validate?.json).toEqual({ if: [{ or: [{ missing: ['data.female', 'data.total'] }, { '<=': [{ var: 'data.female' }, { var: 'data.total' }] }] }, true, message.km] });
    expect(formioErrors(km, { total: 10, female: 12 })).toEqual([{ path: 'female', message: message.km }]);
    expect(formioErrors(toFormio(counts, 'en'), { total: 10, female: 12 })).toEqual([{ path: 'female', message: message.en }]);
    expect(formioErrors(km, { total: 10, female: 8 })).toEqual([]);
  });

  it('round-trips through Form.io JSON with both languages of every message', () => {
    const two = form({ total: int('Total'), female: int('Female', { 'x-constraints': [femaleRule, { rule: compare('>=', 'female', 0), message: { km: 'មិនអាចអវិជ្ជមាន', en: 'Cannot be negative' } }] }) });
    expect(fromFormio(toFormio(two, 'km'))).toEqual(two);
    expect(fromFormio(toFormio(two, 'en'))).toEqual(two);
  });

  it('refuses Form.io JSON whose rules are not JSON, at the field', () => {
    const f = toFormio(counts, 'en');
    f.components[1]!.properties!.constraints = '{not json';
    expect(() => fromFormio(f)).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ code: 'INVALID_DEFINITION', path: 'properties.female.x-constraints' })] }));
  });
});

describe('XLSForm constraints across fields', () => {
  const row = (n: number, cells: Record<string, string>) => ({ row: n, cells });
  const imported = fromXlsForm({
    survey: [
      row(2, { type: 'integer', name: 'total', 'label::english (en)': 'Total', 'label::khmer (km)': 'សរុប' }),
      row(3, { type: 'integer', name: 'female', 'label::english (en)': 'Women', 'label::khmer (km)': 'ស្ត្រី', constraint: '. <= ${total}', 'constraint_message::english (en)': message.en, 'constraint_message::khmer (km)': message.km }),
      row(4, { type: 'begin_repeat', name: 'actions', 'label::english (en)': 'Actions', 'label::khmer (km)': 'សកម្មភាព' }),
      row(5, { type: 'date', name: 'start', 'label::english (en)': 'Start', 'label::khmer (km)': 'ចាប់ផ្តើម' }),
      row(6, { type: 'date', name: 'end', 'label::english (en)': 'End', 'label::khmer (km)': 'បញ្ចប់', constraint: ". >= ${start} or ${start} = ''" }),
      row(7, { type: 'end_repeat' }),
    ],
    choices: [],
    settings: [row(2, { form_id: 'rules', form_title: 'Rules' })],
  });
  const def = imported.definition as Definition;

  it('imports them as rules with the constraint_message in Khmer and English, holding while unanswered', () => {
    expect(checkDefinition(def)).toEqual([]);
    expect(def.properties.female!['x-constraints']).toEqual([{ rule: { or: [{ missing: ['female'] }, { '<=': [{ var: 'female' }, { var: 'total' }] }] }, message }]);
    const end = (def.properties.actions!.items as { properties: Record<string, FieldSchema> }).properties.end!;
    expect(end['x-constraints']![0]!.rule).toEqual({ or: [{ missing: ['row.end'] }, { or: [{ '>=': [{ var: 'row.end' }, { var: 'row.start' }] }, { missing: ['row.start'] }] }] });
    // No constraint_message: a general message, and the officer is told so.
    expect(imported.issues.map((i) => `${i.row}:${i.column}:${i.code}`)).toContain('6:constraint:XLSFORM_CHANGED');
    expect(validate(def, { total: 10, female: 12 }).errors).toEqual([{ path: 'female', keyword: 'x-constraint', message }]);
    expect(validate(def, { total: 10, female: 8, actions: [{ end: '2026-01-01' }, { start: '2026-02-01', end: '2026-01-01' }] }).errors.map((e) => e.path)).toEqual(['actions.1.end']);
  });

  it('exports them back as constraint and constraint_message, and the export imports to the same verdicts', () => {
    const out = toXlsForm(def, { key: 'rules', version: 1 });
    expect(out.survey.columns).toEqual(expect.arrayContaining(['constraint', 'constraint_message::Khmer (km)', 'constraint_message::English (en)']));
    const female = out.survey.rows.find((r) => r.name === 'female')!;
    expect(female).toMatchObject({ constraint: '(${female} <= ${total})', 'constraint_message::Khmer (km)': message.km, 'constraint_message::English (en)': message.en });
    expect(out.survey.rows.find((r) => r.name === 'end')!.constraint).toBe("((${end} >= ${start}) or (${start} = ''))");
    const lower = (cells: Record<string, string>) => Object.fromEntries(Object.entries(cells).map(([k, v]) => [k.toLowerCase(), v]));
    const back = fromXlsForm({ survey: out.survey.rows.map((cells, i) => row(i + 2, lower(cells))), choices: [], settings: out.settings.rows.map((cells, i) => row(i + 2, lower(cells))) }).definition as Definition;
    expect(back.properties.female!['x-constraints']).toEqual(def.properties.female!['x-constraints']);
    for (const data of [{ total: 10, female: 12 }, { total: 10, female: 8 }, { female: 3 }, { actions: [{ start: '2026-02-01', end: '2026-01-01' }, { end: '2026-01-01' }] }]) {
      expect(validate(back, data).errors).toEqual(validate(def, data).errors);
    }
  });

  it('writes the builder\'s rule without its guard on the field itself', () => {
    const out = toXlsForm(counts, { key: 'counts', version: 1 });
    expect(out.survey.rows.find((r) => r.name === 'female')!.constraint).toBe("((${total} = '') or (${female} <= ${total}))");
  });
});

describe('shipped forms with counts by group', () => {
  it.each(['ssa-commune', 'ssa-primary-school'])('%s v2 refuses more women (or youth, …) than the total, v1 is unchanged', async (key) => {
    const { shippedDefinitions } = await import('../../../definitions/index');
    const v1 = shippedDefinitions.find((d) => d.key === key && d.version === 1)!.schema as Definition;
    const v2 = shippedDefinitions.find((d) => d.key === key && d.version === 2)!.schema as Definition;
    const people = { total: 10, female: 12, youth: 3, disability: 11, ethnic_minority: 0, id_poor: 10 };
    const ruled = (d: Definition) => validate(d, { participants: people }).errors.filter((e) => e.keyword === 'x-constraint').map((e) => e.path);
    expect(ruled(v2)).toEqual(['participants.disability', 'participants.female']);
    expect(ruled(v1)).toEqual([]);
    expect(validate(v2, { participants: { ...people, female: 8, disability: 1 } }).errors.filter((e) => e.keyword === 'x-constraint')).toEqual([]);
  });
});
