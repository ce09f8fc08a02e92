// Why: seeding time is part of what a reader needs to reproduce the indicator figures, and the table must
// look like a production one afterwards (hint bits set, statistics gathered), or the first timed query
// pays for the bulk load. Chunks of 50k rows run on two connections (the machine has two cores).
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Places } from './gazetteer';
import { FORMS, PLACE_TABLES } from './seed-sql';

const CHUNK = 50_000;

export interface SeedFigures {
  rows: number;
  perForm: Map<string, number>;
  insertSeconds: number;
  vacuumSeconds: number;
  tableBytes: number;
  avgDocBytes: number;
}

/** Splits `total` over the forms by share (the last form takes the rounding). */
export function formCounts(total: number): Map<string, number> {
  const counts = new Map<string, number>();
  let left = total;
  FORMS.forEach((f, i) => {
    const n = i === FORMS.length - 1 ? left : Math.round(total * f.share);
    counts.set(f.key, n);
    left -= n;
  });
  return counts;
}

async function loadPlaces(pool: pg.Pool, places: Places): Promise<void> {
  await pool.query(PLACE_TABLES);
  await pool.query('insert into bench_village select k::int - 1, code from unnest($1::text[]) with ordinality as t(code, k)', [places.villages]);
  await pool.query('insert into bench_commune select k::int - 1, code from unnest($1::text[]) with ordinality as t(code, k)', [places.communes]);
  await pool.query('analyze bench_village; analyze bench_commune');
}

export async function seedSubmissions(url: string, places: Places, total: number, adminId: string, log: (line: string) => void): Promise<SeedFigures> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    await loadPlaces(pool, places);
    const perForm = formCounts(total);
    const jobs: Array<{ key: string; sql: string; n: number }> = [];
    for (const f of FORMS) {
      const sql = f.sql(places.villages.length, places.communes.length);
      for (let left = perForm.get(f.key) ?? 0; left > 0; left -= CHUNK) jobs.push({ key: f.key, sql, n: Math.min(CHUNK, left) });
    }
    const started = performance.now();
    let done = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < jobs.length) {
        const job = jobs[next++] as { key: string; sql: string; n: number };
        await pool.query(job.sql, [job.n, adminId]);
        done += job.n;
        if (done % 200_000 < job.n) log(`  seeded ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} (${Math.round((performance.now() - started) / 1000)} s)`);
      }
    };
    await Promise.all([worker(), worker()]);
    const insertSeconds = (performance.now() - started) / 1000;
    const vacuumStart = performance.now();
    await pool.query('vacuum (analyze) submission');
    const vacuumSeconds = (performance.now() - vacuumStart) / 1000;
    const size = await pool.query<{ bytes: string; n: string }>(
      "select pg_total_relation_size('submission') as bytes, (select count(*) from submission) as n",
    );
    const row = size.rows[0] as { bytes: string; n: string };
    const docAvg = await pool.query<{ b: string }>('select avg(octet_length(data::text)) as b from submission tablesample system (1)');
    return {
      rows: Number(row.n),
      perForm,
      insertSeconds,
      vacuumSeconds,
      tableBytes: Number(row.bytes),
      avgDocBytes: Number((docAvg.rows[0] as { b: string }).b),
    };
  } finally {
    await pool.end();
  }
}
