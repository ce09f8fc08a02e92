// Generic traversal of JSONLogic trees: finds operations and rewrites `var` references, aware
// that iterating operations (map, reduce, ...) evaluate their inner logic against array items.
import { ITERATING_OPERATIONS } from './operations';

export type LogicVisitor = (operator: string, args: unknown[], path: string, scoped: boolean) => void;

function isOperation(node: unknown): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null && !Array.isArray(node) && Object.keys(node).length === 1;
}

function argsOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** Visits every operation; `scoped` is true inside the per-item logic of map/filter/reduce/... */
export function walkLogic(node: unknown, visit: LogicVisitor, path = '', scoped = false): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => walkLogic(item, visit, `${path}.${i}`, scoped));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  if (!isOperation(node)) {
    for (const [k, v] of Object.entries(node)) walkLogic(v, visit, `${path}.${k}`, scoped);
    return;
  }
  const [operator, raw] = Object.entries(node)[0] as [string, unknown];
  const args = argsOf(raw);
  const opPath = `${path}.${operator}`;
  visit(operator, args, opPath, scoped);
  args.forEach((arg, i) => {
    const inner = scoped || (ITERATING_OPERATIONS.has(operator) && i > 0);
    walkLogic(arg, visit, Array.isArray(raw) ? `${opPath}.${i}` : opPath, inner);
  });
}

/** Returns a copy of `node` with every non-scoped `var` (and `missing`) name passed through `rename`. */
export function mapVars(node: unknown, rename: (name: string) => string, scoped = false): unknown {
  if (Array.isArray(node)) return node.map((item) => mapVars(item, rename, scoped));
  if (typeof node !== 'object' || node === null) return node;
  if (!isOperation(node)) {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, mapVars(v, rename, scoped)]));
  }
  const [operator, raw] = Object.entries(node)[0] as [string, unknown];
  if (operator === 'var' && !scoped) return { var: renameVarArgument(raw, rename) };
  // `missing` names fields as `var` does ({"missing": ["a", "b"]}), so its names are renamed too.
  if (operator === 'missing' && !scoped) {
    const names = Array.isArray(raw) ? raw : [raw];
    return { missing: names.map((name) => (typeof name === 'string' && name !== '' ? rename(name) : mapVars(name, rename, scoped))) };
  }
  if (!Array.isArray(raw)) return { [operator]: mapVars(raw, rename, scoped) };
  return {
    [operator]: raw.map((arg, i) => mapVars(arg, rename, scoped || (ITERATING_OPERATIONS.has(operator) && i > 0))),
  };
}

function renameVarArgument(raw: unknown, rename: (name: string) => string): unknown {
  if (typeof raw === 'string') return raw === '' ? raw : rename(raw);
  if (Array.isArray(raw) && typeof raw[0] === 'string' && raw[0] !== '') return [rename(raw[0]), ...raw.slice(1)];
  return raw;
}
