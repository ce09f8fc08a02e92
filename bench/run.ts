// Why: `npm run bench` — a bounded suite where every figure is compared with a baseline measured in the
// same run, printed to stdout and written into docs/performance.md. Ingest, validation and web pages take
// about 2 minutes on 2 cores; the indicator section (1M seeded submissions) about 5 more. Flags:
// --media-only (tus uploads: server RSS, rate vs fs.writeFile), --no-indicators, --no-web, --indicators-only / --hostile-only / --sync-only / --web-only / --review-only / --export-only / --start-only (print, do not touch
// docs/performance.md).
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { benchPglite, PGLITE_RAW_IN_FLIGHT, type PgliteFigures } from './ingest/pglite';
import { benchDataImport } from './ingest/data-import';
import { benchExports, exportLines } from './exports/index';
import { benchODataFeed } from './odata/feed';
import { benchMediaMemory } from './uploads/media-memory';
import { benchPostgres, postgresUrl, type PostgresFigures } from './ingest/postgres';
import { documentBytes } from './ingest/raw-rows';
import { benchSyncPglite, benchSyncPostgres, SYNC_BATCH, SYNC_CLIENTS, type SyncFigures } from './ingest/sync';
import { benchIndicators, optionsFromEnv } from './indicators/index';
import { indicatorMeta, indicatorRows } from './indicators/rows';
import type { CaseResult } from './lib/measure';
import { markdownTable, plainTable, rate, ratio, writeResults, type Row } from './lib/report';
import { benchValidation, type ValidationFigures } from './validation';
import { benchHostile, hostileRows } from './hostile';
import { benchWebPages, type WebFigures } from './web/pages';
import { benchFieldApp, SLOW_3G, type FieldFigures } from './web/field';
import { benchGeoImport, type GeoImportFigures } from './geo/import';
import { benchStart, startLines } from './start/first-start';
import { benchBulkReview, BULK_CLIENTS, BULK_SIZE, median, type BulkReviewFigures } from './review/bulk-approve';

const INGEST_TARGET = 0.25;
const SYNC_TARGET = 0.5;
/** BENCH_ROUNDS=N: more interleaved ingest rounds, so that met / not met is not one round's noise. */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS) || 3);
const INGEST = { rounds: ROUNDS, warmupMs: 1000, durationMs: 3000 };
const PGLITE = { rounds: ROUNDS, warmupMs: 1000, durationMs: 2500 };
const VALIDATION = { rounds: 3, warmupMs: 500, durationMs: 1000 };
const HOSTILE = { rounds: 3, warmupMs: 200, durationMs: 500 };

const DOC_FILE = fileURLToPath(new URL('../docs/performance.md', import.meta.url));

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresUrl(), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function latency(c: CaseResult): string {
  return `p50 ${c.p50Ms.toFixed(1)} ms, p99 ${c.p99Ms.toFixed(1)} ms`;
}

function ingestRow(what: string, submit: CaseResult, baselineName: string, raw: CaseResult): Row {
  const met = submit.median / raw.median >= INGEST_TARGET;
  return {
    what,
    measured: `${rate(submit.median)} (${latency(submit)})`,
    baseline: `${baselineName}: ${rate(raw.median)}`,
    ratio: ratio(submit.median, raw.median),
    target: `≥ ${INGEST_TARGET * 100}%: ${met ? 'met' : '**not met**'}`,
  };
}

function postgresRows(f: PostgresFigures): Row[] {
  return [...f.submit].map(([c, submit]) =>
    ingestRow(`ingest, PostgreSQL: \`submit\` over HTTP, ${c} clients`, submit, `raw INSERT, pool of ${c}`, f.raw.get(c) as CaseResult),
  );
}

function pgliteRows(f: PgliteFigures): Row[] {
  return [...f.submit].map(([c, submit]) =>
    ingestRow(`ingest, PGlite (on disk): \`submit\` over HTTP, ${c} clients`, submit, `PGlite \`query\` INSERT, ${PGLITE_RAW_IN_FLIGHT} in flight`, f.raw),
  );
}

