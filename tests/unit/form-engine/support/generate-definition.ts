// Seeded random definitions covering every widget, nesting, repeats, conditions, calculations and
// sections. Conditions and calculations only read earlier, unconditional fields, as authors do.
import type { Definition, FieldSchema, JsonLogic, LocalizedText, Widget } from '../../../../form-engine/index';
import type { Random } from './random';
import { withConstraints } from './generate-constraints';

const WORDS_EN = ['Village', 'Score', 'Teacher', 'Water', 'Road', 'Clinic', 'Budget', 'Notes', 'Women', 'Youth'];
const WORDS_KM = ['ភូមិ', 'ពិន្ទុ', 'គ្រូ', 'ទឹក', 'ផ្លូវ', 'មណ្ឌលសុខភាព', 'ថវិកា', 'កំណត់សម្គាល់', 'ស្ត្រី', 'យុវជន'];
export const PATTERNS: Record<string, (r: Random) => string> = {
  '^[0-9]{6}$': (r) => String(r.int(100000, 999999)),
  '^[A-Z]{2}-[0-9]+$': (r) => `${r.pick(['KH', 'PP', 'SR'])}-${r.int(1, 999)}`,
  'abc': (r) => `${r.pick(['', 'x', 'yy'])}abc${r.pick(['', 'z'])}`,
  // Read with the `u` flag on every side (formio.js alone builds its RegExp without flags).
  '^\\p{Letter}+$': (r) => r.pick(['Hello', 'Sokha', 'Écoles', '𝐀𝐁𝐂', 'Ωmega']),
  '^[\\p{Script=Khmer} ]+$': (r) => r.pick(['ស្រុក', 'ឃុំ ភូមិ', 'សាលារៀន']),
  '^.{1,3}$': (r) => r.pick(['😀😀', 'ab', 'ក្ក', '𝐀']),
};
export const GEO_DIGITS = { province: 2, district: 4, commune: 6, village: 8 } as const;

const LEAF_WIDGETS: Widget[] = ['text', 'textarea', 'number', 'faces', 'select', 'radio', 'multiselect', 'checkbox', 'date', 'geography'];

/** A field that conditions or calculations may read. */
interface Ref {
  path: string;
  field: FieldSchema;
  widget: Widget;
}

interface Scope {
  depth: number;
  inRepeat: boolean;
  prefix: string;
  refs: Ref[];
}

function text(r: Random, extra = false): LocalizedText {
  const i = r.int(0, WORDS_EN.length - 1);
  const label: LocalizedText = { km: `${WORDS_KM[i]} ${r.int(1, 99)}`, en: `${WORDS_EN[i]} ${r.int(1, 99)}` };
  if (extra) label.fr = `Champ ${r.int(1, 99)}`;
  return label;
}

function enumLabels(values: Array<string | number>, r: Random): Record<string, LocalizedText> {
  return Object.fromEntries(values.map((v) => [String(v), text(r)]));
}

function leaf(widget: Widget, r: Random): Omit<FieldSchema, 'x-label'> {
  switch (widget) {
    case 'text':
    case 'textarea': {
      const f: Partial<FieldSchema> = { type: 'string' };
      if (r.chance(0.3)) f.pattern = r.pick(Object.keys(PATTERNS));
      else {
        if (r.chance(0.4)) f.minLength = r.int(1, 3);
        if (r.chance(0.4)) f.maxLength = r.int(5, 20);
      }
      return f as FieldSchema;
    }
    case 'number': {
      const f: Partial<FieldSchema> = { type: r.pick(['number', 'integer'] as const) };
      if (r.chance(0.5)) f.minimum = r.int(-5, 5);
      if (r.chance(0.5)) f.maximum = r.int(10, 100);
      return f as FieldSchema;
    }
    case 'faces':
      return { type: 'integer', minimum: 1, maximum: 5 };
    case 'select':
    case 'radio': {
      const values = r.chance(0.5) ? ['yes', 'no', 'partly'].slice(0, r.int(1, 3)) : [1, 2, 3, 7].slice(0, r.int(1, 4));
      return { type: typeof values[0] === 'number' ? 'integer' : 'string', enum: values, 'x-enum-labels': enumLabels(values, r) };
    }
    case 'multiselect': {
      const values = ['water', 'roads', 'schools', 'health'].slice(0, r.int(2, 4));
      const f: Partial<FieldSchema> = { type: 'array', items: { type: 'string', enum: values }, uniqueItems: true, 'x-enum-labels': enumLabels(values, r) };
      if (r.chance(0.3)) f.minItems = 1;
      if (r.chance(0.3)) f.maxItems = 2;
      return f as FieldSchema;
    }
    case 'checkbox':
      return { type: 'boolean' };
    case 'date':
      return { type: 'string', format: 'date' };
    default: {
      const level = r.pick(['province', 'district', 'commune', 'village'] as const);
      const f: Partial<FieldSchema> = { type: 'string', 'x-geo-level': level };
      if (r.chance(0.8)) f.pattern = `^[0-9]{${GEO_DIGITS[level]}}$`;
      return f as FieldSchema;
    }
  }
}

/** A condition as the builder's groups make them: one rule, or all/any of two or three (a group nested, "not" on some). */
function combined(refs: Ref[], r: Random): JsonLogic {
  const rule = (): JsonLogic => (r.chance(0.2) ? { '!': [condition(r.pick(refs), r)] } : condition(r.pick(refs), r));
  if (r.chance(0.5)) return condition(r.pick(refs), r);
  const join = r.chance(0.5) ? 'and' : 'or';
  const items = [rule(), rule()];
  if (r.chance(0.4)) items.push({ [join === 'and' ? 'or' : 'and']: [rule(), rule()] });
  return r.chance(0.15) ? { '!': [{ [join]: items }] } : { [join]: items };
}

