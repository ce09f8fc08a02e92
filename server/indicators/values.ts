// From aggregated roll-up rows to indicator values: the measure's formula, medians from value
// counts, and the change from the previous period of the same group.
import type { IndicatorDefinition } from '../../form-engine/index';
import type { AggregateRow } from './values.repository';

export interface IndicatorValue {
  dimensions: Record<string, string>;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  target: number | null;
  previous: number | null;
  change: number | null;
}

interface Group {
  dimensions: Record<string, string>;
  n: number;
  num: number;
  den: number;
  total: number;
  buckets: Array<[number, number]>;
}

function median(buckets: Array<[number, number]>): number | null {
  const sorted = buckets.filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const count = sorted.reduce((s, [, n]) => s + n, 0);
  if (count === 0) return null;
  const at = (k: number) => {
    let seen = 0;
    for (const [v, n] of sorted) if ((seen += n) > k) return v;
    return sorted.at(-1)![0];
  };
  return count % 2 ? at((count - 1) / 2) : (at(count / 2 - 1) + at(count / 2)) / 2;
}

function compute(def: IndicatorDefinition, g: Group): Pick<IndicatorValue, 'value' | 'numerator' | 'denominator'> {
  const div = (a: number, b: number) => (b === 0 ? null : a / b);
  switch (def.measure.type) {
    case 'count':
      return { value: g.n, numerator: null, denominator: null };
    case 'sum':
      return { value: g.total, numerator: null, denominator: null };
    case 'average':
      return { value: div(g.total, g.n), numerator: g.total, denominator: g.n };
    case 'median':
      return { value: median(g.buckets), numerator: null, denominator: g.n };
    case 'percentage': {
      const share = div(g.num, g.den);
      return { value: share === null ? null : share * 100, numerator: g.num, denominator: g.den };
    }
    case 'ratio':
      return { value: div(g.num, g.den), numerator: g.num, denominator: g.den };
    case 'coverage':
      return { value: g.num, numerator: g.num, denominator: g.den };
  }
}

export function toValues(def: IndicatorDefinition, rows: AggregateRow[], dims: { geo: string | null; period: string | null; cats: string[] }): IndicatorValue[] {
  const groups = new Map<string, Group>();
  for (const r of rows) {
    const dimensions: Record<string, string> = {};
    if (dims.geo) dimensions[dims.geo] = r.geo;
    if (dims.period) dimensions[dims.period] = r.period;
    dims.cats.forEach((c, i) => (dimensions[c] = r.cats[i] ?? ''));
    const id = JSON.stringify(dimensions);
    const g = groups.get(id) ?? { dimensions, n: 0, num: 0, den: 0, total: 0, buckets: [] };
    g.n += r.n;
    g.num += r.num;
    g.den += r.den;
    g.total += r.total;
    if (r.bucket !== '') g.buckets.push([Number(r.bucket), r.n]);
    groups.set(id, g);
  }
  const order = (g: Group) => Object.values(g.dimensions).join('\u0000');
  const sorted = [...groups.values()].sort((a, b) => order(a).localeCompare(order(b)));
  const values = sorted.map((g) => ({ dimensions: g.dimensions, ...compute(def, g), target: def.target ?? null, previous: null as number | null, change: null as number | null }));
  if (dims.period) {
    // Change from the previous period of the same group (e.g. last year's cycle).
    const byRest = new Map<string, IndicatorValue[]>();
    for (const v of values) {
      const { [dims.period]: _p, ...rest } = v.dimensions;
      const id = JSON.stringify(rest);
      byRest.set(id, [...(byRest.get(id) ?? []), v]);
    }
    for (const series of byRest.values()) {
      series.sort((a, b) => a.dimensions[dims.period!]!.localeCompare(b.dimensions[dims.period!]!));
      series.forEach((v, i) => {
        const prev = series[i - 1];
        if (prev && prev.value !== null && v.value !== null) {
          v.previous = prev.value;
          v.change = v.value - prev.value;
        }
      });
    }
  }
  return values;
}
