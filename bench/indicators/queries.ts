// Why: a dashboard asks an indicator for many shapes (national figure, by province, by province and
// year, districts of one province, categories), so p50/p95 are taken over a realistic mix of shapes,
// one request at a time after a warm-up pass, through the real GraphQL endpoint.
import { performance } from 'node:perf_hooks';
import { percentile } from '../lib/measure';
import type { IndicatorServer } from './server';

export const VALUES = 'query($k: String!, $g: [String!], $p: String, $s: String) { indicatorValues(key: $k, groupBy: $g, period: $p, scope: $s) { dimensions value numerator denominator target previous change } }';

export interface Shape {
  groupBy: string[];
  period?: string;
  scope?: string;
}

export interface IndicatorValueOut {
  dimensions: Record<string, string>;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

/** Shapes every indicator is asked for; `district` is a real district code (from the seeded places). */
function commonShapes(province: string, district: string): Shape[] {
  return [
    { groupBy: [] },
    { groupBy: ['province'] },
    { groupBy: ['province', 'year'] },
    { groupBy: ['year'] },
    { groupBy: ['quarter'] },
    { groupBy: ['district'], scope: province },
    { groupBy: ['commune'], scope: district },
    { groupBy: ['province'], period: '2026' },
  ];
}

const CATEGORY_SHAPES: Record<string, Shape[]> = {
  'average-score': [{ groupBy: ['respondent'] }, { groupBy: ['service', 'criterion', 'respondent'] }, { groupBy: ['service', 'respondent', 'year'] }],
  'median-score': [{ groupBy: ['service'] }, { groupBy: ['service', 'year'] }],
  'participants-by-group': [{ groupBy: ['group'] }, { groupBy: ['group', 'meeting'] }, { groupBy: ['group', 'province'] }],
  'jaap-actions-progress': [{ groupBy: ['service'] }, { groupBy: ['service', 'year'] }],
  'providers-all-criteria-4plus': [{ groupBy: ['service'] }, { groupBy: ['service', 'province', 'year'] }],
  'complete-cycle-communes': [{ groupBy: ['province'], period: '2025' }],
};

export function shapesFor(key: string, province: string, district: string): Shape[] {
  return [...commonShapes(province, district), ...(CATEGORY_SHAPES[key] ?? [])];
}

export const shapeName = (s: Shape): string =>
  `[${s.groupBy.join(', ')}]${s.period ? ` period ${s.period}` : ''}${s.scope ? ` scope ${s.scope}` : ''}`;

export async function values(server: IndicatorServer, key: string, s: Shape): Promise<IndicatorValueOut[]> {
  const vars: Record<string, unknown> = { k: key, g: s.groupBy };
  if (s.period) vars.p = s.period;
  if (s.scope) vars.s = s.scope;
  return (await server.gql<{ indicatorValues: IndicatorValueOut[] }>(VALUES, vars)).indicatorValues;
}

export interface QueryFigures {
  key: string;
  requests: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** The shape with the highest median latency, and that median. */
  slowest: { shape: string; medianMs: number };
  /** Rows returned per shape (to show the answers were not empty). */
  rowsPerShape: Map<string, number>;
}

/** One warm-up pass over the shapes, then `requests` timed requests cycling through them. */
export async function timeIndicator(server: IndicatorServer, key: string, shapes: readonly Shape[], requests: number): Promise<QueryFigures> {
  const rowsPerShape = new Map<string, number>();
  for (const s of shapes) {
    const out = await values(server, key, s);
    if (out.length === 0) throw new Error(`${key} ${shapeName(s)}: no values (is the seeded data missing?)`);
    rowsPerShape.set(shapeName(s), out.length);
  }
  const all: number[] = [];
  const byShape = new Map<string, number[]>();
  for (let i = 0; i < requests; i++) {
    const s = shapes[i % shapes.length] as Shape;
    const t = performance.now();
    await values(server, key, s);
    const ms = performance.now() - t;
    all.push(ms);
    byShape.set(shapeName(s), [...(byShape.get(shapeName(s)) ?? []), ms]);
  }
  const medians = [...byShape].map(([shape, ms]) => ({ shape, medianMs: percentile(ms, 50) })).sort((a, b) => b.medianMs - a.medianMs);
  return {
    key,
    requests,
    p50Ms: percentile(all, 50),
    p95Ms: percentile(all, 95),
    maxMs: Math.max(...all),
    slowest: medians[0] ?? { shape: '', medianMs: Number.NaN },
    rowsPerShape,
  };
}
