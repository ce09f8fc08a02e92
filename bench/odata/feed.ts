// Why: issue 14 asks the OData feed's rows/s for a 1,000,000-record form, read as Power BI does (every
// page, following @odata.nextLink), against `COPY … TO STDOUT` of the same rows in the same run, and
// the memory it takes. Records are seeded with INSERT … SELECT (I4C sessions, the shipped form); the
// baseline is psql's COPY of the same columns to /dev/null; the feed is read over real HTTP with an
// API token as Basic credentials, from a second app instance in its own process on the same database
// (bench/lib/app-process.ts), whose resident memory is read from /proc (after a first page, then
// sampled while it serves).
import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { adminQuery, withBenchDatabase } from '../ingest/postgres';
import { rssMb, sampleRss, startChild, stopChild } from '../lib/app-process';

const run = promisify(execFile);

export interface ODataFigures {
  rows: number;
  seedSeconds: number;
  feedSeconds: number;
  pages: number;
  copySeconds: number;
  /** The feed's instance: resident memory after its first page, and the most seen while serving all. */
  baseRssMb: number;
  peakRssMb: number;
  filteredRows: number;
  filteredSeconds: number;
}

const SEED = (n: number, adminId: string) => `insert into submission (id, definition_key, definition_version, geo_code, period, status, data, submitted_by)
select gen_random_uuid(), 'i4c-session', 1, '06010101', date '2026-01-01' + (g % 300), 'received',
  jsonb_build_object('village', '06010101', 'date', to_char(date '2026-01-01' + (g % 300), 'YYYY-MM-DD'), 'facilitators', 'Facilitator ' || (g % 50),
    'participants', jsonb_build_object('total', 8 + g % 20, 'female', (8 + g % 20) / 2, 'youth', g % 4, 'disability', g % 2, 'ethnic_minority', 0, 'id_poor', g % 3),
    'topics', case when g % 2 = 0 then '["service_standards"]'::jsonb else '["service_standards","citizen_rights"]'::jsonb end, 'materials_distributed', g % 9),
  '${adminId}'
from generate_series(1, ${n}) g`;

async function readAll(url: string, auth: string): Promise<{ rows: number; pages: number }> {
  let next: string | undefined = url;
  let rows = 0;
  let pages = 0;
  while (next) {
    const res = await fetch(next, { headers: { authorization: auth } });
    if (res.status !== 200) throw new Error(`feed page failed: ${res.status} ${(await res.text()).slice(0, 300)}`);
    const body = (await res.json()) as { value: unknown[]; '@odata.nextLink'?: string };
    rows += body.value.length;
    pages += 1;
    next = body['@odata.nextLink'];
  }
  return { rows, pages };
}

export async function benchODataFeed(total: number, log: (line: string) => void): Promise<ODataFigures> {
  return withBenchDatabase('sa_bench_odata', async ({ url, server }) => {
    const t0 = performance.now();
    for (let done = 0; done < total; done += 250_000) await adminQuery(url, SEED(Math.min(250_000, total - done), server.adminId));
    await adminQuery(url, 'vacuum analyze submission');
    const seedSeconds = (performance.now() - t0) / 1000;
    log(`seeded ${total.toLocaleString('en-US')} I4C records in ${seedSeconds.toFixed(0)} s`);
    const copy = `\\copy (select id, definition_version, geo_code, period, status, created_at, updated_at, data from submission where definition_key = 'i4c-session' and not training order by seq) to '/dev/null'`;
    const t1 = performance.now();
    await run('psql', [url, '-X', '-q', '-c', copy], { maxBuffer: 1024 * 1024 });
    const copySeconds = (performance.now() - t1) / 1000;

    const instance = await startChild(url);
    const made = await fetch(`${instance.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${instance.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { createApiToken(input: { name: "bench", scope: read, expiresInDays: 1 }) { token } }' }),
    });
    const token = ((await made.json()) as { data: { createApiToken: { token: string } } }).data.createApiToken.token;
    const auth = `Basic ${Buffer.from(`bench:${token}`).toString('base64')}`;
    const pid = instance.process.pid!;
    try {
      // A first page warms the instance (definition cache, JIT) before the figures are taken.
      await fetch(`${instance.url}/odata/i4c-session.svc/Submissions?$top=10`, { headers: { authorization: auth } });
      const baseRssMb = rssMb(pid);
      const peakRss = sampleRss(pid);
      const t2 = performance.now();
      const feed = await readAll(`${instance.url}/odata/i4c-session.svc/Submissions`, auth);
      const feedSeconds = (performance.now() - t2) / 1000;
      const peak = peakRss();
      if (feed.rows !== total) throw new Error(`feed gave ${feed.rows} rows, expected ${total}`);
      log(`feed: ${feed.rows.toLocaleString('en-US')} rows in ${feed.pages} pages, ${feedSeconds.toFixed(1)} s; COPY ${copySeconds.toFixed(1)} s`);
      const t3 = performance.now();
      const filtered = await readAll(`${instance.url}/odata/i4c-session.svc/Submissions?$filter=participants_total ge 20 and __period ge 2026-06-01`, auth);
      const filteredSeconds = (performance.now() - t3) / 1000;
      return { rows: total, seedSeconds, feedSeconds, pages: feed.pages, copySeconds, baseRssMb, peakRssMb: peak, filteredRows: filtered.rows, filteredSeconds };
    } finally {
      await stopChild(instance);
    }
  });
}
