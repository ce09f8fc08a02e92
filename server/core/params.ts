// Checks for query and GraphQL parameters that PostgreSQL would otherwise refuse in the middle of a
// query, or of a stream already answered 200: integers in int4 range, cursors in bigint range, real
// calendar dates. Each failure is BAD_INPUT with the parameter's path.
import { isCalendarDate } from '../../form-engine/index';
import { Problem } from './problems';

const INT4_MAX = 2_147_483_647;
const BIGINT_MAX = 9_223_372_036_854_775_807n;

export function isInt4(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= -INT4_MAX - 1 && value <= INT4_MAX;
}

/** A keyset cursor: a positive bigint written in digits. */
export function isCursor(value: string): boolean {
  return /^\d{1,19}$/.test(value) && BigInt(value) <= BIGINT_MAX;
}

/** YYYY-MM-DD naming a day that exists (2026-02-31 does not): the form engine's check. */
export { isCalendarDate };

export function badParam(path: string, keyword: string, en: string, km: string): Problem {
  return new Problem('BAD_INPUT', { message: { en, km }, errors: [{ path, keyword, message: { en, km } }] });
}

export function checkPageSize(first: number, path = 'first'): void {
  if (!Number.isInteger(first) || first < 1 || first > 500) throw badParam(path, 'range', 'first must be between 1 and 500.', 'first ត្រូវនៅចន្លោះ ១ និង ៥០០។');
}

export function checkCursor(after: string | null | undefined, path = 'after'): void {
  if (after != null && !isCursor(after)) throw badParam(path, 'format', 'Unknown cursor.', 'cursor មិនស្គាល់។');
}

/** A UUID in canonical text form (record, upload and token ids are UUIDs; case is not significant). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
