// Why: calculations an M&E officer needs (median, average, days between dates, sums over repeat
// rows) that JSONLogic lacks or gets wrong for unanswered fields (`min` reads null as 0, `+` gives
// NaN). Implemented once, here, with no JSONLogic import: the server's json-logic-js, formio.js's
// jsonLogic in the browser and @formio/core's in the verdict tests all register these same
// functions (registerCalculationOperations), so every side computes the same value.
import { isCalendarDate } from '../model/dates';

type Operation = (...args: unknown[]) => unknown;

/** The arguments, with one level of lists spread out (`{"median": [{"map": …}]}` or fields). */
function spread(args: readonly unknown[]): unknown[] {
  return args.flatMap((arg) => (Array.isArray(arg) ? arg : [arg]));
}

/** The numbers among the values: text, yes/no, unanswered and NaN are left out. */
function numbers(args: readonly unknown[]): number[] {
  return spread(args).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

/** An answer that is there: not missing, null, '' (Form.io's untouched input), false or []. */
function isAnswered(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === false) return false;
  if (typeof value === 'number') return Number.isFinite(value);
  return !(Array.isArray(value) && value.length === 0);
}

/**
 * The ISAF scorecard median of sorted numbers: the middle one; with an even count, the mean of
 * the two middle ones, rounded up to a whole number when it falls between two (2 and 3 → 3).
 */
function medianOfSorted(sorted: readonly number[]): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const upper = sorted[n >> 1] as number;
  if (n % 2 === 1) return upper;
  const mean = ((sorted[(n >> 1) - 1] as number) + upper) / 2;
  return Math.ceil(mean);
}

function sum(...args: unknown[]): number {
  return numbers(args).reduce((total, v) => total + v, 0);
}

function count(...args: unknown[]): number {
  return spread(args).filter(isAnswered).length;
}

function average(...args: unknown[]): number | null {
  const list = numbers(args);
  return list.length ? list.reduce((total, v) => total + v, 0) / list.length : null;
}

function median(...args: unknown[]): number | null {
  return medianOfSorted(numbers(args).sort((a, b) => a - b));
}

function smallest(...args: unknown[]): number | null {
  const list = numbers(args);
  return list.length ? Math.min(...list) : null;
}

function largest(...args: unknown[]): number | null {
  const list = numbers(args);
  return list.length ? Math.max(...list) : null;
}

/**
 * The median of votes given as counts: argument i (from 1) is how many voted i, as a scorecard
 * tally (votes for face 1 … face 5). A count that is not a whole number ≥ 0 (unanswered) is 0.
 */
function medianOfCounts(...args: unknown[]): number | null {
  const counts = spread(args).map((c) => (typeof c === 'number' && Number.isFinite(c) && c > 0 ? Math.floor(c) : 0));
  const total = counts.reduce((s, c) => s + c, 0);
  if (total === 0) return null;
  // The value at (0-based) position k of the sorted votes.
  const at = (k: number): number => {
    let seen = 0;
    for (let i = 0; i < counts.length; i++) if ((seen += counts[i] as number) > k) return i + 1;
    return counts.length;
  };
  const upper = at(total >> 1);
  return total % 2 === 1 ? upper : Math.ceil((at((total >> 1) - 1) + upper) / 2);
}

const DAY_MS = 86_400_000;

function dayNumber(value: unknown): number | null {
  if (typeof value !== 'string' || !isCalendarDate(value)) return null;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return Math.round(date.getTime() / DAY_MS);
}

/** Days from the first date to the second (`YYYY-MM-DD`); negative when the second is earlier. */
function daysBetween(from: unknown, to: unknown): number | null {
  const a = dayNumber(from);
  const b = dayNumber(to);
  return a === null || b === null ? null : b - a;
}

/** The named operations, by the name definitions use (docs/definition-format.md). */
export const CALCULATION_OPERATIONS: Readonly<Record<string, Operation>> = {
  sum,
  count,
  average,
  median,
  smallest,
  largest,
  median_of_counts: medianOfCounts,
  days_between: daysBetween as Operation,
};

/** Anything with json-logic-js's add_operation (json-logic-js, formio.js's and @formio/core's jsonLogic). */
export interface LogicRegistry {
  add_operation(name: string, code: (...args: never[]) => unknown): void;
}

const registered = new WeakSet<object>();

/** Adds the named operations to a json-logic-js instance (once per instance). */
export function registerCalculationOperations(registry: LogicRegistry): void {
  if (registered.has(registry)) return;
  for (const [name, code] of Object.entries(CALCULATION_OPERATIONS)) registry.add_operation(name, code);
  registered.add(registry);
}
