// Why: issue 8 asks that the server stay responsive (/healthz under 100 ms) during any import, and that
// an unauthenticated upload cost nothing. Tests may not assert timings, so this measures them: /healthz
// latency polled over real HTTP while a near-limit XLSX provider import is read, and the time and
// memory an unauthenticated 9.8 MB upload costs. Run: npx tsx bench/uploads/healthz-during-import.ts
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { openDatabase } from '../../server/db/database';
import { inTransactionOf } from '../../server/db/transaction';
import { importGeoUnits } from '../../server/geo/geo-import.service';
import { parseGeoCsv } from '../../server/geo/geo-parse-table';
import { PROVIDER_UPLOAD_LIMITS } from '../../server/core/uploads/upload-limits';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function bigWorkbook(rows: number, geoCode: string): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
  const sheet = book.addWorksheet('Providers');
  sheet.addRow(['kind', 'code', 'name_km', 'name_en', 'geo_code', 'catchment']).commit();
  for (let i = 0; i < rows; i++) sheet.addRow(['primary_school', `PS-${i}`, 'សាលា', randomBytes(60).toString('base64'), geoCode, '']).commit();
  sheet.commit();
  await book.commit();
  return Buffer.concat(chunks);
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? NaN;

async function main(): Promise<void> {
  // PostgreSQL (DATABASE_URL): a throw-away schema, never the database's public one.
  const url = process.env.DATABASE_URL;
  const schema = `bench_uploads_${process.pid}`;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
  }
  const withSchema = url ? `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}` : undefined;
  const database = await openDatabase({ dataDir: 'memory://', ...(withSchema ? { databaseUrl: withSchema } : {}) });
  const config = loadConfig({ ADMIN_PASSWORD: 'bench-admin-password', NODE_ENV: 'test' });
  const { app } = await buildApp(config, { database, logger: false, web: false, indicatorRefresh: false });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'bench-admin-password' }) });
  const { token } = (await login.json()) as { token: string };

  await inTransactionOf(database.db, (trx) => importGeoUnits(trx, parseGeoCsv('code,name_km\n0102,ស្រុក\n010201,ឃុំ')));
  const rows = PROVIDER_UPLOAD_LIMITS.maxRows - 1;
  const invalid = await bigWorkbook(rows, '019999');
  const valid = await bigWorkbook(rows, '010201');
  console.log(`engine ${database.engine}; workbooks of ${rows} rows: ${(valid.length / 1e6).toFixed(1)} MB`);

  // 1. Unauthenticated 9.8 MB upload: answered before the body is read.
  const junk = Buffer.concat([valid, Buffer.alloc(Math.max(0, 9_800_000 - valid.length), 1)]).subarray(0, 9_800_000);
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const anon = await fetch(`${base}/admin/providers/import`, { method: 'POST', headers: { 'content-type': XLSX }, body: new Uint8Array(junk) });
  console.log(`unauthenticated 9.8 MB upload: ${anon.status} in ${(performance.now() - t0).toFixed(0)} ms, rss +${((process.memoryUsage().rss - rss0) / 1e6).toFixed(0)} MB`);

  // 2. /healthz polled while a near-limit workbook is imported: every row wrong (read + check), then all valid (+ writes).
  for (const [label, file] of [['every row invalid (422)', invalid], ['every row valid (200, 49,999 inserts)', valid]] as const) {
    let peak = process.memoryUsage().rss;
    let running = true;
    const started = performance.now();
    const importing = fetch(`${base}/admin/providers/import`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': XLSX }, body: new Uint8Array(file) }).then(async (r) => {
      running = false;
      return { status: r.status, ms: performance.now() - started };
    });
    const latencies: number[] = [];
    while (running) {
      const s = performance.now();
      await fetch(`${base}/healthz`);
      latencies.push(performance.now() - s);
      peak = Math.max(peak, process.memoryUsage().rss);
      await new Promise((r) => setTimeout(r, 20));
    }
    const result = await importing;
    console.log(`${label}: ${result.status} in ${(result.ms / 1000).toFixed(1)} s; peak rss ${(peak / 1e6).toFixed(0)} MB; /healthz ${latencies.length} answers, p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`);
  }
  await app.close();
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}

await main();
