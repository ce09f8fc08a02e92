// Compiles indicator JSONLogic to parameterised SQL over jsonb with json-logic-js's meaning, so a
// filter counts on the server exactly the rows the browser's form engine would accept.
//
// The meaning (docs/indicator-format.md, "JSONLogic in indicators"), for the grammar of
// form-engine/indicator/logic-subset.ts (anything else is refused before compiling, with its path):
// - every value is a JSON value (jsonb, never SQL NULL); `var` is `data[a][b]…`: a missing step or a
//   null on the way gives the default (or null), a null at the end stays null;
// - `==`/`!=` are JavaScript's loose equality (1 == "1", "" == 0, [5] == 5, null == only null),
//   `===`/`!==` strict; arrays and objects are equal only to themselves (the same `var`);
// - `<`, `<=`, `>`, `>=`: two strings compare by UTF-16 code units (so ISO dates compare as dates),
//   anything else as numbers after Number() (null → 0, true → 1, "abc" → NaN: false);
// - `!`, `!!`, and the result of a filter use json-logic-js truthiness (0, "", null, false, [] are
//   false); `and`/`or` appear only as conditions, where only that truthiness matters;
// - `in`: substring of a non-empty string (needle through String()), or an item (===) of an array;
// - `all` (false on an empty or missing list), `some`, `none` read each item with `var`.
// The JavaScript conversions are SQL functions (migrations/20261201020000_create_jsonlogic_functions.ts).
// Paths and literals always travel as bind parameters; only fixed aliases (s.data, item.value,
// eN.value), function names and operators are written into the SQL text.
import { sql, type RawBuilder } from 'kysely';
import { assertLogicSubset, evaluateLogic, LogicSubsetError, type IndicatorDefinition } from '../../form-engine/index';
import { inLiteralList, inLiteralText, inValueOf, jsonLiteral, lessLiteral, looseEqLiteral, strictEqLiteral, truthySql, type Scalar } from './logic-sql-literal';

type Expr = { kind: 'bool' | 'json'; sql: RawBuilder<unknown> };

export interface LogicScope {
  /** SQL for the submission data (jsonb). */
  data: RawBuilder<unknown>;
  /** SQL for the current repeat item (jsonb), when the indicator reads `each`. */
  item?: RawBuilder<unknown>;
  /** Element aliases of enclosing all/some/none, innermost last. */
  elements: RawBuilder<unknown>[];
}

/** A condition SQL cannot evaluate with json-logic-js's meaning; `path` is its JSON path in the definition. */
export class LogicCompileError extends Error {
  constructor(
    message: string,
    readonly path = '',
    readonly km = message,
  ) {
    super(path ? `${path}: ${message}` : message);
    this.name = 'LogicCompileError';
  }
}

/** A data path as a Postgres text[] literal, e.g. 'a.b' → '{a,b}' (segments are [A-Za-z0-9_] only). */
export function pathParam(path: string): RawBuilder<unknown> {
  const parts = path === '' ? [] : path.split('.');
  if (!parts.every((p) => /^[A-Za-z0-9_]+$/.test(p))) throw new LogicCompileError(`bad path ${path}`);
  return sql`cast(${`{${parts.join(',')}}`} as text[])`;
}

/** The jsonb at a data path (SQL NULL when absent). */
export function varSql(name: string, scope: LogicScope): RawBuilder<unknown> {
  const element = scope.elements.at(-1);
  if (element) return name === '' ? element : sql`(${element} #> ${pathParam(name)})`;
  if (name.startsWith('row.')) {
    if (!scope.item) throw new LogicCompileError('row. is only available with "each"');
    return sql`(${scope.item} #> ${pathParam(name.slice(4))})`;
  }
  return sql`(${scope.data} #> ${pathParam(name)})`;
}

