// Why: roll-ups trade freshness for speed, so the bench reports what a user waits between sending a
// submission and seeing it counted: a JAAP with every action completed, sent through `submit`, in a
// commune that already has values; then either one `refreshNow()` pass, or the background refresher
// (1 s interval) while the dashboard polls `indicatorValues`.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { values } from './queries';
import type { IndicatorServer } from './server';

const KEY = 'jaap-actions-progress';
const ACTIONS = 5;
const SUBMIT = 'mutation($i: SubmitInput!) { submit(input: $i) { id status } }';

export interface FreshnessFigures {
  commune: string;
  /** Seconds from sending `submit` to reading the updated value. */
  seconds: number;
  /** Seconds of the refresh pass alone (manual mode), and its roll-up statements per indicator. */
  refreshSeconds: number | null;
  statementMs: Map<string, number>;
  before: string;
  after: string;
}

async function progress(server: IndicatorServer, commune: string): Promise<{ num: number; den: number; text: string }> {
  const out = await values(server, KEY, { groupBy: ['commune'], scope: commune });
  const v = out.find((x) => x.dimensions.commune === commune);
  const num = v?.numerator ?? 0;
  const den = v?.denominator ?? 0;
  return { num, den, text: `${num}/${den} = ${v?.value?.toFixed(2) ?? 'n/a'}%` };
}

async function submitJaap(server: IndicatorServer, commune: string): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  const action = (i: number) => ({ issue: `Issue ${i}`, action: `Action ${i}`, responsible: 'Commune council', service: 'health_centre', funding_source: 'commune_fund', status: 'completed' });
  const data = { commune, cycle_year: Number(today.slice(0, 4)), interface_meeting_date: today, actions: Array.from({ length: ACTIONS }, (_, i) => action(i + 1)) };
  await server.gql(SUBMIT, { i: { id: randomUUID(), definitionKey: 'jaap', definitionVersion: 1, data } });
}

function delta(after: Map<string, number>, before: Map<string, number>): Map<string, number> {
  return new Map([...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const).filter(([, v]) => v > 0));
}

/** Submit, then one `refreshNow()`, then read: the value must include the new actions. */
export async function freshnessManual(server: IndicatorServer, commune: string): Promise<FreshnessFigures> {
  const before = await progress(server, commune);
  const logged = new Map(server.rollupMs);
  const t0 = performance.now();
  await submitJaap(server, commune);
  const t1 = performance.now();
  // One pass right away: a committed submission is visible in the pass's snapshot, no delay needed.
  await server.services.indicators.refreshNow();
  const t2 = performance.now();
  const after = await progress(server, commune);
  const seconds = (performance.now() - t0) / 1000;
  if (after.den !== before.den + ACTIONS || after.num !== before.num + ACTIONS) throw new Error(`freshness: ${before.text} → ${after.text}`);
  return { commune, seconds, refreshSeconds: (t2 - t1) / 1000, statementMs: delta(server.rollupMs, logged), before: before.text, after: after.text };
}

/** The background refresher running (1 s interval): submit, then poll every 20 ms until the value moves. */
export async function freshnessBackground(server: IndicatorServer, commune: string, timeoutMs = 60_000): Promise<FreshnessFigures> {
  server.services.indicators.start();
  try {
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // let it reach its steady rhythm
    const before = await progress(server, commune);
    const logged = new Map(server.rollupMs);
    const t0 = performance.now();
    await submitJaap(server, commune);
    let after = before;
    while (after.den === before.den) {
      if (performance.now() - t0 > timeoutMs) throw new Error(`freshness: no change after ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      after = await progress(server, commune);
    }
    const seconds = (performance.now() - t0) / 1000;
    return { commune, seconds, refreshSeconds: null, statementMs: delta(server.rollupMs, logged), before: before.text, after: after.text };
  } finally {
    await server.services.indicators.stop();
  }
}
