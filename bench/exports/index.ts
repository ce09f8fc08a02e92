// Why: issue 14's "Measure" for exports: CSV rows/s over real HTTP against `COPY … TO STDOUT` of the
// same rows in the same run, XLSX rows/s, and the server's memory (peak RSS of its own process, read
// from /proc) for a fast client, for a client reading at ~2 MB/s, and the CPU the server still spends
// after a client leaves mid-XLSX. `jaap` records (3–8 actions each: a big repeat sheet) are generated
// by PostgreSQL itself, as the indicator bench seeds them, in a throw-away database.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { adminQuery, postgresUrl } from '../ingest/postgres';
import { cpuSeconds, rssMb, sampleRss, startChild, stopChild, type Child } from '../lib/app-process';
import { loadPlaces } from '../indicators/gazetteer';
import { FORMS, PLACE_TABLES } from '../indicators/seed-sql';

export interface ExportFigures {
  records: number;
  actions: number;
  seedSeconds: number;
  idleRssMb: number;
  copy: { seconds: number; bytes: number };
  csv: Transfer;
  xlsx: Transfer;
  slow: { seconds: number; bytes: number; rateMbS: number; peakRssMb: number; rowsHint: string };
  abort: { cpuAfterS: number; windowS: number; cpuBeforeS: number; activeQueries: number };
}

export interface Transfer {
  seconds: number;
  bytes: number;
  peakRssMb: number;
}

const CHUNK = 50_000;
/** The columns and rows the CSV export reads (streamMatching for an admin: the form, real records). */
const COPY_SQL = `copy (select id, definition_version, geo_code, period, status, created_at, data from submission
  where definition_key = 'jaap' and training = false order by seq) to stdout`;

