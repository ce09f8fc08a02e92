// Which fields an indicator reads, and which form versions lack them: an indicator spanning versions
// reports a version that dropped a field instead of silently counting it as empty.
import { fieldPaths } from '../compile/field-paths';
import { walkLogic } from '../logic/walk';
import type { Definition } from '../model/types';
import type { IndicatorDefinition, IndicatorSource } from './types';

export interface MissingField {
  form: string;
  version: number;
  path: string;
}

function varsOf(logic: unknown): string[] {
  const out: string[] = [];
  walkLogic(logic, (operator, args, _path, scoped) => {
    if (operator === 'var' && !scoped && typeof args[0] === 'string' && args[0] !== '') out.push(args[0]);
  });
  return out;
}

/** Data paths (in fieldPaths notation, e.g. `actions[].status`) the indicator reads from a source. */
export function pathsRead(def: IndicatorDefinition, source: IndicatorSource): string[] {
  const raw = [
    def.measure.field,
    def.measure.numerator?.field,
    def.measure.denominator?.field,
    def.periodField,
    ...(def.categories ?? []).flatMap((c) => [c.field, ...Object.values(c.fields ?? {})]),
    ...varsOf(def.filter),
    ...varsOf(def.measure.where),
    ...varsOf(def.measure.numerator?.where),
    ...varsOf(def.measure.denominator?.where),
  ].filter((p): p is string => typeof p === 'string');
  const mapped = raw.map((p) => (p.startsWith('row.') ? (source.each ? `${source.each}[].${p.slice(4)}` : p.slice(4)) : p));
  return [...new Set(mapped)].sort();
}

export function missingFields(def: IndicatorDefinition, versionsByForm: Map<string, Array<{ version: number; schema: Definition }>>): MissingField[] {
  const out: MissingField[] = [];
  for (const source of def.sources) {
    for (const { version, schema } of versionsByForm.get(source.form) ?? []) {
      const leaves = fieldPaths(schema).map((f) => f.path);
      const has = (path: string) => leaves.includes(path) || leaves.some((l) => l.startsWith(`${path}.`) || l.startsWith(`${path}[]`));
      const wanted = [...pathsRead(def, source), ...(source.each ? [source.each] : [])];
      for (const path of wanted) if (!has(path)) out.push({ form: source.form, version, path });
    }
  }
  return out;
}
