// Why: issue 12 asks that bulk review of 10,000 records is one action and that `submit` keeps the
// ingest bar while it runs. On PostgreSQL (the real app over HTTP, throw-away database), each round:
// 10,000 fresh `received` records are seeded by SQL (untimed); `submit` runs for a fixed window
// alone (the same-run baseline); then `reviewSubmissions(ids, APPROVED)` for all 10,000 runs while
// the same `submit` clients keep sending, and the submit rate is taken over exactly the bulk call's
// duration. The raw INSERT rate of the same rows (pool of the same size) gives the ingest bar (25 %).
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { FORM_KEY, FORM_VERSION, validDocument } from '../lib/isaf-document';
import { concurrentRound, median, percentile, type Round } from '../lib/measure';
import { submitOperation, type RunningServer } from '../ingest/http-submit';
import { withBenchDatabase } from '../ingest/postgres';
import { INSERT_RAW, rawParams } from '../ingest/raw-rows';

export const BULK_SIZE = 10_000;
export const BULK_CLIENTS = 4;

export interface BulkReviewFigures {
  rounds: number;
  /** Seconds of one reviewSubmissions call for BULK_SIZE ids, with and without submit load. */
  bulkAloneS: number[];
  bulkUnderLoadS: number[];
  /** Seconds of a bare `update submission set status = 'approved' where id = any($1)` of BULK_SIZE rows (the baseline). */
  rawUpdateS: number[];
  submitAlone: number[];
  submitDuring: number[];
  submitDuringP99Ms: number;
  raw: number[];
  changed: number[];
}

async function gql(server: RunningServer, query: string, variables: Record<string, unknown>): Promise<any> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: unknown };
  if (body.errors) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors).slice(0, 300)}`);
  return body.data;
}

const BULK = 'mutation($ids: [ID!]!) { reviewSubmissions(ids: $ids, state: APPROVED, comment: "bench") { changed unchanged refused { id code } } }';

/** BULK_SIZE new received records of the bench form (one statement), their ids. */
async function seed(pool: pg.Pool, adminId: string): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `insert into submission (id, definition_key, definition_version, geo_code, period, data, submitted_by)
     select gen_random_uuid(), $1, $2, '120101', date '2026-03-01', $3::jsonb, $4::uuid from generate_series(1, $5) returning id`,
    [FORM_KEY, FORM_VERSION, JSON.stringify(validDocument(1)), adminId, BULK_SIZE],
  );
  return rows.map((r) => r.id);
}

/** Submit clients running until `stop` resolves; the rate over the window from start to stop. */
async function submitWhile(op: () => Promise<void>, workers: number, work: () => Promise<void>): Promise<{ round: Round; workS: number }> {
  const latenciesMs: number[] = [];
  let running = true;
  const loop = async (): Promise<void> => {
    while (running) {
      const t = performance.now();
      await op();
      if (running) latenciesMs.push(performance.now() - t);
    }
  };
  const loops = Array.from({ length: workers }, loop);
  const start = performance.now();
  await work();
  const seconds = (performance.now() - start) / 1000;
  running = false;
  await Promise.all(loops);
  return { round: { ops: latenciesMs.length, seconds, rate: latenciesMs.length / seconds, latenciesMs }, workS: seconds };
}

export async function benchBulkReview(opts: { rounds: number; durationMs: number; warmupMs: number }): Promise<BulkReviewFigures> {
  return withBenchDatabase('sa_bench_review', async ({ server, pool }) => {
    const clients = pool(BULK_CLIENTS);
    const submit = submitOperation(server, BULK_CLIENTS);
    let n = 0;
    const raw = async (): Promise<void> => {
      await clients.query(INSERT_RAW, rawParams(n++, server.adminId));
    };
    await concurrentRound(submit, BULK_CLIENTS, opts.warmupMs);
    // Warm-up of the bulk path (plans, caches) on a first set, untimed.
    await gql(server, BULK, { ids: await seed(clients, server.adminId) });
    const f: BulkReviewFigures = { rounds: opts.rounds, bulkAloneS: [], bulkUnderLoadS: [], rawUpdateS: [], submitAlone: [], submitDuring: [], submitDuringP99Ms: 0, raw: [], changed: [] };
    const during: number[] = [];
    for (let round = 0; round < opts.rounds; round++) {
      const alone = await seed(clients, server.adminId);
      const t = performance.now();
      const r = await gql(server, BULK, { ids: alone });
      f.bulkAloneS.push((performance.now() - t) / 1000);
      f.changed.push(r.reviewSubmissions.changed);
      const bare = await seed(clients, server.adminId);
      const u = performance.now();
      await clients.query("update submission set status = 'approved' where id = any($1::uuid[])", [bare]);
      f.rawUpdateS.push((performance.now() - u) / 1000);
      f.raw.push((await concurrentRound(raw, BULK_CLIENTS, opts.durationMs)).rate);
      f.submitAlone.push((await concurrentRound(submit, BULK_CLIENTS, opts.durationMs)).rate);
      const loaded = await seed(clients, server.adminId);
      const { round: s, workS } = await submitWhile(submit, BULK_CLIENTS, async () => {
        const res = await gql(server, BULK, { ids: loaded });
        f.changed.push(res.reviewSubmissions.changed);
      });
      f.bulkUnderLoadS.push(workS);
      f.submitDuring.push(s.rate);
      during.push(...s.latenciesMs);
    }
    f.submitDuringP99Ms = percentile(during, 99);
    return f;
  });
}

export { median };