function open(child: Child, path: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${child.url}${path}`, { headers: { authorization: `Bearer ${child.token}` } }, (res) => (res.statusCode === 200 ? resolve(res) : reject(new Error(`${path}: ${res.statusCode}`))));
    req.on('error', reject);
    req.end();
  });
}

async function download(child: Child, path: string): Promise<Transfer> {
  const stop = sampleRss(child.process.pid!);
  const t0 = performance.now();
  const res = await open(child, path);
  let bytes = 0;
  for await (const chunk of res) bytes += (chunk as Buffer).length;
  return { seconds: (performance.now() - t0) / 1000, bytes, peakRssMb: stop() };
}

/** Reads `path` at about `bytesPerSecond` for `seconds`, then leaves (destroys the socket). */
async function slowDownload(child: Child, path: string, bytesPerSecond: number, seconds: number): Promise<{ seconds: number; bytes: number; peakRssMb: number }> {
  const stop = sampleRss(child.process.pid!);
  const res = await open(child, path);
  const t0 = performance.now();
  let bytes = 0;
  await new Promise<void>((resolve) => {
    res.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      const elapsed = (performance.now() - t0) / 1000;
      if (elapsed >= seconds) return resolve();
      const ahead = bytes / bytesPerSecond - elapsed;
      if (ahead > 0) {
        res.pause();
        setTimeout(() => res.resume(), ahead * 1000);
      }
    });
    res.on('end', resolve);
  });
  const elapsed = (performance.now() - t0) / 1000;
  res.destroy();
  return { seconds: elapsed, bytes, peakRssMb: stop() };
}

/** COPY … TO STDOUT read by a pg client (one CopyData message per row), bytes counted and dropped. */
class CopyOut {
  bytes = 0;
  rows = 0;
  readonly done: Promise<void>;
  private settle!: { resolve: () => void; reject: (e: unknown) => void };
  constructor(readonly text: string) {
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }
  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }
  handleCopyData(msg: { chunk: Buffer }): void {
    this.bytes += msg.chunk.length;
    this.rows += 1;
  }
  handleCommandComplete(): void {}
  handleReadyForQuery(): void {
    this.settle.resolve();
  }
  handleError(error: unknown): void {
    this.settle.reject(error);
  }
}

async function copyBaseline(databaseUrl: string): Promise<{ seconds: number; bytes: number; rows: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const copy = new CopyOut(COPY_SQL);
    const t0 = performance.now();
    void client.query(copy as unknown as pg.QueryConfig);
    await copy.done;
    return { seconds: (performance.now() - t0) / 1000, bytes: copy.bytes, rows: copy.rows };
  } finally {
    await client.end();
  }
}

async function seedJaap(databaseUrl: string, records: number, adminId: string, log: (line: string) => void): Promise<number> {
  const places = loadPlaces();
  const jaap = FORMS.find((f) => f.key === 'jaap')!;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    await pool.query(PLACE_TABLES);
    await pool.query('insert into bench_village select k::int - 1, code from unnest($1::text[]) with ordinality as t(code, k)', [places.villages]);
    await pool.query('insert into bench_commune select k::int - 1, code from unnest($1::text[]) with ordinality as t(code, k)', [places.communes]);
    const statement = jaap.sql(places.villages.length, places.communes.length);
    const t0 = performance.now();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < records) {
        const n = Math.min(CHUNK, records - next);
        next += n;
        await pool.query(statement, [n, adminId]);
      }
    };
    await Promise.all([worker(), worker()]);
    await pool.query('vacuum (analyze) submission');
    log(`  seeded ${records.toLocaleString('en-US')} jaap records in ${Math.round((performance.now() - t0) / 1000)} s`);
    return (performance.now() - t0) / 1000;
  } finally {
    await pool.end();
  }
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchExports(records: number, log: (line: string) => void): Promise<ExportFigures> {
  const baseUrl = postgresUrl();
  const dbName = `sa_bench_export_${process.pid}`;
  await adminQuery(baseUrl, `drop database if exists ${dbName}`);
  await adminQuery(baseUrl, `create database ${dbName}`);
  const url = new URL(baseUrl);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();
  let child: Child | null = null;
  try {
    child = await startChild(databaseUrl);
    const seedSeconds = await seedJaap(databaseUrl, records, child.adminId, log);
    const actions = Number((await adminQuery(databaseUrl, "select sum(jsonb_array_length(data->'actions')) as n from submission where definition_key = 'jaap'")).rows[0].n);
    await settle(1000);
    const idleRssMb = rssMb(child.process.pid!);
    log('  COPY … TO STDOUT …');
    const copy = await copyBaseline(databaseUrl);
    if (copy.rows !== records) throw new Error(`COPY gave ${copy.rows} rows, expected ${records}`);
    log(`  CSV over HTTP … (COPY ${copy.seconds.toFixed(1)} s)`);
    const csv = await download(child, '/export/jaap.csv?headers=keys');
    // A fresh server per case, so each peak RSS is that export's alone (V8 keeps a grown heap).
    const restart = async (): Promise<Child> => {
      await stopChild(child!);
      child = await startChild(databaseUrl);
      await settle(1000);
      return child;
    };
    log(`  XLSX over HTTP … (CSV ${csv.seconds.toFixed(1)} s, peak RSS ${Math.round(csv.peakRssMb)} MB)`);
    const xlsx = await download(await restart(), '/export/jaap.xlsx?headers=keys');
    log(`  XLSX at 2 MB/s for 20 s … (XLSX ${xlsx.seconds.toFixed(1)} s, peak RSS ${Math.round(xlsx.peakRssMb)} MB)`);
    const slowChild = await restart();
    const slowRun = await slowDownload(slowChild, '/export/jaap.xlsx?headers=keys', 2 * 1024 * 1024, 20);
    const pid = slowChild.process.pid!;
    // The slow client has just left mid-XLSX: the CPU the server spends in the next 5 s, against 5 s idle.
    const windowS = 5;
    const cpu0 = cpuSeconds(pid);
    await settle(windowS * 1000);
    const cpuAfterS = cpuSeconds(pid) - cpu0;
    const active = await adminQuery(databaseUrl, "select count(*) as n from pg_stat_activity where datname = current_database() and state = 'active' and pid <> pg_backend_pid() and query ilike '%from \"submission\"%'");
    const cpu1 = cpuSeconds(pid);
    await settle(windowS * 1000);
    const cpuBeforeS = cpuSeconds(pid) - cpu1;
    return {
      records,
      actions,
      seedSeconds,
      idleRssMb,
      copy,
      csv,
      xlsx,
      slow: { ...slowRun, rateMbS: slowRun.bytes / slowRun.seconds / 2 ** 20, rowsHint: '' },
      abort: { cpuAfterS, windowS, cpuBeforeS, activeQueries: Number(active.rows[0].n) },
    };
  } finally {
    if (child) await stopChild(child);
    await adminQuery(baseUrl, `drop database if exists ${dbName} with (force)`);
  }
}

export function exportLines(f: ExportFigures): string[] {
  const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en-US')} rows/s`;
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
  return [
    `records: ${f.records.toLocaleString('en-US')} jaap (${f.actions.toLocaleString('en-US')} actions), seeded in ${f.seedSeconds.toFixed(0)} s; server idle RSS ${Math.round(f.idleRssMb)} MB`,
    `COPY (same rows and columns) TO STDOUT: ${f.copy.seconds.toFixed(1)} s, ${rate(f.records, f.copy.seconds)}, ${mb(f.copy.bytes)}`,
    `CSV over HTTP: ${f.csv.seconds.toFixed(1)} s, ${rate(f.records, f.csv.seconds)} (${((100 * f.copy.seconds) / f.csv.seconds).toFixed(1)}% of COPY), ${mb(f.csv.bytes)}, server peak RSS ${Math.round(f.csv.peakRssMb)} MB`,
    `XLSX over HTTP: ${f.xlsx.seconds.toFixed(1)} s, ${rate(f.records, f.xlsx.seconds)} records (+ ${f.actions.toLocaleString('en-US')} action rows), ${mb(f.xlsx.bytes)}, server peak RSS ${Math.round(f.xlsx.peakRssMb)} MB`,
    `XLSX read at ~2 MB/s: ${f.slow.seconds.toFixed(1)} s, ${mb(f.slow.bytes)} (${f.slow.rateMbS.toFixed(2)} MB/s), server peak RSS ${Math.round(f.slow.peakRssMb)} MB`,
    `after that client left: server CPU ${f.abort.cpuAfterS.toFixed(2)} s in the next ${f.abort.windowS} s (idle ${f.abort.windowS} s after: ${f.abort.cpuBeforeS.toFixed(2)} s); export queries still active: ${f.abort.activeQueries}`,
  ];
}
