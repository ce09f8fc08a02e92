// Compiles indicator JSONLogic (the SQL_OPERATIONS subset) to parameterised SQL over jsonb. Paths and
// literals always travel as bind parameters; only fixed aliases (s.data, item.value, eN.value) and
// operators are written into the SQL text.
import { sql, type RawBuilder } from 'kysely';

type Expr = { kind: 'bool' | 'json' | 'num'; sql: RawBuilder<unknown> };

export interface LogicScope {
  /** SQL for the submission data (jsonb). */
  data: RawBuilder<unknown>;
  /** SQL for the current repeat item (jsonb), when the indicator reads `each`. */
  item?: RawBuilder<unknown>;
  /** Element aliases of enclosing all/some/none, innermost last. */
  elements: RawBuilder<unknown>[];
}

export class LogicCompileError extends Error {}

/** A data path as a Postgres text[] literal, e.g. 'a.b' → '{a,b}' (segments are [A-Za-z0-9_] only). */
export function pathParam(path: string): RawBuilder<unknown> {
  const parts = path === '' ? [] : path.split('.');
  if (!parts.every((p) => /^[A-Za-z0-9_]+$/.test(p))) throw new LogicCompileError(`bad path ${path}`);
  return sql`cast(${`{${parts.join(',')}}`} as text[])`;
}

export function varSql(name: string, scope: LogicScope): RawBuilder<unknown> {
  const element = scope.elements.at(-1);
  if (element) return name === '' ? element : sql`(${element} #> ${pathParam(name)})`;
  if (name.startsWith('row.')) {
    if (!scope.item) throw new LogicCompileError('row. is only available with "each"');
    return sql`(${scope.item} #> ${pathParam(name.slice(4))})`;
  }
  return sql`(${scope.data} #> ${pathParam(name)})`;
}

export function numeric(json: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(case when jsonb_typeof(${json}) = 'number' then (${json})::numeric end)`;
}

function truthy(json: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`coalesce(case jsonb_typeof(${json}) when 'boolean' then ${json} = 'true'::jsonb when 'number' then (${json})::numeric <> 0 when 'string' then ${json} <> '""'::jsonb when 'array' then jsonb_array_length(${json}) > 0 when 'object' then true else false end, false)`;
}

const asBool = (e: Expr) => (e.kind === 'bool' ? sql`coalesce(${e.sql}, false)` : e.kind === 'num' ? sql`coalesce(${e.sql} <> 0, false)` : truthy(e.sql));
const asJson = (e: Expr) => (e.kind === 'json' ? e.sql : sql`to_jsonb(${e.sql})`);
const asNum = (e: Expr) => (e.kind === 'num' ? e.sql : e.kind === 'json' ? numeric(e.sql) : sql`(case when ${e.sql} then 1 else 0 end)::numeric`);

function literal(value: unknown): Expr {
  if (typeof value === 'number') return { kind: 'num', sql: sql`cast(${String(value)} as numeric)` };
  if (typeof value === 'boolean') return { kind: 'bool', sql: value ? sql`true` : sql`false` };
  return { kind: 'json', sql: sql`cast(${JSON.stringify(value ?? null)} as jsonb)` };
}

function arrayOf(e: Expr): RawBuilder<unknown> {
  const j = asJson(e);
  return sql`jsonb_array_elements(case when jsonb_typeof(${j}) = 'array' then ${j} else '[]'::jsonb end)`;
}

let elementCounter = 0;

function compileNode(node: unknown, scope: LogicScope): Expr {
  if (typeof node !== 'object' || node === null) return literal(node);
  if (Array.isArray(node)) return { kind: 'json', sql: sql`cast(${JSON.stringify(node)} as jsonb)` };
  const entries = Object.entries(node);
  if (entries.length !== 1) return literal(node);
  const [op, raw] = entries[0] as [string, unknown];
  const args = Array.isArray(raw) ? raw : [raw];
  const c = (n: unknown) => compileNode(n, scope);
  switch (op) {
    case 'var':
      return { kind: 'json', sql: varSql(String(args[0] ?? ''), scope) };
    case '==':
    case '===': {
      const [a, b] = [c(args[0]), c(args[1])];
      if (a.kind === 'num' || b.kind === 'num') return { kind: 'bool', sql: sql`(${asNum(a)} = ${asNum(b)})` };
      return { kind: 'bool', sql: sql`(${asJson(a)} = ${asJson(b)})` };
    }
    case '!=':
    case '!==': {
      const [a, b] = [c(args[0]), c(args[1])];
      if (a.kind === 'num' || b.kind === 'num') return { kind: 'bool', sql: sql`(${asNum(a)} is distinct from ${asNum(b)})` };
      return { kind: 'bool', sql: sql`(${asJson(a)} is distinct from ${asJson(b)})` };
    }
    case '>':
    case '>=':
    case '<':
    case '<=': {
      const nums = args.map((a) => asNum(c(a)));
      const cmp = sql.raw(op);
      if (nums.length === 3) return { kind: 'bool', sql: sql`(${nums[0]} ${cmp} ${nums[1]} and ${nums[1]} ${cmp} ${nums[2]})` };
      return { kind: 'bool', sql: sql`(${nums[0]} ${cmp} ${nums[1]})` };
    }
    case '!':
      return { kind: 'bool', sql: sql`(not ${asBool(c(args[0]))})` };
    case '!!':
      return { kind: 'bool', sql: asBool(c(args[0])) };
    case 'and':
    case 'or': {
      const parts = args.map((a) => asBool(c(a)));
      return { kind: 'bool', sql: sql`(${sql.join(parts, sql.raw(` ${op} `))})` };
    }
    case 'in': {
      const needle = c(args[0]);
      const hay = args[1];
      if (Array.isArray(hay)) {
        const options = hay.map((h) => asJson(literal(h)));
        return { kind: 'bool', sql: sql`(${asJson(needle)} in (${sql.join(options)}))` };
      }
      if (typeof hay === 'string') return { kind: 'bool', sql: sql`(position((${asJson(needle)} #>> '{}') in ${hay}) > 0)` };
      const list = asJson(c(hay));
      return { kind: 'bool', sql: sql`(jsonb_typeof(${list}) = 'array' and ${list} @> jsonb_build_array(${asJson(needle)}))` };
    }
    case 'all':
    case 'some':
    case 'none': {
      elementCounter = (elementCounter + 1) % 1000;
      const alias = sql.raw(`e${elementCounter}`);
      const element = sql`${alias}.value`;
      const list = c(args[0]);
      const cond = asBool(compileNode(args[1], { ...scope, elements: [...scope.elements, element] }));
      const from = sql`${arrayOf(list)} as ${alias}(value)`;
      if (op === 'some') return { kind: 'bool', sql: sql`exists (select 1 from ${from} where ${cond})` };
      if (op === 'none') return { kind: 'bool', sql: sql`not exists (select 1 from ${from} where ${cond})` };
      const j = asJson(list);
      return { kind: 'bool', sql: sql`(jsonb_typeof(${j}) = 'array' and jsonb_array_length(${j}) > 0 and not exists (select 1 from ${from} where not ${cond}))` };
    }
    default:
      throw new LogicCompileError(`operation ${op} is not supported in indicators`);
  }
}

/** A boolean SQL condition, false where the data are missing. */
export function logicCondition(logic: unknown, scope: LogicScope): RawBuilder<unknown> {
  return asBool(compileNode(logic, scope));
}
