// Area filters as ranges, so they can use a plain btree index: `geo_code like '06%'` cannot under the
// databases' C.UTF-8 (or any non-C) collation, and a count at a million rows then scans the table
// (issue 13 part 7). Place codes are digit strings, so "starts with 06" is exactly
// "'06' <= code < '07'" in every collation (digits sort the same in all of them).
import { sql, type Expression, type SqlBool } from 'kysely';

/** The half-open range [from, to) of digit strings starting with `prefix` (`to` null: no upper bound, all nines). */
export function prefixRange(prefix: string): { from: string; to: string | null } {
  if (!/^\d+$/.test(prefix)) throw new Error(`not a place code prefix: ${JSON.stringify(prefix)}`);
  let i = prefix.length - 1;
  while (i >= 0 && prefix[i] === '9') i--;
  if (i < 0) return { from: prefix, to: null };
  return { from: prefix, to: prefix.slice(0, i) + String(Number(prefix[i]) + 1) };
}

/** `column` holds a code starting with `prefix` (false for null), as an index-friendly range. */
export function codeStartsWith(column: Expression<string | null> | string, prefix: string): Expression<SqlBool> {
  const ref = typeof column === 'string' ? sql.ref(column) : column;
  const { from, to } = prefixRange(prefix);
  return to === null ? sql<SqlBool>`(${ref} >= ${from})` : sql<SqlBool>`(${ref} >= ${from} and ${ref} < ${to})`;
}
