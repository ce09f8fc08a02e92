// Remembers, across validations, whether a condition held for given values of the data it reads.
// A condition whose reads are all literal `var` paths (logic/read-paths.ts: no iteration, no
// computed names, no `missing`) is a pure function of the values at those paths, so when each of
// them is a short primitive or absent, the answer for the same values is the same: the ISAF
// `row.criterion == "other"` runs once per distinct criterion, not once per row of every
// submission. Bounded: a few paths per condition, short values, a cap per condition and in all.
import { readPaths } from './read-paths';

/** A path that resolves to nothing (`var` then returns its default). */
const ABSENT = Symbol('absent');
const MAX_PATHS = 3;
const MAX_VALUE_LENGTH = 64;
const MAX_PER_CONDITION = 64;
const MAX_TOTAL = 20_000;

interface Cached {
  paths: string[][];
  answers: Map<unknown, unknown>;
  size: number;
}

const byLogic = new WeakMap<object, Cached | null>();
let total = 0;

function cachedFor(logic: object): Cached | null {
  let cached = byLogic.get(logic);
  if (cached !== undefined) return cached;
  const reads = readPaths(logic);
  const usable = reads !== null && reads.length > 0 && reads.length <= MAX_PATHS && reads.every((r) => r.deep && !r.segments.includes('*'));
  cached = usable ? { paths: reads.map((r) => r.segments), answers: new Map(), size: 0 } : null;
  byLogic.set(logic, cached);
  return cached;
}

/**
 * The value json-logic-js `var` finds at `segments` in the evaluation context (evaluate.ts: `row`
 * over the data), ABSENT where it finds none; undefined when unusable as a key. Reads the data and
 * the row directly, so no context object is made unless the condition must be evaluated.
 */
function keyAt(data: object, row: unknown, segments: readonly string[]): unknown {
  const inRow = row !== undefined && segments[0] === 'row';
  let value: unknown = inRow ? row : data;
  for (let i = inRow ? 1 : 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    if (value === null || value === undefined) return ABSENT;
    value = (value as Record<string, unknown>)[segment];
    if (value === undefined) return ABSENT;
  }
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.length <= MAX_VALUE_LENGTH ? value : undefined;
  // -0 and 0 are one Map key but not one value (1 / -0).
  if (typeof value === 'number') return Object.is(value, -0) ? undefined : value;
  return undefined;
}

/**
 * Whether `logic` holds for `data` (and the repeat `row`, if any), from the cache or by `evaluate`
 * (whose answer is then kept). `evaluate` is called exactly when the answer is not known; it may
 * throw, and then nothing is kept.
 */
export function cachedTruth(logic: object, data: object, row: unknown, evaluate: () => boolean): boolean {
  const cached = cachedFor(logic);
  if (!cached) return evaluate();
  let level: Map<unknown, unknown> | undefined = cached.answers;
  const keys: unknown[] = [];
  for (const segments of cached.paths) {
    const key = keyAt(data, row, segments);
    if (key === undefined) return evaluate();
    keys.push(key);
  }
  const last = keys.length - 1;
  for (let i = 0; i < last && level; i++) level = level.get(keys[i]) as Map<unknown, unknown> | undefined;
  const hit = level?.get(keys[last]);
  if (hit !== undefined) return hit as boolean;
  const answer = evaluate();
  if (cached.size >= MAX_PER_CONDITION || total >= MAX_TOTAL) return answer;
  level = cached.answers;
  for (let i = 0; i < last; i++) {
    let next = level.get(keys[i]) as Map<unknown, unknown> | undefined;
    if (!next) level.set(keys[i], (next = new Map()));
    level = next;
  }
  level.set(keys[last], answer);
  cached.size++;
  total++;
  return answer;
}
