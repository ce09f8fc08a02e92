// Seeded cascading-choice definitions (x-choice-filter over x-enum-data) and answers for the verdict
// corpus: a parent choice (sometimes hidden by a yes/no, sometimes in repeat rows) and a child select,
// radio or multiselect whose options carry the parent's value, filtered in several shapes. Answers
// pick any option, so offered and refused picks both occur. Kept apart from generate-definition.ts
// so the seeds of the main corpus stay as they are.
import type { Definition, FieldSchema, JsonLogic } from '../../../../form-engine/index';
import type { Random } from './random';

type Data = Record<string, unknown>;

const label = (en: string) => ({ en, km: `ក ${en}` });

interface Shape {
  definition: Definition;
  /** Answers for one submission (drawn from the same seeded source). */
  answers(): Data;
}

function filterFor(parent: string, other: string | undefined, parents: string[], r: Random): JsonLogic {
  const same = { '==': [{ var: 'choice.area' }, { var: parent }] };
  const shapes: JsonLogic[] = [
    same,
    { or: [same, { '==': [{ var: 'choice.kind' }, 'any'] }] },
    { in: [{ var: 'choice.area' }, [r.pick(parents), { var: parent }]] },
    { '!': { '!=': [{ var: 'choice.area' }, { var: parent }] } },
  ];
  if (other) shapes.push({ and: [same, { '!=': [{ var: 'choice.value' }, { var: other }] }] });
  return r.pick(shapes);
}

export function generateCascade(r: Random): Shape {
  const parents = ['p1', 'p2', 'p3'].slice(0, r.int(2, 3));
  const count = r.int(2, 6);
  const values = Array.from({ length: count }, (_, i) => `c${i}`);
  const enumData: Record<string, Record<string, string>> = {};
  for (const v of values) {
    const attributes: Record<string, string> = {};
    if (r.chance(0.9)) attributes.area = r.pick(parents);
    if (r.chance(0.3)) attributes.kind = r.pick(['any', 'some']);
    enumData[v] = attributes;
  }
  // Every attribute the filter may read is given to at least one option.
  (enumData.c0 as Record<string, string>).kind ??= 'some';
  (enumData.c1 as Record<string, string>).area ??= r.pick(parents);
  const inRepeat = r.chance(0.3);
  const hidden = !inRepeat && r.chance(0.3);
  const childWidget = r.pick(['select', 'radio', 'multiselect'] as const);
  const withOther = childWidget === 'multiselect' && !inRepeat && r.chance(0.5);
  const parentRef = inRepeat ? 'row.parent' : 'parent';
  const parent: FieldSchema = {
    type: 'string',
    'x-widget': r.pick(['select', 'radio']),
    'x-label': label('Parent'),
    enum: parents,
    'x-enum-labels': Object.fromEntries(parents.map((p) => [p, label(p)])),
    ...(hidden ? { 'x-visible-when': { '==': [{ var: 'ask' }, true] } } : {}),
  };
  const labels = Object.fromEntries(values.map((v) => [v, label(v)]));
  const filter = filterFor(parentRef, withOther ? 'first' : undefined, parents, r);
  const child: FieldSchema =
    childWidget === 'multiselect'
      ? { type: 'array', 'x-widget': 'multiselect', 'x-label': label('Child'), items: { type: 'string', enum: values }, uniqueItems: true, 'x-enum-labels': labels, 'x-enum-data': enumData, 'x-choice-filter': filter }
      : { type: 'string', 'x-widget': childWidget, 'x-label': label('Child'), enum: values, 'x-enum-labels': labels, 'x-enum-data': enumData, 'x-choice-filter': filter };
  const childRequired = r.chance(0.4);
  const first: FieldSchema = { type: 'string', 'x-widget': 'select', 'x-label': label('First'), enum: values, 'x-enum-labels': labels };
  const pick = (): string | string[] => (childWidget === 'multiselect' ? r.shuffle(values).slice(0, r.int(1, 2)) : r.pick(values));
  const row = (): Data => {
    const out: Data = {};
    if (r.chance(0.85)) out.parent = r.pick(parents);
    if (childRequired || r.chance(0.8)) out.child = pick();
    return out;
  };
  const root: Record<string, FieldSchema> = { ask: { type: 'boolean', 'x-widget': 'checkbox', 'x-label': label('Ask') } };
  if (withOther) root.first = first;
  if (inRepeat) {
    root.rows = {
      type: 'array',
      'x-widget': 'repeat',
      'x-label': label('Rows'),
      items: { type: 'object', 'x-order': ['parent', 'child'], properties: { parent, child }, ...(childRequired ? { required: ['child'] } : {}) },
    };
  } else Object.assign(root, { parent, child });
  const definition: Definition = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    'x-kind': 'form',
    'x-title': label('Cascade'),
    'x-order': Object.keys(root),
    properties: root,
    ...(childRequired && !inRepeat ? { required: ['child'] } : {}),
    additionalProperties: false,
  };
  return {
    definition,
    answers: () => {
      const data: Data = { ask: r.chance(0.6) };
      if (withOther && r.chance(0.8)) data.first = r.pick(values);
      if (inRepeat) data.rows = Array.from({ length: r.int(1, 3) }, row);
      else Object.assign(data, row());
      return data;
    },
  };
}
