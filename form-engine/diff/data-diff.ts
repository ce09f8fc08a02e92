// Field-level differences between two answers of the same form version, for a record's history
// ("Score: 3 → 4"): leaf fields by dotted data path, a repeat group as one change of its items,
// labelled from the definition. Keys the definition does not know are listed under their own path.
import { compileDefinition } from '../compile/compile';
import type { FieldNode } from '../compile/field-node';
import type { Definition, LocalizedText } from '../model/types';

export interface DataChange {
  path: string;
  label: LocalizedText;
  before: unknown;
  after: unknown;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
}

const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a ?? null)) === JSON.stringify(canonical(b ?? null));

function childOf(data: unknown, key: string): unknown {
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>)[key] : undefined;
}

/** Changed fields in display order; `before`/`after` are null where a field had no answer. */
export function diffData(definition: Definition, before: unknown, after: unknown): DataChange[] {
  const changes: DataChange[] = [];
  const known = new Set<string>();
  const walk = (nodes: readonly FieldNode[], a: unknown, b: unknown) => {
    for (const node of nodes) {
      known.add(node.path);
      const va = childOf(a, node.key);
      const vb = childOf(b, node.key);
      if (node.widget === 'group') walk(node.children, va, vb);
      else if (!same(va, vb)) changes.push({ path: node.path, label: node.label, before: va ?? null, after: vb ?? null });
    }
  };
  walk(compileDefinition(definition), before, after);
  const extra = new Set([...Object.keys((before as object) ?? {}), ...Object.keys((after as object) ?? {})]);
  for (const key of extra) {
    if (known.has(key)) continue;
    const va = childOf(before, key);
    const vb = childOf(after, key);
    if (!same(va, vb)) changes.push({ path: key, label: { km: key, en: key }, before: va ?? null, after: vb ?? null });
  }
  return changes;
}
