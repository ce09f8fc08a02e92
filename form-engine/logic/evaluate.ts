// Evaluates definition JSONLogic with json-logic-js, refusing any operation outside the
// allow-list even if a caller skipped checkDefinition. `row` is the current repeat item.
import jsonLogic from 'json-logic-js';
import { disallowedOperations } from './collect-vars';

const checked = new WeakSet<object>();

export class UnsafeLogicError extends Error {
  constructor(readonly operator: string) {
    super(`JSONLogic operation not allowed: ${operator}`);
    this.name = 'UnsafeLogicError';
  }
}

function assertSafe(logic: unknown): void {
  if (typeof logic !== 'object' || logic === null || checked.has(logic)) return;
  const bad = disallowedOperations(logic)[0];
  if (bad) throw new UnsafeLogicError(bad.operator);
  checked.add(logic);
}

/** Evaluates `logic` against the root data; inside a repeat, `{"var": "row.x"}` reads the item. */
export function evaluateLogic(logic: unknown, data: unknown, row?: unknown): unknown {
  assertSafe(logic);
  const base = typeof data === 'object' && data !== null ? data : {};
  // `row` is layered over the data without copying it (this runs for every repeat row).
  const context = row === undefined ? base : Object.create(base, { row: { value: row, enumerable: true } });
  return jsonLogic.apply(logic as Parameters<typeof jsonLogic.apply>[0], context);
}

/** JSONLogic truthiness (empty arrays are falsy), as used for x-visible-when. */
export function isTruthy(value: unknown): boolean {
  return jsonLogic.truthy(value);
}