function condition(ref: Ref, r: Random): JsonLogic {
  const v = { var: ref.path };
  if (ref.widget === 'checkbox') return r.chance(0.5) ? { '==': [v, true] } : { '!': v };
  if (ref.field.enum) return { '==': [v, r.pick(ref.field.enum)] };
  if (ref.widget === 'number' || ref.widget === 'faces') return { '>': [v, r.int(0, 4)] };
  if (ref.widget === 'multiselect') return { in: ['water', v] };
  return { '!!': v };
}

function calculation(target: FieldSchema, refs: Ref[], r: Random): JsonLogic {
  const numbers = refs.filter((ref) => ref.widget === 'number' && (target.type === 'number' || ref.field.type === 'integer'));
  if (!numbers.length) return { '+': [r.int(0, 5), 1] };
  const a = r.pick(numbers);
  const b = r.pick(numbers);
  return r.chance(0.5) ? { '+': [{ var: a.path }, { var: b.path }] } : { '*': [{ var: a.path }, 2] };
}

function field(key: string, scope: Scope, r: Random): FieldSchema {
  const containers: Widget[] = scope.depth < 2 ? (scope.inRepeat ? [] : ['group', 'repeat']) : [];
  const widget = r.chance(0.15) && containers.length ? r.pick(containers) : r.pick(LEAF_WIDGETS);
  const base = { 'x-label': text(r, r.chance(0.1)) } as FieldSchema;
  if (r.chance(0.3)) base['x-help'] = text(r);
  const path = scope.inRepeat ? `row.${key}` : scope.prefix ? `${scope.prefix}.${key}` : key;
  const visible = scope.refs.length && r.chance(0.3) ? combined(scope.refs, r) : undefined;
  if (visible) base['x-visible-when'] = visible;
  let f: FieldSchema;
  if (widget === 'group' || widget === 'repeat') {
    const inner: Scope = { depth: scope.depth + 1, inRepeat: widget === 'repeat', prefix: widget === 'group' ? path : '', refs: widget === 'group' ? scope.refs : [] };
    const object = objectSchema(r.int(1, 4), inner, r);
    f = widget === 'group' ? { ...base, ...object, type: 'object' } : { ...base, type: 'array', items: object as FieldSchema['items'] };
    if (widget === 'repeat' && r.chance(0.4)) f.minItems = r.int(0, 1);
    if (widget === 'repeat' && r.chance(0.4)) f.maxItems = r.int(2, 4);
    if (widget === 'repeat' && r.chance(0.5)) f['x-widget'] = 'repeat';
    if (widget === 'group' && r.chance(0.5)) f['x-widget'] = 'group';
    return f;
  }
  f = { ...base, ...leaf(widget, r) } as FieldSchema;
  const defaulted = widget === 'text' || widget === 'number' || widget === 'checkbox' || widget === 'select' || widget === 'date' || widget === 'multiselect';
  if (!defaulted || r.chance(0.5)) f['x-widget'] = widget;
  if (widget === 'number' && !visible && r.chance(0.3)) f['x-calculate'] = calculation(f, scope.refs, r);
  if (!visible && !f['x-calculate'] && widget !== 'multiselect') scope.refs.push({ path, field: f, widget });
  return f;
}

function objectSchema(count: number, scope: Scope, r: Random): { type: 'object'; properties: Record<string, FieldSchema>; required?: string[]; 'x-order'?: string[]; additionalProperties?: false } {
  const keys = Array.from({ length: count }, (_, i) => `${r.pick(['f', 'q', 'item', 'n'])}${scope.depth}_${i}`);
  const fields = keys.map((key) => [key, field(key, scope, r)] as const);
  const ordered = r.chance(0.7);
  const properties = Object.fromEntries(ordered ? r.shuffle(fields) : fields);
  const object: ReturnType<typeof objectSchema> = { type: 'object', properties };
  const required = keys.filter(() => r.chance(0.5));
  if (required.length || r.chance(0.3)) object.required = r.shuffle(required);
  if (ordered || scope.depth === 0) object['x-order'] = keys;
  if (r.chance(0.6)) object.additionalProperties = false;
  return object;
}

export function generateDefinition(r: Random): Definition {
  const count = r.int(1, 7);
  const object = objectSchema(count, { depth: 0, inRepeat: false, prefix: '', refs: [] }, r);
  const order = object['x-order'] ?? Object.keys(object.properties);
  const definition: Definition = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    'x-kind': 'form',
    'x-title': text(r, r.chance(0.2)),
    properties: object.properties,
    additionalProperties: false,
  };
  if (r.chance(0.4)) definition['x-description'] = text(r);
  if (object.required) definition.required = object.required;
  if (r.chance(0.5)) {
    const cut = r.int(1, order.length);
    const parts = [order.slice(0, cut), order.slice(cut)].filter((p) => p.length);
    definition['x-sections'] = parts.map((fields, i) => ({ key: `section_${i}`, title: text(r), ...(r.chance(0.3) ? { help: text(r) } : {}), fields }));
    if (r.chance(0.3)) definition['x-order'] = order;
  } else if (order.length > 1 || r.chance(0.5)) {
    definition['x-order'] = order;
  }
  // Cross-field rules from their own random stream, so everything above is generated as before.
  return withConstraints(definition);
}
