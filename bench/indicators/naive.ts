// Why: the roll-ups only earn their keep against what the same figures cost without them, measured in
// the same run: each indicator by province × year computed straight from the submissions, with the very
// SQL the roll-ups are built from (`factsQuery(def, null)`), aggregated on top. A hand-written
// `jsonb_array_elements` + `->>` query (the shape of measured-limits.md's ~36 s) is timed for one of them.
import { performance } from 'node:perf_hooks';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { IndicatorDefinition } from '../../form-engine/index';
import type { Database } from '../../server/db/schema';
import { factsQuery } from '../../server/indicators/facts-sql';
import { median } from '../lib/measure';

export interface NaiveFigures {
  key: string;
  runsMs: number[];
  medianMs: number;
  groups: number;
}

/** Province × year values computed from the submissions (full JSONB scan), per measure type. */
export function naiveQuery(def: IndicatorDefinition): RawBuilder<{ p: string }> {
  const facts = factsQuery(def, null);
  if (def.measure.type === 'coverage') {
    const steps = new Set(def.sources.map((s) => s.constants?.step ?? s.form)).size;
    return sql`select left(place, 2) as p, y, count(*) filter (where steps >= ${steps}) as value, count(*) as places
      from (select left(leaf, 6) as place, left(month, 4) as y, count(distinct cats[1]) as steps
            from (${facts}) f where length(leaf) >= 6 and month <> '' and n > 0 group by 1, 2) per_place
      group by 1, 2`;
  }
  if (def.measure.type === 'median') {
    // Median from value counts per group, as values.ts computes it from the roll-up buckets.
    return sql`select p, y, percentile_disc(0.5) within group (order by v) as value from (
        select left(leaf, 2) as p, left(month, 4) as y, bucket::numeric as v, generate_series(1, sum(n)::int)
        from (${facts}) f where bucket <> '' group by 1, 2, 3) b group by 1, 2`;
  }
  return sql`select left(leaf, 2) as p, left(month, 4) as y, sum(n) as n, sum(num) / nullif(sum(den), 0) as share, sum(total) / nullif(sum(n), 0) as avg, sum(total) as total
    from (${facts}) f group by 1, 2`;
}

/** Average criterion score per province × year, written as one would without the indicator engine. */
export const NAIVE_ARRAY_ELEMENTS = sql<{ p: string }>`
  select left(s.geo_code, 2) as p, extract(year from s.period) as y, avg((c ->> 'score')::numeric) as avg
  from submission s, jsonb_array_elements(s.data -> 'criteria') c
  where s.definition_key in ('csc-health-centre', 'ssa-health-centre', 'csc-primary-school', 'ssa-primary-school', 'csc-commune', 'ssa-commune')
  group by 1, 2`;

export async function timeNaive(db: Kysely<Database>, key: string, query: RawBuilder<{ p: string }>, runs: number): Promise<NaiveFigures> {
  const runsMs: number[] = [];
  let groups = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const { rows } = await query.execute(db);
    runsMs.push(performance.now() - t);
    groups = rows.length;
  }
  return { key, runsMs, medianMs: median(runsMs), groups };
}
