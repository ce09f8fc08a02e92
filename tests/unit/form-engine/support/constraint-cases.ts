// Why: cross-field rules (`x-constraints`) are judged by formio.js from `validate.json` and by the
// server from the cleaned data; these cases state the agreed verdict for each kind of rule (numbers,
// dates, "required when", inside repeat rows, on hidden fields, after calculations, unanswered
// sides). Used by the headless and the Chromium verdict tests (through verdict-classes.ts).
import type { Definition, FieldSchema, JsonLogic } from '../../../../form-engine/index';
import type { VerdictCase } from './verdict-classes';

const label = (en: string): FieldSchema['x-label'] => ({ km: `វាល ${en}`, en });
const message = { km: 'ចម្លើយនេះមិនស្របនឹងចម្លើយផ្សេង', en: 'This answer does not agree with another one' };

function form(properties: Record<string, FieldSchema>, required: string[] = []): Definition {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    'x-kind': 'form',
    'x-title': { km: 'ច្បាប់', en: 'Rules' },
    'x-order': Object.keys(properties),
    properties,
    ...(required.length ? { required } : {}),
    additionalProperties: false,
  };
}

/** "a <op> b", holding when either side is unanswered (as the builder writes it). */
export function compare(op: string, a: string, b: string | number): JsonLogic {
  const right = typeof b === 'string' ? { var: b } : b;
  const names = typeof b === 'string' ? [a, b] : [a];
  return { or: [{ missing: names }, { [op]: [{ var: a }, right] }] };
}

const int = (en: string, extra: Partial<FieldSchema> = {}): FieldSchema => ({ type: 'integer', 'x-widget': 'number', 'x-label': label(en), ...extra }) as FieldSchema;
const date = (en: string, extra: Partial<FieldSchema> = {}): FieldSchema => ({ type: 'string', format: 'date', 'x-widget': 'date', 'x-label': label(en), ...extra }) as FieldSchema;

const counts = form({ total: int('Total'), female: int('Female', { 'x-constraints': [{ rule: compare('<=', 'female', 'total'), message }] }) });
const dates = form({ start: date('Start'), end: date('End', { 'x-constraints': [{ rule: compare('>=', 'end', 'start'), message }] }) });
const status = form({
  status: { type: 'string', 'x-widget': 'select', enum: ['open', 'done'], 'x-enum-labels': { open: label('Open'), done: label('Done') }, 'x-label': label('Status') },
  completed: date('Completed', { 'x-constraints': [{ rule: { or: [{ '!=': [{ var: 'status' }, 'done'] }, { '!': { missing: ['completed'] } }] }, message }] }),
});
const rows = form({
  actions: {
    type: 'array',
    'x-widget': 'repeat',
    'x-label': label('Actions'),
    items: {
      type: 'object',
      'x-order': ['planned', 'done'],
      properties: { planned: int('Planned'), done: int('Done', { 'x-constraints': [{ rule: compare('<=', 'row.done', 'row.planned'), message }] }) },
    },
  },
});
const hidden = form({
  total: int('Total'),
  show: { type: 'boolean', 'x-widget': 'checkbox', 'x-label': label('Show') },
  female: int('Female', { 'x-visible-when': { '==': [{ var: 'show' }, true] }, 'x-constraints': [{ rule: compare('<=', 'female', 'total'), message }] }),
});
const calculated = form({
  female: int('Female'),
  male: int('Male'),
  total: int('Total', { 'x-calculate': { '+': [{ var: 'female' }, { var: 'male' }] }, 'x-constraints': [{ rule: compare('<=', 'total', 100), message }] }),
});
const value = form({ age: int('Age', { 'x-constraints': [{ rule: compare('>=', 'age', 15), message }, { rule: compare('<=', 'age', 120), message }] }) });

export const constraintCases: VerdictCase[] = [
  { name: 'rule: female 12 > total 10 is refused', definition: counts, data: { total: 10, female: 12 }, valid: false },
  { name: 'rule: female 8 ≤ total 10 is accepted', definition: counts, data: { total: 10, female: 8 }, valid: true },
  { name: 'rule: female = total is accepted', definition: counts, data: { total: 10, female: 10 }, valid: true },
  { name: 'rule: female 0 with total 0 is accepted', definition: counts, data: { total: 0, female: 0 }, valid: true },
  { name: 'rule: female 1 with total 0 is refused (0 is an answer)', definition: counts, data: { total: 0, female: 1 }, valid: false },
  { name: 'rule: an unanswered total leaves female free', definition: counts, data: { female: 12 }, valid: true },
  { name: 'rule: end before start is refused', definition: dates, data: { start: '2026-03-10', end: '2026-03-01' }, valid: false },
  { name: 'rule: end on start is accepted', definition: dates, data: { start: '2026-03-10', end: '2026-03-10' }, valid: true },
  { name: 'rule: end after start is accepted', definition: dates, data: { start: '2026-03-10', end: '2026-04-01' }, valid: true },
  { name: 'rule: done needs a completion date', definition: status, data: { status: 'done' }, valid: false },
  { name: 'rule: done with a completion date is accepted', definition: status, data: { status: 'done', completed: '2026-03-01' }, valid: true },
  { name: 'rule: open needs no completion date', definition: status, data: { status: 'open' }, valid: true },
  { name: 'rule: a row with done > planned is refused', definition: rows, data: { actions: [{ planned: 3, done: 2 }, { planned: 1, done: 4 }] }, valid: false },
  { name: 'rule: rows with done ≤ planned are accepted', definition: rows, data: { actions: [{ planned: 3, done: 2 }, { planned: 4, done: 4 }] }, valid: true },
  { name: 'rule: a hidden field is not checked', definition: hidden, data: { total: 10, show: false, female: 12 }, valid: true },
  { name: 'rule: a shown field is checked', definition: hidden, data: { total: 10, show: true, female: 12 }, valid: false },
  { name: 'rule: checks the calculated value', definition: calculated, data: { female: 60, male: 50 }, valid: false },
  { name: 'rule: a calculated value within the rule', definition: calculated, data: { female: 40, male: 50 }, valid: true },
  { name: 'rule: the second of two rules refuses', definition: value, data: { age: 130 }, valid: false },
  { name: 'rule: both of two rules hold', definition: value, data: { age: 30 }, valid: true },
];
