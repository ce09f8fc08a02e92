// Seeded submissions for a definition: a valid answer set, plus mutations that break one
// constraint Form.io can also express (required, min/max, length, pattern, options).
import { compileDefinition, type Definition, type FieldNode } from '../../../../form-engine/index';
import { GEO_DIGITS, PATTERNS } from './generate-definition';
import type { Random } from './random';

type Data = Record<string, unknown>;

function value(node: FieldNode, r: Random): unknown {
  const c = node.constraints;
  switch (node.widget) {
    case 'text':
    case 'textarea': {
      if (c.pattern) return (PATTERNS[c.pattern] ?? (() => 'x'))(r);
      const length = Math.max(r.int(c.minLength ?? 1, Math.min(c.maxLength ?? 8, 8)), c.minLength ?? 1);
      // Lengths count UTF-16 units: an emoji is two, a Khmer sign (combining or not) one.
      if (r.chance(0.3)) return textOfUnits(length, r);
      return 'abcdefgh'.slice(0, length);
    }
    case 'number': {
      const n = r.int(c.minimum ?? -3, c.maximum ?? 50);
      return node.type === 'integer' ? n : n + (r.chance(0.5) ? 0.5 : 0) > (c.maximum ?? Infinity) ? n : n + 0.5;
    }
    case 'faces':
      return r.int(1, 5);
    case 'select':
    case 'radio':
      return r.pick(node.options ?? []).value;
    case 'multiselect': {
      const values = (node.options ?? []).map((o) => o.value);
      const size = Math.max(c.minItems ?? 1, Math.min(r.int(1, values.length), c.maxItems ?? values.length));
      return r.shuffle(values).slice(0, size);
    }
    case 'checkbox':
      return r.chance(0.5);
    case 'date':
      return `20${r.int(10, 29)}-0${r.int(1, 9)}-${r.int(10, 28)}`;
    case 'geography': {
      const digits = GEO_DIGITS[(node.geoLevel ?? 'commune') as keyof typeof GEO_DIGITS];
      return String(r.int(10 ** (digits - 1), 10 ** digits - 1));
    }
    case 'group':
      return fill(node.children, r);
    default: {
      const rows = r.int(c.minItems ?? 0, Math.min(c.maxItems ?? 3, 3));
      return Array.from({ length: Math.max(rows, c.minItems ?? 0) }, () => fill(node.children, r));
    }
  }
}

/** Text of exactly `units` UTF-16 code units mixing emoji, Khmer (with combining signs) and Latin. */
export function textOfUnits(units: number, r: Random): string {
  let text = '';
  while (text.length < units) text += units - text.length >= 2 && r.chance(0.4) ? '😀' : r.pick(['ក', '្', 'ា', 'a', 'é']);
  return text;
}

function fill(nodes: FieldNode[], r: Random): Data {
  const data: Data = {};
  // Like a browser submission, containers and data grids are always present (Form.io reads an
  // absent data grid as one empty row).
  const always = (node: FieldNode): boolean => node.required || node.widget === 'group' || node.widget === 'repeat';
  for (const node of nodes) if (always(node) || r.chance(0.7)) data[node.key] = value(node, r);
  return data;
}

export function validData(definition: Definition, r: Random): Data {
  return fill(compileDefinition(definition), r);
}

/** Breaks one thing in a copy of `data`, at a random field; returns undefined when nothing applies. */
export function mutate(definition: Definition, data: Data, r: Random): Data | undefined {
  const copy = structuredClone(data);
  const holders: Array<{ node: FieldNode; holder: Data }> = [];
  const collect = (nodes: FieldNode[], holder: Data): void => {
    for (const node of nodes) {
      holders.push({ node, holder });
      const v = holder[node.key];
      if (node.widget === 'group' && v && typeof v === 'object') collect(node.children, v as Data);
      if (node.widget === 'repeat' && Array.isArray(v)) v.forEach((row) => collect(node.children, row as Data));
    }
  };
  collect(compileDefinition(definition), copy);
  const candidates = holders.filter(({ node }) => !node.calculate && node.widget !== 'group' && node.widget !== 'repeat');
  if (!candidates.length) return undefined;
  const { node, holder } = r.pick(candidates);
  const c = node.constraints;
  const options: Array<() => unknown> = [() => undefined, () => ''];
  if (c.minimum !== undefined) options.push(() => c.minimum! - 1);
  if (c.maximum !== undefined) options.push(() => c.maximum! + 1);
  if (c.minLength !== undefined) options.push(() => 'abcdefgh'.slice(0, c.minLength! - 1) || undefined);
  if (c.maxLength !== undefined) options.push(() => 'x'.repeat(c.maxLength! + 1));
  // Emoji around the length limits: fewer characters than units (the class formio and the server counted differently).
  if (c.maxLength !== undefined) options.push(() => '😀'.repeat(Math.ceil((c.maxLength! + 1) / 2)), () => '😀'.repeat(Math.floor(c.maxLength! / 2)) || undefined);
  if (c.minLength !== undefined) options.push(() => '😀'.repeat(Math.ceil(c.minLength! / 2)));
  // Whitespace only: not an answer to a required question, on both sides.
  if (['text', 'textarea', 'geography', 'provider'].includes(node.widget)) options.push(() => r.pick(['   ', ' ', '\t \n', '\u00a0']));
  if (c.pattern?.includes('\\p{')) options.push(() => r.pick(['H3llo', 'a b', '😀']));
  if (c.pattern || node.widget === 'geography' || node.widget === 'date') options.push(() => 'no match!');
  if (node.widget === 'select' || node.widget === 'radio') options.push(() => (node.type === 'integer' ? 99 : 'zzz'));
  if (node.widget === 'faces') options.push(() => r.pick([0, 6]));
  if (node.widget === 'multiselect') options.push(() => ['nope']);
  const next = r.pick(options)();
  if (next === undefined) delete holder[node.key];
  else holder[node.key] = next;
  return copy;
}