/** A jsonb number as numeric, else NULL (measures sum numbers only). */
export function numeric(json: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(case when jsonb_typeof(${json}) = 'number' then (${json})::numeric end)`;
}

const asJson = (e: Expr) => (e.kind === 'json' ? e.sql : sql`to_jsonb(${e.sql})`);
const asBool = (e: Expr) => (e.kind === 'bool' ? e.sql : truthySql(e.sql));
const isScalar = (v: unknown): v is Scalar => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const bool = (s: RawBuilder<unknown>): Expr => ({ kind: 'bool', sql: s });
const constant = (b: boolean) => (b ? sql`true` : sql`false`);
const argsOf = (raw: unknown): unknown[] => (Array.isArray(raw) ? raw : [raw]);

/** The (name, default) of a `{"var": …}` node, or null when the node is not a var. */
function varOf(node: unknown): { name: string; fallback: unknown } | null {
  if (typeof node !== 'object' || node === null || Array.isArray(node) || Object.keys(node).length !== 1 || !('var' in node)) return null;
  const [name, fallback] = argsOf((node as { var: unknown }).var);
  return { name: String(name), fallback: fallback ?? null };
}

/**
 * The same path read twice gives the same value (for an array or object: the same object, equal to
 * itself), or, when absent, the two defaults: compared here by json-logic-js itself.
 */
function samePath(op: string, a: unknown, b: unknown, scope: LogicScope): Expr | null {
  const [x, y] = [varOf(a), varOf(b)];
  if (!x || !y || x.name !== y.name) return null;
  const whenPresent = !op.startsWith('!');
  const whenAbsent = evaluateLogic({ [op]: [x.fallback, y.fallback] }, {}) === true;
  if (whenPresent === whenAbsent) return bool(whenPresent ? sql`true` : sql`false`);
  const present = sql`(${varSql(x.name, scope)} is not null)`;
  return bool(whenPresent ? present : sql`(not ${present})`);
}

function compileValue(node: unknown, scope: LogicScope): Expr {
  if (typeof node !== 'object' || node === null) return { kind: 'json', sql: jsonLiteral(node) };
  const [op, raw] = Object.entries(node)[0] as [string, unknown];
  const args = argsOf(raw);
  const v = (n: unknown) => asJson(compileValue(n, scope));
  switch (op) {
    case 'var': {
      const read = varSql(String(args[0]), scope);
      return { kind: 'json', sql: sql`coalesce(${read}, ${jsonLiteral(args[1] ?? null)})` };
    }
    case '==':
    case '===':
    case '!=':
    case '!==': {
      const negate = op.startsWith('!');
      const same = samePath(op, args[0], args[1], scope);
      if (same) return same;
      const [a, b] = [args[0], args[1]];
      if (isScalar(a) && isScalar(b)) return bool(constant(evaluateLogic({ [op]: [a, b] }, {}) === true));
      if (isScalar(a) || isScalar(b)) {
        const [x, lit] = isScalar(b) ? [v(a), b] : [v(b), a as Scalar];
        const eq = op.length === 3 ? strictEqLiteral(x, lit) : looseEqLiteral(x, lit);
        return bool(negate ? sql`(not ${eq})` : eq);
      }
      const fn = op.length === 3 ? sql`jl_strict_eq` : sql`jl_loose_eq`;
      const eq = sql`${fn}(${v(args[0])}, ${v(args[1])})`;
      return bool(negate ? sql`(not ${eq})` : eq);
    }
    case '<':
    case '<=': {
      const pairs = args.slice(1).map((b, i) => less(args[i], b, op === '<=', scope));
      return bool(sql`(${sql.join(pairs, sql` and `)})`);
    }
    case '>':
      return bool(less(args[1], args[0], false, scope));
    case '>=':
      return bool(less(args[1], args[0], true, scope));
    case '!':
      return bool(sql`(not ${compileCondition(args[0], scope)})`);
    case '!!':
      return bool(compileCondition(args[0], scope));
    case 'in': {
      const [needle, hay] = [args[0], args[1]];
      if (isScalar(needle) && (isScalar(hay) || Array.isArray(hay))) return bool(constant(evaluateLogic({ in: [needle, hay] }, {}) === true));
      if (Array.isArray(hay)) return bool(inLiteralList(v(needle), hay as Scalar[]));
      if (typeof hay === 'string') return bool(inLiteralText(v(needle), hay));
      if (isScalar(needle)) return bool(inValueOf(needle, v(hay)));
      return bool(sql`jl_in(${v(needle)}, ${v(hay)})`);
    }
    case 'all':
    case 'some':
    case 'none': {
      const alias = sql.raw(`e${scope.elements.length}`);
      const list = v(args[0]);
      const cond = compileCondition(args[1], { ...scope, elements: [...scope.elements, sql`${alias}.value`] });
      const from = sql`jsonb_array_elements(case when jsonb_typeof(${list}) = 'array' then ${list} else '[]'::jsonb end) as ${alias}(value)`;
      if (op === 'some') return bool(sql`exists (select 1 from ${from} where ${cond})`);
      if (op === 'none') return bool(sql`(not exists (select 1 from ${from} where ${cond}))`);
      // (case, not and: PostgreSQL may evaluate the operands of `and` in any order)
      return bool(sql`(case when jsonb_typeof(${list}) = 'array' then jsonb_array_length(${list}) > 0 and not exists (select 1 from ${from} where not ${cond}) else false end)`);
    }
    default:
      throw new LogicCompileError(`operation ${op} is not supported in indicators`);
  }
}

/** a < b (or a <= b) as JavaScript compares them. */
function less(a: unknown, b: unknown, orEqual: boolean, scope: LogicScope): RawBuilder<unknown> {
  if (isScalar(a) && isScalar(b)) return constant(evaluateLogic({ [orEqual ? '<=' : '<']: [a, b] }, {}) === true);
  if (isScalar(b)) return lessLiteral(asJson(compileValue(a, scope)), b, orEqual, false);
  if (isScalar(a)) return lessLiteral(asJson(compileValue(b, scope)), a, orEqual, true);
  return sql`jl_less(${asJson(compileValue(a, scope))}, ${asJson(compileValue(b, scope))}, ${constant(orEqual)})`;
}

/** SQL boolean (never NULL): the truthiness of the condition. */
function compileCondition(node: unknown, scope: LogicScope): RawBuilder<unknown> {
  if (typeof node === 'object' && node !== null && !Array.isArray(node)) {
    const [op, raw] = Object.entries(node)[0] as [string, unknown];
    if (op === 'and' || op === 'or') return sql`(${sql.join(argsOf(raw).map((a) => compileCondition(a, scope)), sql.raw(` ${op} `))})`;
  }
  return asBool(compileValue(node, scope));
}

function check(logic: unknown, each: boolean, where: string): void {
  try {
    assertLogicSubset(logic, { each });
  } catch (e) {
    if (e instanceof LogicSubsetError) throw new LogicCompileError(e.issue.en, `${where}${e.issue.path}`, e.issue.km);
    throw e;
  }
}

/** A boolean SQL condition: true exactly where json-logic-js finds the logic truthy. */
export function logicCondition(logic: unknown, scope: LogicScope, where = ''): RawBuilder<unknown> {
  check(logic, scope.item !== undefined && scope.elements.length === 0, where);
  return compileCondition(logic, scope);
}

/**
 * Throws LogicCompileError (with the JSON path of the offending part, e.g. `filter.and.1.==.0`) when
 * a condition of the indicator cannot be compiled for one of its sources. For save/publish checks.
 */
export function assertIndicatorLogic(def: IndicatorDefinition): void {
  const conditions: Array<[string, unknown]> = [
    ['filter', def.filter],
    ['measure.where', def.measure.where],
    ['measure.numerator.where', def.measure.numerator?.where],
    ['measure.denominator.where', def.measure.denominator?.where],
  ];
  for (const source of def.sources) for (const [where, logic] of conditions) if (logic !== undefined) check(logic, source.each !== undefined, where);
}
