// Why: cascading choices (x-choice-filter) are decided in one place, for the server's verdict and the
// fill page alike: the filter is JSONLogic evaluated once per option against the answers so far,
// with the option itself readable as `choice.value` and `choice.<attribute>` (x-enum-data).
import type { FieldOption } from '../compile/field-node';
import { evaluateLogic, isTruthy } from './evaluate';

/** The names a filter reads the option by: `choice.value` and `choice.<attribute>`. */
export const CHOICE_SCOPE = 'choice';

/** What `{"var": "choice"}` holds for one option: its attributes and its value (`value` wins). */
export function choiceOf(option: FieldOption): Record<string, string | number> {
  return { ...(option.data ?? {}), value: option.value };
}

/** Whether `option` is offered by `filter` given the root `data` (and, inside a repeat, its `row`). */
export function isOffered(filter: unknown, option: FieldOption, data: unknown, row?: unknown): boolean {
  const base = typeof data === 'object' && data !== null ? data : {};
  // The option is layered over the data without copying it (this runs once per option).
  const context: object = Object.create(base, { [CHOICE_SCOPE]: { value: choiceOf(option), enumerable: true } });
  return isTruthy(evaluateLogic(filter, context, row));
}

/** The options `filter` offers (all of them without a filter), in their listed order. */
export function offeredOptions(filter: unknown, options: readonly FieldOption[], data: unknown, row?: unknown): FieldOption[] {
  if (filter === undefined) return [...options];
  return options.filter((option) => isOffered(filter, option, data, row));
}
