// One pass over submitted data that does what used to take three: it checks the data limits
// (model/limits.ts), copies the data into objects that inherit nothing from Object.prototype (so a
// field named like `valueOf` is absent when not answered, for JSONLogic and Ajv alike) and leaves
// out empty answers of the fields it meets (prepare.ts isEmptyAnswer), guided by the compiled plan
// as the data walk was (groups, repeat rows up to LIMITS.repeatRows). On any excess it stops and
// reports nothing itself: the caller asks findOversize (data-limits.ts) for the exact error, which
// exists exactly when this pass sees an excess. Recursion stops one level past LIMITS.dataDepth.
import { LIMITS } from '../model/limits';
import type { ValidationError } from '../model/types';
import { oversizeError } from './data-limits';
import type { PlanNode } from './plan';
import { isEmptyAnswer } from './prepare';

/** The prototype of copied objects: empty, frozen and itself prototype-free. Objects made with
 * Object.create(null) are hash tables in V8; objects with this prototype keep fast property access. */
const NOTHING: object = Object.freeze(Object.create(null) as object);

export function bareObject(): Record<string, unknown> {
  return Object.create(NOTHING) as Record<string, unknown>;
}

interface Count {
  nodes: number;
}

/** Returned up the recursion when data exceeds a limit (a return, not a throw: refusals stay cheap). */
const EXCESS = Symbol('excess');
/** The root object has more keys than values are allowed: findOversize's answer is known (maxNodes at the root). */
const ROOT_EXCESS = Symbol('root excess');

function copy(value: unknown, depth: number, fields: Map<string, PlanNode> | undefined, count: Count): unknown {
  if (++count.nodes > LIMITS.dataNodes) return EXCESS;
  if (typeof value === 'string') {
    if (value.length > LIMITS.dataStringLength) return EXCESS;
    return value;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (++depth > LIMITS.dataDepth) return EXCESS;
  if (Array.isArray(value)) {
    const n = value.length;
    // Every item counts: a huge array is refused before it is read.
    if (count.nodes + n > LIMITS.dataNodes) return EXCESS;
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
      if (!(i in value)) continue;
      const item = copy(value[i], depth, undefined, count);
      if (item === EXCESS) return EXCESS;
      out[i] = item;
    }
    out.length = n;
    return out;
  }
  const keys = Object.keys(value);
  // At the root (one value counted, none pending) this is findOversize's first test: no second Object.keys.
  if (count.nodes + keys.length > LIMITS.dataNodes) return depth === 1 ? ROOT_EXCESS : EXCESS;
  const out = bareObject();
  for (const key of keys) {
    const field = fields?.get(key);
    const item: unknown = (value as Record<string, unknown>)[key];
    const copied = field ? copyField(field, item, depth, count) : copy(item, depth, undefined, count);
    if (copied === EXCESS) return EXCESS;
    if (field && isEmptyAnswer(field.node, item)) continue;
    // No __proto__ accessor is inherited, but define it explicitly all the same.
    if (key === '__proto__') Object.defineProperty(out, key, { value: copied, enumerable: true, writable: true, configurable: true });
    else out[key] = copied;
  }
  return out;
}

function isRecord(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A GPS point's parts left '' or null (Form.io's untouched altitude) are not answers, as anywhere else. */
function withoutEmptyParts(copied: unknown): unknown {
  if (!isRecord(copied)) return copied;
  const point = copied as Record<string, unknown>;
  for (const key of Object.keys(point)) if (point[key] === '' || point[key] === null) delete point[key];
  return point;
}

/** A field's value: a group's object and a repeat's rows are cleaned with their children's plan. */
function copyField(field: PlanNode, value: unknown, depth: number, count: Count): unknown {
  const { widget } = field.node;
  if (widget === 'group' && isRecord(value)) return copy(value, depth, field.byKey, count);
  if (widget === 'gps' && isRecord(value)) return withoutEmptyParts(copy(value, depth, undefined, count));
  if (widget !== 'repeat' || !Array.isArray(value)) return copy(value, depth, undefined, count);
  if (++count.nodes > LIMITS.dataNodes) return EXCESS;
  if (++depth > LIMITS.dataDepth) return EXCESS;
  const n = value.length;
  if (count.nodes + n > LIMITS.dataNodes) return EXCESS;
  // Rows beyond the limit are not cleaned: Ajv refuses them (maxItems, see data-schema.ts).
  const cleaned = Math.min(n, LIMITS.repeatRows);
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    if (!(i in value)) continue;
    const row: unknown = value[i];
    const copied = copy(row, depth, i < cleaned && isRecord(row) ? field.byKey : undefined, count);
    if (copied === EXCESS) return EXCESS;
    out[i] = copied;
  }
  out.length = n;
  return out;
}

/**
 * The cleaned copy of `data`; else `excess`: the error when it is known here, null when the caller
 * must ask findOversize (data-limits.ts). `fields` are the root fields; they apply when the data is
 * an object (not an array).
 */
export function cleanCopy(data: unknown, fields: Map<string, PlanNode>): { value: unknown } | { excess: ValidationError | null } {
  const value = copy(data, 0, isRecord(data) ? fields : undefined, { nodes: 0 });
  if (value === ROOT_EXCESS) return { excess: oversizeError({ kind: 'nodes', segments: [] }) };
  return value === EXCESS ? { excess: null } : { value };
}