function syncRows(figures: SyncFigures[]): Row[] {
  return figures.map((f) => {
    const met = f.sync.median / f.raw.median >= SYNC_TARGET;
    return {
      what: `batched sync, ${f.engine === 'postgres' ? 'PostgreSQL' : 'PGlite (on disk)'}: \`syncSubmissions\` over HTTP, ${SYNC_BATCH} records per call (${kb(f.bodyBytes)}), ${SYNC_CLIENTS} clients`,
      measured: `${rate(f.sync.median)} records (per call ${latency(f.sync)})`,
      baseline: `${SYNC_BATCH}-row multi-row INSERT, ${SYNC_CLIENTS} ${f.engine === 'postgres' ? 'pooled' : 'in flight'}: ${rate(f.raw.median)}`,
      ratio: ratio(f.sync.median, f.raw.median),
      target: `≥ ${SYNC_TARGET * 100}%: ${met ? 'met' : '**not met**'}`,
    };
  });
}

async function benchSync(postgres: boolean): Promise<SyncFigures[]> {
  const figures: SyncFigures[] = [];
  if (postgres) figures.push(await benchSyncPostgres(INGEST));
  figures.push(await benchSyncPglite(PGLITE));
  return figures;
}

const kb = (bytes: number): string => `${Math.round(bytes / 1024).toLocaleString('en-US')} KB`;

function webRows(f: WebFigures): Row[] {
  return [
    {
      what: 'fill page: JavaScript downloaded (gzipped)',
      measured: kb(f.fillJsGz),
      baseline: `formio.js renderer bundle alone (formio.form.min.js): ${kb(f.rendererGz)}`,
      ratio: ratio(f.fillJsGz, f.rendererGz),
      target: f.fillLoadsBuilder ? '**loads builder code**' : 'no builder code: met',
    },
    {
      what: 'fill page, first visit: JavaScript downloaded (gzipped)',
      measured: kb(f.fillJsGz),
      baseline: `the formio.js renderer chunk alone, as built (\`${f.rendererChunkUrl.split('/').pop()}\`): ${kb(f.rendererChunkGz)}`,
      ratio: ratio(f.fillJsGz, f.rendererChunkGz),
      target: 'report only (issue 9: 559 vs 416 KB before)',
    },
    {
      what: 'builder page: JavaScript downloaded (gzipped)',
      measured: kb(f.builderJsGz),
      baseline: `formio.js full bundle (formio.full.min.js): ${kb(f.fullFormioGz)}`,
      ratio: ratio(f.builderJsGz, f.fullFormioGz),
      target: 'report only',
    },
    {
      what: 'time to a usable fill form (Chromium, local server, 360 px, cold page)',
      measured: `${Math.round(f.usableMs)} ms`,
      baseline: `login page to a usable input: ${Math.round(f.loginUsableMs)} ms`,
      ratio: ratio(f.usableMs, f.loginUsableMs),
      target: 'report only',
    },
  ];
}

const seconds = (ms: number): string => (Number.isNaN(ms) ? 'n/a (not usable in time)' : `${(ms / 1000).toFixed(1)} s`);
const goal = (ms: number, limitMs: number): string => `≤ ${limitMs / 1000} s: ${!Number.isNaN(ms) && ms <= limitMs ? 'met' : '**not met**'}`;
const LINK = `360x740, 4× CPU, slow 3G (${SLOW_3G.latency} ms, ${SLOW_3G.downloadThroughput / 1000} kB/s)`;

