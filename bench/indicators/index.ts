// Why: the indicator section of `npm run bench`: on real PostgreSQL, in a throw-away database
// `sa_bench_ind_<pid>`, seed BENCH_SUBMISSIONS (default 1,000,000) realistic ISAF submissions, build
// the six shipped indicators' roll-ups, time `indicatorValues` over HTTP against the naive full JSONB
// scan in the same run, and time a new submission until its value shows (as shipped, then with the
// place index proposed in docs/performance.md, created in the bench database only).
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import type { IndicatorDefinition } from '../../form-engine/index';
import { newestShippedIndicators as shippedIndicators } from '../../definitions/indicators/index';
import { postgresUrl } from '../ingest/postgres';
import { freshnessBackground, freshnessManual, type FreshnessFigures } from './freshness';
import { loadPlaces } from './gazetteer';
import { NAIVE_ARRAY_ELEMENTS, naiveQuery, timeNaive, type NaiveFigures } from './naive';
import { shapesFor, timeIndicator, type QueryFigures } from './queries';
import { seedSubmissions, type SeedFigures } from './seed';
import { startIndicatorServer, type IndicatorServer } from './server';

export interface IndicatorOptions {
  submissions: number;
  requests: number;
  naiveRuns: number;
  log: (line: string) => void;
}

export interface IndicatorFigures {
  places: string;
  seed: SeedFigures;
  buildSeconds: number;
  buildMs: Map<string, number>;
  leafMs: Map<string, number>;
  rollupRows: number;
  leafRows: number;
  queries: QueryFigures[];
  naive: Map<string, NaiveFigures>;
  arrayElements: NaiveFigures;
  fresh: { manual: FreshnessFigures; background: FreshnessFigures };
  seconds: number;
}


async function admin(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The seeded documents must be ones `submit` would accept: ~50 per form through the server's validator. */
async function checkSample(server: IndicatorServer): Promise<void> {
  const { rows } = await sql<{ k: string; v: number; data: unknown }>`select k, v, data from (select definition_key as k, definition_version as v, data, row_number() over (partition by definition_key order by seq) as r from submission where seq % 997 = 0) x where r <= 50`.execute(server.db);
  for (const row of rows) {
    const def = await server.services.definitions.get(server.db, row.k, row.v);
    if (!def) throw new Error(`seeded form ${row.k} v${row.v} is not installed`);
    const { errors } = server.services.validator.validate(`${row.k}@${row.v}`, def.schema as never, row.data);
    if (errors.length > 0) throw new Error(`seeded ${row.k} document is invalid: ${JSON.stringify(errors).slice(0, 400)}`);
  }
}

export function optionsFromEnv(log: (line: string) => void): IndicatorOptions {
  const int = (name: string, fallback: number) => {
    const v = Number(process.env[name]);
    return Number.isInteger(v) && v > 0 ? v : fallback;
  };
  return { submissions: int('BENCH_SUBMISSIONS', 1_000_000), requests: int('BENCH_INDICATOR_REQUESTS', 50), naiveRuns: int('BENCH_NAIVE_RUNS', 3), log };
}

export async function benchIndicators(opts: IndicatorOptions): Promise<IndicatorFigures> {
  const started = performance.now();
  const baseUrl = postgresUrl();
  const dbName = `sa_bench_ind_${process.pid}`;
  await admin(baseUrl, `drop database if exists ${dbName}`);
  await admin(baseUrl, `create database ${dbName}`);
  const url = new URL(baseUrl);
  url.pathname = `/${dbName}`;
  try {
    const server = await startIndicatorServer(url.toString(), shippedIndicators.map((i) => i.key));
    try {
      const places = loadPlaces();
      opts.log(`  seeding ${opts.submissions.toLocaleString('en-US')} submissions over ${places.source} …`);
      const seed = await seedSubmissions(url.toString(), places, opts.submissions, server.adminId, opts.log);
      await checkSample(server);
      opts.log(`  seeded in ${seed.insertSeconds.toFixed(1)} s + vacuum ${seed.vacuumSeconds.toFixed(1)} s; first roll-up build …`);

      const t = performance.now();
      await server.services.indicators.refreshNow();
      const buildSeconds = (performance.now() - t) / 1000;
      const buildMs = new Map(server.rollupMs);
      const leafMs = new Map(server.leafMs);
      // What autovacuum does within a minute of a bulk write; without it the first plans guess blind.
      await sql`analyze indicator_leaf; analyze indicator_rollup`.execute(server.db);
      const counts = await sql<{ r: string; l: string }>`select (select count(*) from indicator_rollup) as r, (select count(*) from indicator_leaf) as l`.execute(server.db);
      opts.log(`  built in ${buildSeconds.toFixed(1)} s; timing indicatorValues …`);

      const busiest = await sql<{ d: string }>`select left(geo_code, 4) as d from submission where length(geo_code) >= 6 group by 1 order by count(*) desc limit 1`.execute(server.db);
      const district = busiest.rows[0]?.d ?? '0102';
      const queries: QueryFigures[] = [];
      for (const ind of shippedIndicators) queries.push(await timeIndicator(server, ind.key, shapesFor(ind.key, district.slice(0, 2), district), opts.requests));

      opts.log('  naive full JSONB scans …');
      const naive = new Map<string, NaiveFigures>();
      for (const ind of shippedIndicators) {
        naive.set(ind.key, await timeNaive(server.db, ind.key, naiveQuery(ind.schema as unknown as IndicatorDefinition), opts.naiveRuns));
        opts.log(`    ${ind.key}: ${((naive.get(ind.key)?.medianMs ?? 0) / 1000).toFixed(1)} s`);
      }
      const arrayElements = await timeNaive(server.db, 'average-score (jsonb_array_elements)', NAIVE_ARRAY_ELEMENTS, 1);

      opts.log('  freshness …');
      const communes = await sql<{ c: string }>`select geo_code as c from submission where definition_key = 'jaap' group by 1 order by count(*) desc limit 2`.execute(server.db);
      const [a, b] = communes.rows.map((r) => r.c) as [string, string];
      const manual = await freshnessManual(server, a);
      const background = await freshnessBackground(server, b);

      const r = counts.rows[0] as { r: string; l: string };
      return {
        places: places.source,
        seed,
        buildSeconds,
        buildMs,
        leafMs,
        rollupRows: Number(r.r),
        leafRows: Number(r.l),
        queries,
        naive,
        arrayElements,
        fresh: { manual, background },
        seconds: (performance.now() - started) / 1000,
      };
    } finally {
      await server.close();
    }
  } finally {
    if (process.env.BENCH_KEEP_DB) opts.log(`  kept database ${dbName} (BENCH_KEEP_DB)`);
    else await admin(baseUrl, `drop database if exists ${dbName} with (force)`);
  }
}
