// Field-level differences between two definition versions, for the "what changed" view when a
// new version is published. Fields are matched by data path (repeat items as `actions[].status`).
import { compileDefinition, flattenNodes } from '../compile/compile';
import type { FieldNode } from '../compile/field-node';
import type { Definition, LocalizedText } from '../model/types';

export interface FieldChange {
  path: string;
  label: LocalizedText;
  changes?: string[];
}

export interface DefinitionDiff {
  added: FieldChange[];
  removed: FieldChange[];
  changed: FieldChange[];
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
}

const ASPECTS: Array<[string, (n: FieldNode) => unknown]> = [
  ['type', (n) => n.type],
  ['widget', (n) => n.widget],
  ['label', (n) => n.label],
  ['help', (n) => n.help],
  ['required', (n) => n.required],
  ['options', (n) => n.options],
  ['constraints', (n) => n.constraints],
  ['visibleWhen', (n) => n.visibleWhen],
  ['calculate', (n) => n.calculate],
  ['rules', (n) => n.rules],
  ['defaultValue', (n) => n.defaultValue],
  ['geoLevel', (n) => n.geoLevel],
  ['providerKind', (n) => n.providerKind],
  ['maxAccuracy', (n) => n.schema['x-max-accuracy']],
  ['section', (n) => n.section],
  ['order', (n) => n.children.map((c) => c.key)],
];

function byPath(definition: Definition): Map<string, FieldNode> {
  return new Map(flattenNodes(compileDefinition(definition)).map((n) => [n.path, n]));
}

export function diffDefinitions(from: Definition, to: Definition): DefinitionDiff {
  const before = byPath(from);
  const after = byPath(to);
  const result: DefinitionDiff = { added: [], removed: [], changed: [] };
  for (const [path, node] of after) {
    const old = before.get(path);
    if (!old) {
      result.added.push({ path, label: node.label });
      continue;
    }
    const changes = ASPECTS.filter(([, get]) => !same(get(old), get(node))).map(([name]) => name);
    if (changes.length) result.changed.push({ path, label: node.label, changes });
  }
  for (const [path, node] of before) if (!after.has(path)) result.removed.push({ path, label: node.label });
  return result;
}