function fieldRows(f: FieldFigures): Row[] {
  return [
    {
      what: 'fill page, repeat visit with the service worker: JS/CSS bytes from the network',
      measured: `${f.repeat.jsCssBytes.toLocaleString('en-US')} B (${f.repeat.requests} requests)`,
      baseline: `first visit: ${f.first.jsCssBytes.toLocaleString('en-US')} B (${f.first.requests} requests)`,
      ratio: ratio(f.repeat.jsCssBytes, f.first.jsCssBytes),
      target: `0: ${f.repeat.jsCssBytes === 0 ? 'met' : '**not met**'}`,
    },
    {
      what: `time to a usable fill form, first visit (${LINK})`,
      measured: seconds(f.first.ms),
      baseline: `issue 9 before the field app: 26.6 s`,
      ratio: ratio(f.first.ms, 26_600),
      target: goal(f.first.ms, 10_000),
    },
    {
      what: `time to a usable fill form, repeat visit, service worker installed (${LINK})`,
      measured: seconds(f.repeat.ms),
      baseline: `first visit: ${seconds(f.first.ms)}`,
      ratio: ratio(f.repeat.ms, f.first.ms),
      target: goal(f.repeat.ms, 2_000),
    },
    {
      what: 'time to a usable fill form, offline reload (360x740, 4× CPU, no network)',
      measured: seconds(f.offline.ms),
      baseline: `repeat visit online: ${seconds(f.repeat.ms)}`,
      ratio: ratio(f.offline.ms, f.repeat.ms),
      target: goal(f.offline.ms, 2_000),
    },
  ];
}

function geoRows(figures: GeoImportFigures[]): Row[] {
  return figures.map((f) => ({
    what: `gazetteer import (${f.units.toLocaleString('en-US')} units incl. 14,578 villages: parse YAML, validate, upsert), ${f.engine === 'postgres' ? 'PostgreSQL' : 'PGlite'}`,
    measured: `${f.importSeconds.toFixed(2)} s`,
    baseline: `raw 1,000-row INSERTs of the parsed rows: ${f.rawSeconds.toFixed(2)} s`,
    ratio: ratio(f.rawSeconds, f.importSeconds),
    target: `"in seconds": ${f.importSeconds < 10 ? 'met' : '**not met**'}`,
  }));
}

function validationRows(f: ValidationFigures): Row[] {
  const row = (kind: string, x: { engine: CaseResult; ajv: CaseResult }): Row => ({
    what: `validation, ${kind} documents: \`createValidator().validate\``,
    measured: rate(x.engine.median),
    baseline: `bare compiled Ajv: ${rate(x.ajv.median)}`,
    ratio: ratio(x.engine.median, x.ajv.median),
    target: 'report only',
  });
  return [row('valid', f.valid), row('invalid', f.invalid)];
}

const REVIEW = { rounds: 3, warmupMs: 1000, durationMs: 3000 };

