// Reads indicator values from the roll-ups (or, for coverage, from the per-place leaves): a few rows
// per query whatever the number of submissions. Area limits are SQL conditions on the place codes.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema';

export type GeoLevel = 'country' | 'province' | 'district' | 'commune';
export type PeriodKind = 'all' | 'year' | 'quarter' | 'month';

export const GEO_LENGTH: Record<GeoLevel, number> = { country: 0, province: 2, district: 4, commune: 6 };
const LEVEL_BY_LENGTH: Record<number, GeoLevel> = { 0: 'country', 2: 'province', 4: 'district', 6: 'commune' };

export interface ValuesQuery {
  key: string;
  version: number;
  groupLevel: GeoLevel;
  periodKind: PeriodKind;
  period: string | null;
  /** 1-based positions of the categories to keep. */
  catPositions: number[];
  /** Place code prefixes the result is limited to; null = everywhere. */
  prefixes: string[] | null;
}

export interface AggregateRow {
  geo: string;
  period: string;
  cats: string[];
  bucket: string;
  n: number;
  num: number;
  den: number;
  total: number;
}

function prefixCondition(column: RawBuilder<unknown>, prefixes: string[] | null): RawBuilder<unknown> {
  if (prefixes === null) return sql`true`;
  if (prefixes.length === 0) return sql`false`;
  return sql`(${sql.join(prefixes.map((p) => sql`left(${column}, ${p.length}) = ${p}`), sql` or `)})`;
}

function catsSubset(positions: number[]): RawBuilder<unknown> {
  return positions.length ? sql`array[${sql.join(positions.map((i) => sql`cats[${sql.lit(i)}]`))}]::text[]` : sql`'{}'::text[]`;
}

const toRow = (r: Record<string, unknown>): AggregateRow => ({
  geo: String(r.geo),
  period: String(r.period),
  cats: r.cats as string[],
  bucket: String(r.bucket ?? ''),
  n: Number(r.n),
  num: Number(r.num),
  den: Number(r.den),
  total: Number(r.total),
});

/** The roll-up level to read: deep enough for the grouping and for every area prefix. */
export function readLevel(group: GeoLevel, prefixes: string[] | null): GeoLevel {
  const deepest = Math.max(GEO_LENGTH[group], ...(prefixes ?? []).map((p) => Math.min(p.length, 6)));
  return LEVEL_BY_LENGTH[deepest] ?? 'commune';
}

export async function readRollup(db: Kysely<Database>, q: ValuesQuery): Promise<AggregateRow[]> {
  const level = readLevel(q.groupLevel, q.prefixes);
  const len = GEO_LENGTH[q.groupLevel];
  const { rows } = await sql<Record<string, unknown>>`
    select left(geo_code, ${len}) as geo, period, ${catsSubset(q.catPositions)} as cats, bucket,
      sum(n) as n, sum(num) as num, sum(den) as den, sum(total) as total
    from indicator_rollup
    where indicator_key = ${q.key} and indicator_version = ${q.version} and geo_level = ${level} and period_kind = ${q.periodKind}
      ${q.period ? sql`and period = ${q.period}` : sql``} and ${prefixCondition(sql`geo_code`, q.prefixes)}
    group by 1, 2, 3, 4 order by 1, 2, 3, 4`.execute(db);
  return rows.map(toRow);
}

function periodOf(kind: PeriodKind): RawBuilder<unknown> {
  if (kind === 'year') return sql`left(month, 4)`;
  if (kind === 'quarter') return sql`left(month, 4) || '-Q' || ((cast(right(month, 2) as integer) + 2) / 3)`;
  if (kind === 'month') return sql`month`;
  return sql`''`;
}

/** Coverage: places at `level` whose rows include every step, counted per group and period. */
export async function readCoverage(db: Kysely<Database>, q: ValuesQuery, level: GeoLevel, steps: number): Promise<AggregateRow[]> {
  const placeLen = GEO_LENGTH[level];
  const { rows } = await sql<Record<string, unknown>>`
    with per_place as (
      select left(leaf, ${placeLen}) as place, ${periodOf(q.periodKind)} as period, count(distinct cats[1]) as steps
      from indicator_leaf
      where indicator_key = ${q.key} and indicator_version = ${q.version} and length(leaf) >= ${placeLen} and n > 0
        ${q.periodKind !== 'all' ? sql`and month <> ''` : sql``} and ${prefixCondition(sql`leaf`, q.prefixes)}
      group by 1, 2
    )
    select left(place, ${Math.min(GEO_LENGTH[q.groupLevel], placeLen)}) as geo, period, '{}'::text[] as cats, '' as bucket,
      count(*) as n, count(*) filter (where steps >= ${steps}) as num, count(*) as den, 0 as total
    from per_place ${q.period ? sql`where period = ${q.period}` : sql``}
    group by 1, 2 order by 1, 2`.execute(db);
  return rows.map(toRow);
}
