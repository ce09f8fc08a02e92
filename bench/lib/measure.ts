// Why: every figure is "run one operation for a fixed time, N in flight", repeated in interleaved
// rounds so the machine's drift hits the measured case and its baseline alike; medians are reported.
import { performance } from 'node:perf_hooks';

export interface Round {
  ops: number;
  seconds: number;
  rate: number;
  latenciesMs: number[];
}

export interface Case {
  name: string;
  /** Runs the operation for durationMs and reports what it did. */
  round: (durationMs: number) => Promise<Round>;
}

export interface CaseResult {
  name: string;
  rates: number[];
  median: number;
  p50Ms: number;
  p99Ms: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** `workers` async loops calling `op` until the deadline; every op must succeed. */
export async function concurrentRound(op: () => Promise<void>, workers: number, durationMs: number): Promise<Round> {
  const latenciesMs: number[] = [];
  const start = performance.now();
  const deadline = start + durationMs;
  const loop = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const t = performance.now();
      await op();
      latenciesMs.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: workers }, loop));
  const seconds = (performance.now() - start) / 1000;
  return { ops: latenciesMs.length, seconds, rate: latenciesMs.length / seconds, latenciesMs };
}

/** A synchronous op in a tight loop (the clock is read every 64 calls). */
export function syncRound(op: (i: number) => void, durationMs: number): Round {
  const start = performance.now();
  const deadline = start + durationMs;
  let ops = 0;
  while (performance.now() < deadline) {
    for (let k = 0; k < 64; k++) op(ops++);
  }
  const seconds = (performance.now() - start) / 1000;
  return { ops, seconds, rate: ops / seconds, latenciesMs: [] };
}

/** Warm every case once, then `rounds` interleaved timed rounds; medians per case. */
export async function measure(cases: readonly Case[], opts: { rounds: number; warmupMs: number; durationMs: number }): Promise<Map<string, CaseResult>> {
  for (const c of cases) await c.round(opts.warmupMs);
  const runs = new Map<string, Round[]>(cases.map((c) => [c.name, []]));
  for (let r = 0; r < opts.rounds; r++) {
    // Rotate the order each round so no case always runs first (cold) or last (table grown).
    const order = cases.map((_, i) => cases[(i + r) % cases.length] as Case);
    for (const c of order) runs.get(c.name)?.push(await c.round(opts.durationMs));
  }
  const out = new Map<string, CaseResult>();
  for (const [name, rs] of runs) {
    const all = rs.flatMap((x) => x.latenciesMs);
    out.set(name, { name, rates: rs.map((x) => x.rate), median: median(rs.map((x) => x.rate)), p50Ms: percentile(all, 50), p99Ms: percentile(all, 99) });
  }
  return out;
}
