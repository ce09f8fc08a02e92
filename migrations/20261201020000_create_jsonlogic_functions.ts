// JSONLogic's meaning in SQL: indicator filters are evaluated by json-logic-js in the browser and by
// compiled SQL over jsonb on the server, and both must give the same answer (docs/indicator-format.md,
// server/indicators/logic-sql.ts). These functions are JavaScript's conversions and comparisons for
// JSON values (String(), Number(), ==, ===, <, <=, `in`), written once here so compiled filters stay
// small. The general ones are PL/pgSQL, never inlined: the compiler handles the usual cases (a value
// against a literal) inline and calls these for rare types, so plans stay small and cheap. Pure
// (immutable) functions of their arguments; the same on PGlite and PostgreSQL.
import { sql, type Kysely } from 'kysely';

// JavaScript's white space and line terminators (what Number() trims).
const WS = String.raw`[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]`;

// JavaScript rounds to Infinity from half-way between the largest double and 2^1024, and to 0 up to
// half the smallest denormal (2^-1075, ties to even): exact decimals of both.
const OVERFLOW = `'${((2n ** 54n - 1n) * 2n ** 970n).toString()}'`;
const UNDERFLOW = `'0.${(5n ** 1075n).toString().padStart(1075, '0')}'`;

const FUNCTIONS = [
  // Number(s) for a decimal string with an exponent, or a long one, without ever failing: PostgreSQL's
  // float8 input is correctly rounded like JavaScript's but refuses what JavaScript rounds to Infinity
  // or to 0, so the value is first put in the form 0.DIGITS × 10^point and compared with the limits.
  // (No exception handler: that would make the function unusable in parallel queries.)
  String.raw`create function jl_decimal_to_num(t text) returns double precision language plpgsql immutable parallel safe as $$
declare
  neg boolean := left(t, 1) = '-';
  m text := substring(t from '^[+-]?([0-9]*\.?[0-9]*)');
  e text := coalesce(substring(t from '[eE]([+-]?[0-9]+)$'), '0');
  int_part text := split_part(m, '.', 1);
  all_digits text := split_part(m, '.', 1) || split_part(m, '.', 2);
  digits text := ltrim(all_digits, '0');
  point numeric;
  canonical text;
begin
  if digits = '' or (length(ltrim(ltrim(e, '+-'), '0')) > 12 and left(e, 1) = '-') then
    return (case when neg then '-0' else '0' end)::float8;
  end if;
  if length(ltrim(ltrim(e, '+-'), '0')) > 12 then
    return (case when neg then '-Infinity' else 'Infinity' end)::float8;
  end if;
  point := length(int_part) - (length(all_digits) - length(digits)) + e::numeric;
  if point > 310 then
    return (case when neg then '-Infinity' else 'Infinity' end)::float8;
  end if;
  if point < -330 then
    return (case when neg then '-0' else '0' end)::float8;
  end if;
  digits := rtrim(digits, '0');
  -- 800 digits decide any rounding; a final 1 keeps "above half-way" above it.
  if length(digits) > 800 then
    digits := left(digits, 800) || '1';
  end if;
  canonical := '0.' || digits || 'e' || point::text;
  if canonical::numeric >= ${OVERFLOW}::numeric then
    return (case when neg then '-Infinity' else 'Infinity' end)::float8;
  end if;
  if canonical::numeric <= ${UNDERFLOW}::numeric then
    return (case when neg then '-0' else '0' end)::float8;
  end if;
  return ((case when neg then '-' else '' end) || canonical)::float8;
end $$`,
  // Number(s) for 0x…, 0o…, 0b… strings.
  String.raw`create function jl_radix_to_num(t text) returns double precision language plpgsql immutable parallel safe as $$
declare
  base int := case lower(substr(t, 2, 1)) when 'x' then 16 when 'o' then 8 else 2 end;
  digits text := ltrim(lower(substr(t, 3)), '0');
  n numeric := 0;
  c text;
begin
  if length(digits) * (case base when 16 then 4 when 8 then 3 else 1 end) > 1100 then
    return 'Infinity'::float8;
  end if;
  foreach c in array regexp_split_to_array(digits, '') loop
    n := n * base + (position(c in '0123456789abcdef') - 1);
  end loop;
  -- At or above half-way between the largest double and 2^1024, JavaScript rounds to Infinity.
  if n >= ${OVERFLOW}::numeric then
    return 'Infinity'::float8;
  end if;
  return n::float8;
end $$`,
  // Number(s): JavaScript's StringToNumber (NaN for anything else).
  String.raw`create function jl_str_to_num(s text) returns double precision language sql immutable parallel safe as $$
select case
  when t = '' then 0::float8
  when t ~ '^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$' and length(t) <= 300 then t::float8
  when t ~ '^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$' then jl_decimal_to_num(t)
  when t ~ '^[+-]?Infinity$' then (case when left(t, 1) = '-' then '-Infinity' else 'Infinity' end)::float8
  when t ~ '^0([xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)$' then jl_radix_to_num(t)
  else 'NaN'::float8
end
from (select regexp_replace(s, '^${WS}+|${WS}+$', '', 'g') as t) as trimmed
$$`,
  // String(n) for a number that came from JavaScript (JSON.stringify writes the shortest digits).
  String.raw`create function jl_num_to_str(n numeric) returns text language sql immutable parallel safe as $$
select case
  when n = 0 then '0'
  when abs(n) >= 1e21 or abs(n) < 1e-6 then
    (case when n < 0 then '-' else '' end) || left(d, 1) || (case when length(d) > 1 then '.' || substr(d, 2) else '' end)
      || 'e' || (case when x >= 0 then '+' else '-' end) || abs(x)::text
  else trim_scale(n)::text
end
from (select trim_scale(abs(n))::text as a) as absolute,
  lateral (select rtrim(ltrim(replace(a, '.', ''), '0'), '0') as d,
    case when abs(n) >= 1 then length(split_part(a, '.', 1)) - 1
      else -(length(split_part(a, '.', 2)) - length(ltrim(split_part(a, '.', 2), '0')) + 1) end as x) as parts
$$`,
  // String(v) for a JSON value: arrays join their items with commas (null items as ''), objects are
  // '[object Object]'.
  String.raw`create function jl_str(v jsonb) returns text language plpgsql immutable parallel safe as $$
begin
  return case jsonb_typeof(v)
    when 'string' then v #>> '{}'
    when 'number' then jl_num_to_str((v #>> '{}')::numeric)
    when 'boolean' then v #>> '{}'
    when 'null' then 'null'
    when 'object' then '[object Object]'
    else (select coalesce(string_agg(case when jsonb_typeof(item) = 'null' then '' else jl_str(item) end, ',' order by i), '')
      from jsonb_array_elements(v) with ordinality as a(item, i))
  end;
end $$`,
  // Number(v) for a JSON value (arrays and objects through their string).
  String.raw`create function jl_num(v jsonb) returns double precision language plpgsql immutable parallel safe cost 5 as $$
begin
  return case jsonb_typeof(v)
    when 'number' then (v #>> '{}')::float8
    when 'null' then 0::float8
    when 'boolean' then (case when v = 'true'::jsonb then 1 else 0 end)::float8
    when 'string' then jl_str_to_num(v #>> '{}')
    else jl_str_to_num(jl_str(v))
  end;
end $$`,
  // A string key whose C-collation order is JavaScript's (UTF-16 code unit) order: characters beyond
  // U+FFFF are surrogate pairs in JavaScript, so they sort between U+D7FF and U+E000.
  String.raw`create function jl_sort_key(s text) returns text language sql immutable parallel safe as $$
select case when octet_length(s) = char_length(s) then s
  else regexp_replace(s, '([\U00010000-\U0010ffff])', chr(55295) || '\1', 'g') end
$$`,
  // a === b for two different expressions: arrays and objects are never the same object. Numbers
  // compare as jsonb (numerically): numbers written by JavaScript are equal exactly when their doubles are.
  // (No cast here may fail on one argument in a branch chosen by the other's type: PostgreSQL folds
  // constant arguments while planning, whatever the branch.)
  String.raw`create function jl_strict_eq(a jsonb, b jsonb) returns boolean language plpgsql immutable parallel safe cost 5 as $$
begin
  return case
    when jsonb_typeof(a) is distinct from jsonb_typeof(b) or jsonb_typeof(a) in ('array', 'object') then false
    when jsonb_typeof(a) = 'string' then (a #>> '{}') collate "C" = (b #>> '{}') collate "C"
    else a = b
  end;
end $$`,
  // a == b (JavaScript's loose equality) for two different expressions.
  String.raw`create function jl_loose_eq(a jsonb, b jsonb) returns boolean language plpgsql immutable parallel safe cost 5 as $$
begin
  return case
    when jsonb_typeof(a) = 'null' or jsonb_typeof(b) = 'null' then jsonb_typeof(a) = jsonb_typeof(b)
    when jsonb_typeof(a) in ('array', 'object') and jsonb_typeof(b) in ('array', 'object') then false
    when jsonb_typeof(a) = jsonb_typeof(b) then jl_strict_eq(a, b)
    when jsonb_typeof(a) in ('array', 'object') and jsonb_typeof(b) = 'string' then jl_str(a) collate "C" = (b #>> '{}') collate "C"
    when jsonb_typeof(b) in ('array', 'object') and jsonb_typeof(a) = 'string' then jl_str(b) collate "C" = (a #>> '{}') collate "C"
    else jl_num(a) = jl_num(b) and jl_num(a) <> 'NaN'::float8
  end;
end $$`,
  // a < b (or a <= b when or_equal): strings compare by UTF-16 code units, anything else as numbers
  // (NaN compares false). Arrays and objects compare through their string.
  String.raw`create function jl_less(a jsonb, b jsonb, or_equal boolean) returns boolean language plpgsql immutable parallel safe cost 5 as $$
begin
  return case
    when jsonb_typeof(a) in ('string', 'array', 'object') and jsonb_typeof(b) in ('string', 'array', 'object') then
      case when or_equal then jl_sort_key(jl_str(a)) collate "C" <= jl_sort_key(jl_str(b)) collate "C"
        else jl_sort_key(jl_str(a)) collate "C" < jl_sort_key(jl_str(b)) collate "C" end
    when jl_num(a) = 'NaN'::float8 or jl_num(b) = 'NaN'::float8 then false
    when or_equal then jl_num(a) <= jl_num(b)
    else jl_num(a) < jl_num(b)
  end;
end $$`,
  // {"in": [needle, haystack]}: a substring of a non-empty string, or an item (===) of an array.
  String.raw`create function jl_in(needle jsonb, hay jsonb) returns boolean language plpgsql immutable parallel safe cost 5 as $$
begin
  return case jsonb_typeof(hay)
    when 'string' then hay <> '""'::jsonb and position(jl_str(needle) in (hay #>> '{}')) > 0
    when 'array' then exists (select 1 from jsonb_array_elements(hay) as h(item) where jl_strict_eq(needle, h.item))
    else false
  end;
end $$`,
];

const NAMES = [
  'jl_in(jsonb, jsonb)', 'jl_less(jsonb, jsonb, boolean)', 'jl_loose_eq(jsonb, jsonb)', 'jl_strict_eq(jsonb, jsonb)',
  'jl_sort_key(text)', 'jl_num(jsonb)', 'jl_str(jsonb)', 'jl_num_to_str(numeric)', 'jl_str_to_num(text)', 'jl_radix_to_num(text)', 'jl_decimal_to_num(text)',
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const f of FUNCTIONS) await sql.raw(f).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const n of NAMES) await sql.raw(`drop function if exists ${n}`).execute(db);
}
