// Turns an indicator definition into the SQL that reads its facts from submissions: one row per
// submission (or per repeat item with `each`), aggregated per place (commune or coarser), month,
// category values and median bucket. The same query serves roll-up refreshes and the naive baseline.
import { sql, type RawBuilder } from 'kysely';
import type { IndicatorDefinition, IndicatorSource, MeasurePart } from '../../form-engine/index';
import { logicCondition, numeric, pathParam, varSql, type LogicScope } from './logic-sql';

const one = sql`1::numeric`;
const zero = sql`0::numeric`;

function scopeFor(source: IndicatorSource): LogicScope {
  return { data: sql`s.data`, ...(source.each ? { item: sql`item.value` } : {}), elements: [] };
}

function valueOf(path: string, scope: LogicScope): RawBuilder<unknown> {
  return numeric(varSql(path, scope));
}

function flag(logic: unknown, scope: LogicScope, where: string): RawBuilder<unknown> {
  return sql`(case when ${logicCondition(logic, scope, where)} then 1 else 0 end)::numeric`;
}

function part(p: MeasurePart, scope: LogicScope, where: string): RawBuilder<unknown> {
  const base = p.field ? sql`coalesce(${valueOf(p.field, scope)}, 0)` : one;
  return p.where === undefined ? base : sql`(${base} * ${flag(p.where, scope, where)})`;
}

/** Text array literal for a list of place codes (digits only, or empty). */
export function codesParam(codes: readonly string[]): RawBuilder<unknown> {
  if (!codes.every((c) => /^\d*$/.test(c))) throw new Error('bad place code');
  return sql`cast(${`{${codes.map((c) => `"${c}"`).join(',')}}`} as text[])`;
}

export const leafExpr = sql`left(coalesce(s.geo_code, ''), 6)`;

/**
 * Which submissions, by transaction visibility (pg_snapshot texts, see rollup.repository): those whose
 * inserting transaction is visible in `upTo`; with `after`, only those not yet visible in that earlier
 * snapshot and never edited since (edited rows are recomputed exactly by place).
 */
export interface RowRange {
  after?: string;
  upTo: string;
}

const snapshot = (text: string) => sql`cast(${text} as pg_snapshot)`;

function sourceSelect(def: IndicatorDefinition, source: IndicatorSource, leafs: readonly string[] | null, sample: number | null, seq: RowRange | null): RawBuilder<unknown> {
  const scope = scopeFor(source);
  const m = def.measure;
  const split = def.categories?.find((c) => c.fields);
  const period = def.periodField
    ? sql`(case when (${varSql(def.periodField, scope)} #>> '{}') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then cast(${varSql(def.periodField, scope)} #>> '{}' as date) end)`
    : sql`s.period`;
  const cats =
    m.type === 'coverage'
      ? [sql`${source.constants?.step ?? source.form}::text`]
      : (def.categories ?? []).map((c) =>
          c.fields ? sql`split.cat` : c.constant ? sql`${source.constants?.[c.constant] ?? ''}::text` : sql`coalesce(${varSql(c.field!, scope)} #>> '{}', '')`,
        );
  const value = split ? numeric(sql`(s.data #> split.path)`) : m.field ? valueOf(m.field, scope) : sql`null::numeric`;
  const hasValue = sql`(case when ${value} is null then 0 else 1 end)::numeric`;
  const measure: Record<'n' | 'num' | 'den' | 'total' | 'bucket', RawBuilder<unknown>> = {
    n: ['sum', 'average', 'median'].includes(m.type) ? hasValue : one,
    num: m.type === 'percentage' ? flag(m.where, scope, 'measure.where') : m.type === 'ratio' ? part(m.numerator!, scope, 'measure.numerator.where') : zero,
    den: m.type === 'percentage' ? one : m.type === 'ratio' ? part(m.denominator!, scope, 'measure.denominator.where') : zero,
    total: m.type === 'sum' || m.type === 'average' ? sql`coalesce(${value}, 0)` : zero,
    bucket: m.type === 'median' ? sql`coalesce(trim_scale(${value})::text, '')` : sql`''`,
  };
  const each = source.each
    ? sql`cross join lateral jsonb_array_elements(case when jsonb_typeof(s.data #> ${pathParam(source.each)}) = 'array' then s.data #> ${pathParam(source.each)} else '[]'::jsonb end) as item(value)`
    : sql``;
  const splitJoin = split
    ? sql`cross join lateral (values ${sql.join(Object.entries(split.fields!).map(([k, p]) => sql`(${k}::text, ${pathParam(p)})`))}) as split(cat, path)`
    : sql``;
  // Training records (training mode, issue 11) never count; review states counted (issue 12): approved
  // only, or every record not rejected (the default).
  const conditions = [sql`s.definition_key = ${source.form}`, sql`not s.training`, def.count === 'approved' ? sql`s.status = 'approved'` : sql`s.status <> 'rejected'`];
  if (leafs) conditions.push(sql`${leafExpr} = any(${codesParam(leafs)})`);
  // changed_xid >= xmin(after) first: the index range that keeps the cost to what arrived.
  if (seq?.after !== undefined) conditions.push(sql`s.changed_xid >= pg_snapshot_xmin(${snapshot(seq.after)}) and s.changed_xid = s.xid and not pg_visible_in_snapshot(s.xid, ${snapshot(seq.after)})`);
  if (seq) conditions.push(sql`pg_visible_in_snapshot(s.xid, ${snapshot(seq.upTo)})`);
  if (def.filter !== undefined) conditions.push(logicCondition(def.filter, scope, 'filter'));
  return sql`select ${leafExpr} as leaf, coalesce(to_char(${period}, 'YYYY-MM'), '') as month, ${cats.length ? sql`array[${sql.join(cats)}]::text[]` : sql`'{}'::text[]`} as cats,
    ${measure.bucket} as bucket, ${measure.n} as n, ${measure.num} as num, ${measure.den} as den, ${measure.total} as total
    from ${sample ? sql`(select * from submission where definition_key = ${source.form} and not training order by seq desc limit ${sample})` : sql`submission`} s ${each} ${splitJoin}
    where ${sql.join(conditions, sql` and `)}`;
}

/**
 * Facts aggregated per (leaf, month, cats, bucket); `leafs` limits them to those places, `seq` to the
 * submissions of a visibility range, `sample` to
 * the newest N submissions of each source form (previews).
 */
export function factsQuery(def: IndicatorDefinition, leafs: readonly string[] | null, sample: number | null = null, seq: RowRange | null = null): RawBuilder<unknown> {
  const parts = def.sources.map((s) => sourceSelect(def, s, leafs, sample, seq));
  return sql`select leaf, month, cats, bucket,
    sum(n) as n, sum(num) as num, sum(den) as den, sum(total) as total
    from (${sql.join(parts, sql` union all `)}) f group by 1, 2, 3, 4`;
}