function reviewRows(f: BulkReviewFigures): Row[] {
  const s = (values: number[]) => `${median(values).toFixed(2)} s`;
  const bar = median(f.raw) * INGEST_TARGET;
  const during = median(f.submitDuring);
  return [
    {
      what: `bulk approve ${BULK_SIZE.toLocaleString('en-US')} records, one \`reviewSubmissions\` call over HTTP, PostgreSQL`,
      measured: `${s(f.bulkAloneS)} (rounds ${f.bulkAloneS.map((x) => x.toFixed(2)).join(', ')})`,
      baseline: `bare UPDATE of the status of the same number of rows: ${s(f.rawUpdateS)}`,
      ratio: ratio(median(f.bulkAloneS), median(f.rawUpdateS)),
      target: 'one action, one transaction: report only',
    },
    {
      what: `bulk approve ${BULK_SIZE.toLocaleString('en-US')} records while ${BULK_CLIENTS} clients \`submit\``,
      measured: s(f.bulkUnderLoadS),
      baseline: `without submit load: ${s(f.bulkAloneS)}`,
      ratio: ratio(median(f.bulkUnderLoadS), median(f.bulkAloneS)),
      target: 'report only',
    },
    {
      what: `\`submit\` over HTTP, ${BULK_CLIENTS} clients, while the bulk approve runs, PostgreSQL`,
      measured: `${rate(during)} (p99 ${f.submitDuringP99Ms.toFixed(1)} ms)`,
      baseline: `same clients without the bulk approve: ${rate(median(f.submitAlone))}; ingest bar ${INGEST_TARGET * 100}% of raw INSERT (${rate(median(f.raw))}) = ${rate(bar)}`,
      ratio: ratio(during, median(f.submitAlone)),
      target: `≥ ingest bar: ${during >= bar ? 'met' : '**not met**'}`,
    },
  ];
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadBefore = loadavg()[0] ?? 0;
  const rows: Row[] = [];
  const extraMeta: string[] = [];
  let pgVersion = 'not reachable: PostgreSQL figures not measured';
  let pgSettings = '';
  if (process.argv.includes('--hostile-only')) {
    console.log(`\n${plainTable(hostileRows(await benchHostile(HOSTILE)))}\n\nload average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after; not written to docs`);
    return;
  }
  if (process.argv.includes('--start-only')) {
    const f = await benchStart(Number(process.env.BENCH_ROUNDS) || 5, (line) => console.log(line));
    console.log(`\n${startLines(f).join('\n')}\n\nload average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after; not written to docs`);
    return;
  }
  if (process.argv.includes('--web-only')) {
    const web = webRows(await benchWebPages());
    const field = fieldRows(await benchFieldApp());
    console.log(`\n${plainTable([...web, ...field])}\n\nload average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after; not written to docs`);
    return;
  }
  const reachable = await postgresReachable();
  if (process.argv.includes('--sync-only')) {
    const f = await benchSync(reachable);
    const lines = f.map((x) => `${x.engine}: ${x.rows.toLocaleString('en-US')} rows written; rounds sync ${x.sync.rates.map((r) => Math.round(r)).join(', ')}/s, raw ${x.raw.rates.map((r) => Math.round(r)).join(', ')}/s`);
    console.log(`\n${plainTable(syncRows(f))}\n\n${lines.join('\n')}\n\nload average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after; not written to docs`);
    return;
  }
  if (process.argv.includes('--ingest-only')) {
    if (!reachable) throw new Error(`PostgreSQL at ${postgresUrl()} does not answer`);
    const f = await benchPostgres(INGEST);
    const lines = [...f.submit.entries()].map(([c, x]) => `submit-${c} rounds ${x.rates.map((r) => Math.round(r)).join(', ')}/s; raw-${c} ${(f.raw.get(c)?.rates ?? []).map((r) => Math.round(r)).join(', ')}/s`);
    const rowsOut = postgresRows(f);
    if (!process.argv.includes('--no-pglite')) rowsOut.push(...pgliteRows(await benchPglite(PGLITE)));
    console.log(`\n${plainTable(rowsOut)}\n\n${lines.join('\n')}\n\nload average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after; not written to docs`);
    return;
  }
  if (process.argv.includes('--import-only')) {
    if (!reachable) throw new Error(`PostgreSQL at ${postgresUrl()} does not answer`);
    const f = await benchDataImport(Number(process.env.BENCH_IMPORT_ROWS) || 100_000);
    const rate = f.rows / f.importSeconds;
    const raw = f.rows / f.rawSeconds;
    console.log(`\nsubmission import job (CSV over HTTP, ${f.rows.toLocaleString('en-US')} rows; 202 after ${f.acceptSeconds.toFixed(1)} s, ${f.progressSeen} progress values polled): ${Math.round(rate).toLocaleString('en-US')} rows/s (${f.importSeconds.toFixed(1)} s); raw 100-row INSERTs of the same documents: ${Math.round(raw).toLocaleString('en-US')} rows/s (${f.rawSeconds.toFixed(1)} s); ${((100 * rate) / raw).toFixed(1)}%\n\nload average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after; not written to docs`);
    return;
  }
  if (process.argv.includes('--media-only')) {
    if (!reachable) throw new Error(`PostgreSQL at ${postgresUrl()} does not answer`);
    const f = await benchMediaMemory(Number(process.env.BENCH_MEDIA_FILES) || 10, 20, (line) => console.log(line));
    const total = f.files * f.fileMb;
    console.log(`\nmedia uploads (${f.files} × ${f.fileMb} MB photos by tus over HTTP, 4 MiB chunks, one after another): server RSS ${Math.round(f.baseRssMb)} MB after a first small upload, peak ${Math.round(f.peakRssMb)} MB (+${Math.round(f.peakRssMb - f.baseRssMb)} MB for ${total} MB sent); ${(total / f.uploadSeconds).toFixed(0)} MB/s (${f.uploadSeconds.toFixed(1)} s) against fs.writeFile of the same bytes ${(total / f.writeSeconds).toFixed(0)} MB/s (${f.writeSeconds.toFixed(1)} s), ${((100 * f.writeSeconds) / f.uploadSeconds).toFixed(1)}%\n\nload average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after; not written to docs`);
    return;
  }
  if (process.argv.includes('--odata-only')) {
    if (!reachable) throw new Error(`PostgreSQL at ${postgresUrl()} does not answer`);
    const f = await benchODataFeed(Number(process.env.BENCH_ODATA_ROWS) || 1_000_000, (line) => console.log(line));
    const feed = f.rows / f.feedSeconds;
    const copy = f.rows / f.copySeconds;
    console.log(`\nOData feed (${f.rows.toLocaleString('en-US')} records, ${f.pages} pages of ≤ 5,000 over HTTP, Basic token): ${Math.round(feed).toLocaleString('en-US')} rows/s (${f.feedSeconds.toFixed(1)} s); COPY … TO STDOUT of the same rows: ${Math.round(copy).toLocaleString('en-US')} rows/s (${f.copySeconds.toFixed(1)} s); ${((100 * feed) / copy).toFixed(1)}%; the feed instance: RSS ${Math.round(f.baseRssMb)} MB after a first page, peak ${Math.round(f.peakRssMb)} MB while serving every page (VmRSS every 50 ms)\n$filter (2 conditions on answers and the period): ${f.filteredRows.toLocaleString('en-US')} rows in ${f.filteredSeconds.toFixed(1)} s\n\nload average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after; not written to docs`);
    return;
  }
  if (process.argv.includes('--export-only')) {
    if (!reachable) throw new Error(`PostgreSQL at ${postgresUrl()} does not answer`);
    const f = await benchExports(Number(process.env.BENCH_EXPORT_RECORDS) || 200_000, (line) => console.log(line));
    console.log(`\n${exportLines(f).join('\n')}\n\nload average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after; not written to docs`);
    return;
  }
  if (process.argv.includes('--review-only')) {
    if (!reachable) throw new Error(`PostgreSQL at ${postgresUrl()} does not answer`);
    const f = await benchBulkReview(REVIEW);
    const detail = `rounds: bulk alone ${f.bulkAloneS.map((x) => x.toFixed(2)).join(', ')} s; under load ${f.bulkUnderLoadS.map((x) => x.toFixed(2)).join(', ')} s; bare UPDATE ${f.rawUpdateS.map((x) => x.toFixed(2)).join(', ')} s; submit alone ${f.submitAlone.map((r) => Math.round(r)).join(', ')}/s; during ${f.submitDuring.map((r) => Math.round(r)).join(', ')}/s; raw INSERT ${f.raw.map((r) => Math.round(r)).join(', ')}/s; changed per call ${f.changed.join(', ')}`;
    console.log(`\n${plainTable(reviewRows(f))}\n\n${detail}\n\nload average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after; not written to docs`);
    return;
  }
  if (process.argv.includes('--indicators-only')) {
    if (!reachable) throw new Error(`PostgreSQL at ${postgresUrl()} does not answer`);
    const f = await benchIndicators(optionsFromEnv((line) => console.log(line)));
    console.log(`\n${plainTable(indicatorRows(f))}\n\n${indicatorMeta(f).join('\n')}\n\nload average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after; not written to docs`);
    return;
  }
  if (reachable) {
    console.log('ingest on PostgreSQL …');
    const f = await benchPostgres(INGEST);
    pgVersion = f.version;
    pgSettings = `${f.settings}; ${f.rows.toLocaleString('en-US')} rows written`;
    rows.push(...postgresRows(f));
  } else {
    console.warn(`PostgreSQL at ${postgresUrl().replace(/:[^:@/]*@/, ':***@')} does not answer: skipping its ingest figures.`);
  }
  console.log('ingest on PGlite …');
  const lite = await benchPglite(PGLITE);
  rows.push(...pgliteRows(lite));
  console.log('batched sync …');
  rows.push(...syncRows(await benchSync(reachable)));
  if (reachable) {
    console.log('bulk review on PostgreSQL …');
    rows.push(...reviewRows(await benchBulkReview(REVIEW)));
  }
  console.log('validation …');
  rows.push(...validationRows(await benchValidation(VALIDATION)));
  console.log('hostile definitions and submissions …');
  rows.push(...hostileRows(await benchHostile(HOSTILE)));
  console.log('gazetteer import …');
  rows.push(...geoRows(await benchGeoImport(reachable ? postgresUrl() : null)));
  if (!reachable || process.argv.includes('--no-indicators')) {
    console.log(`indicators: skipped (${reachable ? '--no-indicators' : 'PostgreSQL not reachable'})`);
  } else {
    console.log('indicators on PostgreSQL …');
    const f = await benchIndicators(optionsFromEnv((line) => console.log(line)));
    rows.push(...indicatorRows(f));
    extraMeta.push(...indicatorMeta(f));
  }
  if (process.argv.includes('--no-web')) {
    console.log('web pages: skipped (--no-web)');
  } else {
    console.log('web pages in Chromium …');
    rows.push(...webRows(await benchWebPages()));
    console.log('field app (service worker, slow 3G) in Chromium …');
    const field = await benchFieldApp();
    rows.push(...fieldRows(field));
    extraMeta.push(`- field app: medians of ${field.rounds} rounds; slow 3G is CDP Network.emulateNetworkConditions on the page (the worker's own fetches are not throttled), CPU 4× is Emulation.setCPUThrottlingRate; first visit = fresh browser context, repeat = new tab after one full-speed visit installed the worker`);
  }

  const pgliteVersion = (JSON.parse(readFileSync(new URL('../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8')) as { version: string }).version;
  const seconds = Math.round((Date.now() - started) / 1000);
  const meta = [
    `- date: ${new Date().toISOString()}; command: \`npm run bench\` (${seconds} s)`,
    `- machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM; Node ${process.version}; load average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after (other processes compete when it exceeds ~1)`,
    `- PostgreSQL ${pgVersion}${pgSettings ? ` (${pgSettings})` : ''}; PGlite ${pgliteVersion} (PostgreSQL ${lite.version})`,
    `- document: csc-health-centre v1, 8 criteria, ~${documentBytes().toLocaleString('en-US')} bytes of JSON; fresh UUID per submission`,
    `- batched sync: ${SYNC_CLIENTS} clients, ${SYNC_BATCH} fresh-UUID documents per \`syncSubmissions\` call (selecting \`{ id status }\`), own database \`sa_bench_sync_<pid>\` / PGlite folder; same rounds as ingest`,
    `- ingest: ${INGEST.rounds} interleaved rounds of ${INGEST.durationMs / 1000} s after ${INGEST.warmupMs / 1000} s warm-up (PGlite ${PGLITE.durationMs / 1000} s); validation: ${VALIDATION.rounds} rounds of ${VALIDATION.durationMs / 1000} s`,
    ...extraMeta,
  ].join('\n');
  writeResults(DOC_FILE, `${meta}\n\n${markdownTable(rows)}`);
  console.log(`\n${plainTable(rows)}\n\n${meta}\n\nwritten to ${DOC_FILE}`);
}

await main();
