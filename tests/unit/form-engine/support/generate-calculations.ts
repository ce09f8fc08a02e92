// Why: the verdict corpus must cover the named calculation operations (median, average, sums over
// repeat rows, median of vote counts, days between dates). This adds calculated fields to a
// generated definition after the fact, from its own random stream, so everything the other
// generators make stays as it was: at the root (over a repeat's number column, or over earlier
// number or date fields) and in repeat rows (over same-row number fields). Used by the @formio/core
// verdict test only: the real-browser test loads formio.js's prebuilt bundle, whose jsonLogic is
// not reachable from the page (docs/definition-format.md, "Validation verdict").
import { compileDefinition, type Definition, type FieldNode, type FieldSchema, type JsonLogic } from '../../../../form-engine/index';
import { seeded, type Random } from './random';

const AGGREGATES = ['sum', 'count', 'average', 'median', 'smallest', 'largest'] as const;
const label = (n: number) => ({ km: `គណនា ${n}`, en: `Calculated ${n}` });

function usable(node: FieldNode): boolean {
  return !node.visibleWhen && !node.calculate;
}

function numbersOf(nodes: readonly FieldNode[]): FieldNode[] {
  return nodes.filter((n) => usable(n) && (n.widget === 'number' || n.widget === 'faces'));
}

function bounded(field: FieldSchema, r: Random): FieldSchema {
  if (r.chance(0.4)) field.minimum = r.int(0, 2);
  if (r.chance(0.4)) field.maximum = r.int(2, 30);
  return field;
}

function rootCalculation(nodes: readonly FieldNode[], r: Random): JsonLogic | undefined {
  const repeats = nodes.filter((n) => n.widget === 'repeat' && usable(n) && numbersOf(n.children).length);
  const numbers = numbersOf(nodes);
  const dates = nodes.filter((n) => usable(n) && n.widget === 'date');
  const choice = r.int(0, 2);
  if (choice === 0 && repeats.length) {
    const repeat = r.pick(repeats);
    const column = r.pick(numbersOf(repeat.children));
    return { [r.pick(AGGREGATES)]: [{ map: [{ var: repeat.path }, { var: column.key }] }] };
  }
  if (choice === 1 && dates.length) return { days_between: [{ var: r.pick(dates).path }, { var: r.pick(dates).path }] };
  if (numbers.length) return { [r.pick(AGGREGATES)]: numbers.filter(() => r.chance(0.7)).map((n) => ({ var: n.path })) };
  return undefined;
}

function rowCalculation(children: readonly FieldNode[], r: Random): JsonLogic | undefined {
  const numbers = numbersOf(children);
  if (!numbers.length) return undefined;
  const vars = numbers.map((n) => ({ var: `row.${n.key}` }));
  return r.chance(0.4) ? { median_of_counts: vars } : { [r.pick(AGGREGATES)]: vars };
}

function append(object: { properties: Record<string, FieldSchema>; 'x-order'?: string[] }, key: string, field: FieldSchema): void {
  object.properties[key] = field;
  object['x-order']?.push(key);
}

export function withCalculations(definition: Definition): Definition {
  const r = seeded(JSON.stringify(definition).length * 104729);
  const nodes = compileDefinition(definition);
  let n = 0;
  for (const node of nodes) {
    if (node.widget !== 'repeat' || !r.chance(0.6)) continue;
    const logic = rowCalculation(node.children, r);
    const items = node.schema.items as { properties: Record<string, FieldSchema>; 'x-order'?: string[] } | undefined;
    if (logic && items?.properties) append(items, `calc_row_${++n}`, bounded({ type: 'number', 'x-label': label(n), 'x-calculate': logic } as FieldSchema, r));
  }
  const logic = rootCalculation(nodes, r);
  if (!logic) return definition;
  const key = `calc_${++n}`;
  append(definition as unknown as { properties: Record<string, FieldSchema>; 'x-order'?: string[] }, key, bounded({ type: 'number', 'x-label': label(n), 'x-calculate': logic } as FieldSchema, r));
  const sections = definition['x-sections'];
  if (sections?.length) sections[sections.length - 1]!.fields.push(key);
  else definition['x-order'] ??= Object.keys(definition.properties);
  if (definition.required && r.chance(0.3)) definition.required.push(key);
  return definition;
}
