// Why: the indicator figures join the one results table of docs/performance.md (benchmark | measured |
// baseline same run | ratio | target), with their context (data size, per-indicator build time) as
// bullet lines above it, so a rerun replaces them together.
import type { Row } from '../lib/report';
import type { FreshnessFigures } from './freshness';
import type { IndicatorFigures } from './index';

export const P95_TARGET_MS = 50;
export const ISSUE_TARGET_MS = 100;

const ms = (v: number): string => (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : v >= 100 ? `${Math.round(v).toLocaleString('en-US')} ms` : `${v.toFixed(1)} ms`);
const n = (v: number): string => Math.round(v).toLocaleString('en-US');

/** measured / baseline as a percentage with two significant digits, and the speed-up. */
function share(measured: number, baseline: number): string {
  const p = (100 * measured) / baseline;
  if (!Number.isFinite(p)) return 'n/a';
  return p >= 10 ? `${p.toFixed(0)}%` : `${p.toPrecision(2)}% (${n(baseline / measured)}× faster)`;
}

function statements(f: FreshnessFigures): string {
  const total = [...f.statementMs.values()].reduce((s, v) => s + v, 0);
  return `roll-up statements ${ms(total)}`;
}

export function indicatorRows(f: IndicatorFigures): Row[] {
  const rows: Row[] = [];
  const seedRate = f.seed.rows / f.seed.insertSeconds;
  rows.push({
    what: `indicators: seed ${n(f.seed.rows)} ISAF submissions (server-side \`insert … select\`)`,
    measured: `${f.seed.insertSeconds.toFixed(0)} s (${n(seedRate)} rows/s) + ${f.seed.vacuumSeconds.toFixed(0)} s \`vacuum analyze\``,
    baseline: 'COPY on this machine kind, other run (measured-limits.md): ~32k rows/s',
    ratio: 'n/a',
    target: 'report only',
  });
  const naiveTotal = [...f.naive.values()].reduce((s, x) => s + x.medianMs, 0);
  rows.push({
    what: 'indicators: first roll-up build, all six (`refreshNow()`)',
    measured: `${f.buildSeconds.toFixed(1)} s`,
    baseline: `the six naive scans below, summed: ${(naiveTotal / 1000).toFixed(1)} s`,
    ratio: share(f.buildSeconds * 1000, naiveTotal),
    target: 'report only',
  });
  for (const q of f.queries) {
    const naive = f.naive.get(q.key);
    const met = q.p95Ms <= P95_TARGET_MS ? 'met' : q.p95Ms <= ISSUE_TARGET_MS ? '**not met** (issue’s ≤ 100 ms met)' : '**not met**';
    rows.push({
      what: `indicators: \`indicatorValues\` over HTTP, ${q.key} (${q.rowsPerShape.size} shapes, ${q.requests} requests)`,
      measured: `p50 ${ms(q.p50Ms)}, p95 ${ms(q.p95Ms)} (slowest: ${q.slowest.shape} ${ms(q.slowest.medianMs)})`,
      baseline: naive ? `naive full JSONB scan, province × year: ${ms(naive.medianMs)}` : 'n/a',
      ratio: naive ? share(q.p95Ms, naive.medianMs) : 'n/a',
      target: `p95 ≤ ${P95_TARGET_MS} ms: ${met}`,
    });
  }
  const avgNaive = f.naive.get('average-score');
  rows.push({
    what: 'indicators: average score by province × year, hand-written `jsonb_array_elements` + `->>`',
    measured: ms(f.arrayElements.medianMs),
    baseline: avgNaive ? `the engine's facts SQL, same figures: ${ms(avgNaive.medianMs)}` : 'n/a',
    ratio: avgNaive ? share(f.arrayElements.medianMs, avgNaive.medianMs) : 'n/a',
    target: 'report only (measured-limits.md: ~36 s; ~4.7 s with `jsonb_to_record`)',
  });
  const fresh = f.fresh;
  const jaapNaive = f.naive.get('jaap-actions-progress');
  rows.push({
    what: 'indicators: new submission → updated value, `submit` + one `refreshNow()` pass',
    measured: `${fresh.manual.seconds.toFixed(2)} s (pass ${fresh.manual.refreshSeconds?.toFixed(2)} s, ${statements(fresh.manual)})`,
    baseline: jaapNaive ? `recomputing the indicator from scratch (naive scan): ${ms(jaapNaive.medianMs)}` : 'n/a',
    ratio: jaapNaive ? share(fresh.manual.seconds * 1000, jaapNaive.medianMs) : 'n/a',
    target: 'report only',
  });
  rows.push({
    what: 'indicators: new submission → updated value, background refresher (1 s interval)',
    measured: `${fresh.background.seconds.toFixed(2)} s`,
    baseline: 'one interval: ≤ 1 s',
    ratio: 'n/a',
    target: 'report only',
  });
  return rows;
}

export function indicatorMeta(f: IndicatorFigures): string[] {
  const mix = [...f.seed.perForm].map(([k, v]) => `${k} ${n(v)}`).join(', ');
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const build = [...f.buildMs].map(([k, v]) => `${k} ${s(v + (f.leafMs.get(k) ?? 0))} (facts and leaves ${s(f.leafMs.get(k) ?? 0)}, roll-ups ${s(v)})`).join(', ');
  return [
    `- indicators (${Math.round(f.seconds)} s): ${n(f.seed.rows)} submissions over the ${f.places}, dates 2024-01-01 to yesterday: ${mix}; table ${n(f.seed.tableBytes / 2 ** 20)} MiB with indexes, ~${n(f.seed.avgDocBytes)} bytes of JSON per document`,
    `- first build per indicator (its statements: the leaf insert with the facts scan, then the roll-up inserts): ${build}; ${n(f.leafRows)} leaf rows, ${n(f.rollupRows)} roll-up rows; then \`analyze\` of both tables`,
  ];
}
