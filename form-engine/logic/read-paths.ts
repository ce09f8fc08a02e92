// The data a JSONLogic expression can read, as path patterns (`*` = any array item), so the
// validator knows which writes and removals of fields can change an expression's value. `null` when
// that cannot be known statically (computed `var` names, `missing`, iterating over a computed array).
import { ITERATING_OPERATIONS } from './operations';

export interface ReadPath {
  segments: string[];
  /** true: the whole value below; false: only the array itself (its length), for iterations. */
  deep: boolean;
}

interface Scope {
  base: string[];
  /** Inside `reduce`, the item is `current` and `accumulator` is derived, not data. */
  reduce: boolean;
}

const cache = new WeakMap<object, ReadPath[] | null>();

function resolve(name: unknown, scope: Scope): string[] | 'derived' | null {
  if (typeof name !== 'string' && typeof name !== 'number') return null;
  const segments = name === '' ? [] : String(name).split('.');
  if (!scope.reduce) return [...scope.base, ...segments];
  if (segments.length === 0) return scope.base;
  return segments[0] === 'current' ? [...scope.base, ...segments.slice(1)] : 'derived';
}

function literalVar(node: unknown): unknown {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  if (keys.length !== 1 || keys[0] !== 'var') return undefined;
  const raw = (node as { var: unknown }).var;
  const name = Array.isArray(raw) ? (raw.length === 1 ? raw[0] : undefined) : raw;
  return typeof name === 'string' || typeof name === 'number' ? name : undefined;
}

/** Collects reads into `out`; false when the expression's reads cannot be known. */
function visit(node: unknown, scope: Scope, out: ReadPath[]): boolean {
  if (Array.isArray(node)) return node.every((item) => visit(item, scope, out));
  if (typeof node !== 'object' || node === null) return true;
  const keys = Object.keys(node);
  if (keys.length !== 1) return true; // not an operation: json-logic-js returns it as a literal
  const operator = keys[0] as string;
  const raw = (node as Record<string, unknown>)[operator];
  const args = Array.isArray(raw) ? raw : [raw];
  if (operator === 'missing' || operator === 'missing_some') return false;
  if (operator === 'var') {
    const path = resolve(args[0], scope);
    if (path === null) return false;
    if (path !== 'derived') out.push({ segments: path, deep: true });
    return args.slice(1).every((arg) => visit(arg, scope, out));
  }
  if (ITERATING_OPERATIONS.has(operator)) {
    const name = literalVar(args[0]);
    const array = name === undefined ? null : resolve(name, scope);
    if (array === null) return false;
    if (array === 'derived') return false;
    out.push({ segments: array, deep: false });
    const itemScope: Scope = { base: [...array, '*'], reduce: operator === 'reduce' };
    return visit(args[1], itemScope, out) && args.slice(2).every((arg) => visit(arg, scope, out));
  }
  return args.every((arg) => visit(arg, scope, out));
}

export function readPaths(logic: unknown): ReadPath[] | null {
  if (typeof logic !== 'object' || logic === null) return [];
  if (cache.has(logic)) return cache.get(logic) ?? null;
  const out: ReadPath[] = [];
  const reads = visit(logic, { base: [], reduce: false }, out) ? out : null;
  cache.set(logic, reads);
  return reads;
}

/**
 * Whether writing or removing the value at `changed` (concrete segments) can change what `read`
 * sees. Fields are object keys, so a change below an iterated array never changes its length.
 */
export function changeAffects(changed: readonly string[], read: ReadPath): boolean {
  const common = Math.min(changed.length, read.segments.length);
  for (let i = 0; i < common; i++) {
    const segment = read.segments[i];
    if (segment !== '*' && segment !== changed[i]) return false;
  }
  return read.deep || changed.length <= read.segments.length;
}
