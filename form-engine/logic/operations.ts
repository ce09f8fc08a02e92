// The JSONLogic operations a definition may use (docs/definition-format.md). Anything else is
// refused, so a definition can never reach json-logic-js extensions or custom operations.
export const ALLOWED_OPERATIONS: ReadonlySet<string> = new Set([
  '==', '!=', '===', '!==', '>', '>=', '<', '<=', '!', '!!', 'and', 'or', 'if', 'in',
  '+', '-', '*', '/', '%', 'min', 'max', 'var', 'missing', 'cat',
  'reduce', 'map', 'filter', 'all', 'some', 'none',
  // Named calculation operations (calculation-operations.ts), registered on every JSONLogic.
  'sum', 'count', 'average', 'median', 'smallest', 'largest', 'median_of_counts', 'days_between',
]);

/** Operations whose second (and third) argument is evaluated against each array item. */
export const ITERATING_OPERATIONS: ReadonlySet<string> = new Set(['reduce', 'map', 'filter', 'all', 'some', 'none']);
