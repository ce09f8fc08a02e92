// Evaluates definition JSONLogic with json-logic-js, refusing any operation outside the
// allow-list even if a caller skipped checkDefinition. `row` is the current repeat item.
import jsonLogic from 'json-logic-js';
import { registerCalculationOperations } from './calculation-operations';
import { disallowedOperations } from './collect-vars';

registerCalculationOperations(jsonLogic);

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

/**
 * json-logic-js on a context it cannot read: the submitted data is copied into objects without a
 * prototype (no toString), so comparing such an object with a text (`{"==": [{"var": "row.x"},
 * "other"]}` where x is `{}`) throws a TypeError. Such data is malformed (an object where the form
 * expects a value) and the schema check reports it at its own path; the condition answers null (false,
 * as the comparison is in the browser's JavaScript on a plain object), never an INTERNAL error.
 */
function applySafely(logic: unknown, context: object): unknown {
  try {
    return jsonLogic.apply(logic as Parameters<typeof jsonLogic.apply>[0], context);
  } catch (error) {
    if (error instanceof TypeError) return null;
    throw error;
  }
}

function baseOf(data: unknown): object {
  return typeof data === 'object' && data !== null ? data : {};
}

/** Evaluates `logic` against the root data; inside a repeat, `{"var": "row.x"}` reads the item. */
export function evaluateLogic(logic: unknown, data: unknown, row?: unknown): unknown {
  assertSafe(logic);
  const base = baseOf(data);
  // `row` is layered over the data without copying it (this runs for every repeat row).
  const context = row === undefined ? base : Object.create(base, { row: { value: row, enumerable: true } });
  return applySafely(logic, context);
}

/**
 * Evaluates logic against one data object and a changing row through a single context object,
 * made once, instead of one per row. The context is live (the row is swapped in before each call),
 * so use it only where a result that is the context itself (`{"var": ""}`) is not kept: for
 * truthiness. Reads see exactly what evaluateLogic's fresh context would.
 */
export class RowContext {
  /** The data logic reads (an empty object when the data is not one). */
  readonly base: object;
  private context: { row: unknown } | undefined;

  constructor(data: unknown) {
    this.base = baseOf(data);
  }

  /** The object logic is evaluated against for `row` (the data itself outside repeats). */
  contextFor(row: unknown): object {
    if (row === undefined) return this.base;
    if (!this.context) {
      this.context = Object.create(this.base, { row: { value: row, enumerable: true, writable: true } }) as { row: unknown };
    } else this.context.row = row;
    return this.context;
  }

  evaluate(logic: unknown, row: unknown): unknown {
    assertSafe(logic);
    return applySafely(logic, this.contextFor(row));
  }
}

/** JSONLogic truthiness (empty arrays are falsy), as used for x-visible-when. */
export function isTruthy(value: unknown): boolean {
  return jsonLogic.truthy(value);
}
