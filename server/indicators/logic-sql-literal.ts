// Fast SQL for the usual shape of an indicator condition: a value compared with a literal
// ({"==": [{"var": "row.status"}, "completed"]}). The literal's JavaScript conversions (Number(),
// String()) are computed here, in JavaScript, so each row needs only a branch on its JSON type and a
// plain comparison; rare types fall back to the general SQL functions (jl_loose_eq, jl_less, jl_in).
// The meaning is exactly json-logic-js's (tests/integration/logic-sql-differential.test.ts).
import { sql, type RawBuilder } from 'kysely';

export type Scalar = null | boolean | number | string;
type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object';

export const jsonLiteral = (value: unknown) => sql`cast(${JSON.stringify(value ?? null)} as jsonb)`;
const TRUE = sql`true`;
const FALSE = sql`false`;
const constant = (b: boolean) => (b ? TRUE : FALSE);

/** `case jsonb_typeof(x) when … end`, false for the types not listed. */
function byType(x: RawBuilder<unknown>, branches: Partial<Record<JsonType, RawBuilder<unknown>>>): RawBuilder<unknown> {
  const arms = Object.entries(branches).map(([t, s]) => sql`when ${sql.lit(t)} then ${s}`);
  return arms.length ? sql`(case jsonb_typeof(${x}) ${sql.join(arms, sql` `)} else false end)` : FALSE;
}

/** JavaScript truthiness of a JSON value (json-logic-js: empty arrays are false). */
export function truthySql(x: RawBuilder<unknown>): RawBuilder<unknown> {
  return byType(x, { boolean: sql`${x} = 'true'::jsonb`, number: sql`${x} <> '0'::jsonb`, string: sql`${x} <> '""'::jsonb`, array: sql`${x} <> '[]'::jsonb`, object: TRUE });
}

/** x == lit (JavaScript's loose equality). */
export function looseEqLiteral(x: RawBuilder<unknown>, lit: Scalar): RawBuilder<unknown> {
  if (lit === null) return sql`(jsonb_typeof(${x}) = 'null')`;
  const n = Number(lit);
  const L = jsonLiteral(lit);
  const b: Partial<Record<JsonType, RawBuilder<unknown>>> = {};
  if (typeof lit === 'string') b.string = sql`${x} = ${L}`;
  else b.string = sql`jl_str_to_num(${x} #>> '{}') = cast(${String(n)} as float8)`;
  if (typeof lit === 'number') b.number = sql`${x} = ${L}`;
  else if (Number.isFinite(n)) b.number = sql`${x} = ${jsonLiteral(n)}`;
  if (typeof lit === 'boolean') b.boolean = sql`${x} = ${L}`;
  else if (n === 1 || n === 0) b.boolean = sql`${x} = ${jsonLiteral(n === 1)}`;
  b.array = sql`jl_loose_eq(${x}, ${L})`;
  if (lit === '[object Object]') b.object = TRUE;
  return byType(x, b);
}

/** x === lit. jsonb equality is strict: same type, numbers by value, strings byte for byte. */
export function strictEqLiteral(x: RawBuilder<unknown>, lit: Scalar): RawBuilder<unknown> {
  return sql`(${x} = ${jsonLiteral(lit)})`;
}

// Characters whose order differs between UTF-16 code units (JavaScript) and code points (C collation).
const NEEDS_SORT_KEY = /[\uD800-\uDFFF\uE000-\uFFFF]/;

/** x < lit, x <= lit, or (litLeft) lit < x, lit <= x, as JavaScript compares them. */
export function lessLiteral(x: RawBuilder<unknown>, lit: Scalar, orEqual: boolean, litLeft: boolean): RawBuilder<unknown> {
  const op = sql.raw(orEqual ? '<=' : '<');
  const L = jsonLiteral(lit);
  const generic = litLeft ? sql`jl_less(${L}, ${x}, ${constant(orEqual)})` : sql`jl_less(${x}, ${L}, ${constant(orEqual)})`;
  const order = (xs: RawBuilder<unknown>, ls: RawBuilder<unknown>) => (litLeft ? sql`${ls} ${op} ${xs}` : sql`${xs} ${op} ${ls}`);
  const b: Partial<Record<JsonType, RawBuilder<unknown>>> = { string: generic, array: generic, object: generic };
  if (typeof lit === 'string') {
    // Two strings: by UTF-16 code units (ISO dates compare as dates).
    b.string = NEEDS_SORT_KEY.test(lit)
      ? order(sql`jl_sort_key(${x} #>> '{}') collate "C"`, sql`jl_sort_key(cast(${lit} as text)) collate "C"`)
      : order(sql`(${x} #>> '{}') collate "C"`, sql`cast(${lit} as text) collate "C"`);
  }
  const n = lit === null ? 0 : Number(lit);
  if (!Number.isNaN(n)) {
    // As numeric: numbers written by JavaScript keep the order (and equality) of their doubles.
    const ln = sql`cast(${String(n)} as numeric)`;
    b.number = order(sql`(${x})::numeric`, ln);
    b.boolean = order(sql`(case when ${x} = 'true'::jsonb then 1 else 0 end)::numeric`, ln);
    b.null = constant(litLeft ? (orEqual ? n <= 0 : n < 0) : orEqual ? 0 <= n : 0 < n);
  }
  return byType(x, b);
}

/** {"in": [x, [lit, …]]}: an item of the list (===). */
export function inLiteralList(x: RawBuilder<unknown>, list: Scalar[]): RawBuilder<unknown> {
  return list.length ? sql`(${x} in (${sql.join(list.map(jsonLiteral))}))` : FALSE;
}

/** {"in": [x, "text"]}: String(x) is a substring of the (non-empty) text. */
export function inLiteralText(x: RawBuilder<unknown>, text: string): RawBuilder<unknown> {
  if (text === '') return FALSE;
  return byType(x, { string: sql`strpos(cast(${text} as text), ${x} #>> '{}') > 0`, number: sql`jl_in(${x}, ${jsonLiteral(text)})`, boolean: sql`jl_in(${x}, ${jsonLiteral(text)})`, null: constant(text.includes('null')), array: sql`jl_in(${x}, ${jsonLiteral(text)})`, object: constant(text.includes('[object Object]')) });
}

/** {"in": [lit, h]}: lit is an item (===) of the list h, or String(lit) a substring of the text h. */
export function inValueOf(lit: Scalar, h: RawBuilder<unknown>): RawBuilder<unknown> {
  const s = String(lit);
  return byType(h, {
    array: sql`${h} @> ${jsonLiteral([lit])}`,
    string: s === '' ? sql`${h} <> '""'::jsonb` : sql`strpos(${h} #>> '{}', cast(${s} as text)) > 0`,
  });
}
