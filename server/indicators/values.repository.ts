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
  /** Only rows whose category at `position` (1-based) is `value` (a total, never summed with its parts). */
  catFilters?: Array<{ position: number; value: string }>;
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

/** The smallest code after every code starting with `prefix` ("0507" → "0508"), or null ("99"). */
export function nextPrefix(prefix: string): string | null {
  const next = (BigInt(prefix) + 1n).toString().padStart(prefix.length, '0');
  return next.length > prefix.length ? null : next;
}

/**
 * Place codes under any of the prefixes, written as ranges so the primary key's index is used
 * (`left(code, n) = prefix` would read every row of the level).
 */
function prefixCondition(column: RawBuilder<unknown>, prefixes: string[] | null): RawBuilder<unknown> {
  if (prefixes === null) return sql`true`;
  if (prefixes.length === 0) return sql`false`;
  const ranges = prefixes.map((p) => {
    if (p === '') return sql`true`;
    const upper = nextPrefix(p);
    return upper === null ? sql`${column} >= ${p}` : sql`(${column} >= ${p} and ${column} < ${upper})`;
  });
  return sql`(${sql.join(ranges, sql` or `)})`;
}

function catsCondition(filters: ValuesQuery['catFilters']): RawBuilder<unknown> {
  return sql.join([sql`true`, ...(filters ?? []).map((f) => sql`cats[${sql.lit(f.position)}] = ${f.value}`)], sql` and `);
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
      ${q.period ? sql`and period = ${q.period}` : sql``} and ${prefixCondition(sql`geo_code`, q.prefixes)} and ${catsCondition(q.catFilters)}
    group by 1, 2, 3, 4 order by 1, 2, 3, 4`.execute(db);
  return rows.map(toRow);
}

/**
 * Coverage: places at `level` whose rows include every step, counted per group and period. Read from
 * the roll-up rows of that level (one per place × period × step), a few thousand rows at most.
 */
export async function readCoverage(db: Kysely<Database>, q: ValuesQuery, level: GeoLevel, steps: number): Promise<AggregateRow[]> {
  const placeLen = GEO_LENGTH[level];
  const { rows } = await sql<Record<string, unknown>>`
    with per_place as (
      select geo_code as place, period, count(distinct cats[1]) as steps
      from indicator_rollup
      where indicator_key = ${q.key} and indicator_version = ${q.version} and geo_level = ${level} and period_kind = ${q.periodKind} and n > 0
        ${q.period ? sql`and period = ${q.period}` : sql``} and ${prefixCondition(sql`geo_code`, q.prefixes)}
      group by 1, 2
    )
    select left(place, ${Math.min(GEO_LENGTH[q.groupLevel], placeLen)}) as geo, period, '{}'::text[] as cats, '' as bucket,
      count(*) as n, count(*) filter (where steps >= ${steps}) as num, count(*) as den, 0 as total
    from per_place group by 1, 2 order by 1, 2`.execute(db);
  return rows.map(toRow);
}
