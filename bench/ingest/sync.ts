// Why: the offline app sends its outbox in batches (issue 9), so batched ingest is measured as phones
// send it: the real app listening on a port, 4 keep-alive clients each posting `syncSubmissions` with
// 100 fresh-UUID ISAF documents, against the database storing the same rows the cheapest way a batch
// can be stored: one 100-row multi-row INSERT per batch (pool of 4). PostgreSQL in its own throw-away
// database `sa_bench_sync_<pid>`, and PGlite on disk (4 in flight, it runs one query at a time).
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { LIMITS } from '../../form-engine/index';
import { FORM_KEY, FORM_VERSION, VARIANTS, validDocument } from '../lib/isaf-document';
import { concurrentRound, measure, type CaseResult, type Round } from '../lib/measure';
import type { RunningServer } from './http-submit';
import { withBenchPglite } from './pglite';
import { adminQuery, withBenchDatabase } from './postgres';
import { insertRawBatch, rawBatchParams } from './raw-rows';

export const SYNC_BATCH = LIMITS.syncRecords;
export const SYNC_CLIENTS = 4;

const SYNC = 'mutation($r: [SubmitInput!]!) { syncSubmissions(records: $r) { id status } }';
const PLACEHOLDER = '00000000-0000-4000-8000-000000000000';

export interface SyncFigures {
  engine: 'postgres' | 'pglite';
  /** Records per second (rates × batch size); latencies are per batch. */
  sync: CaseResult;
  raw: CaseResult;
  /** Rows in the bench tables at the end (submission + raw copy). */
  rows: number;
  /** Bytes of one request body (100 records). */
  bodyBytes: number;
}

/** Each record of a batch pre-serialised around its id: the client spends no CPU on JSON per request. */
function recordTemplates(): Array<[string, string]> {
  return Array.from({ length: VARIANTS }, (_, n) => {
    const text = JSON.stringify({ id: PLACEHOLDER, definitionKey: FORM_KEY, definitionVersion: FORM_VERSION, data: validDocument(n) });
    const at = text.indexOf(PLACEHOLDER);
    return [text.slice(0, at), text.slice(at + PLACEHOLDER.length)];
  });
}

/** One timed round of `workers` clients each posting 100-record batches back to back. */
export function syncRound(server: RunningServer, workers: number, onBody: (bytes: number) => void): (ms: number) => Promise<Round> {
  const templates = recordTemplates();
  const head = `{"query":${JSON.stringify(SYNC)},"variables":{"r":[`;
  const url = new URL(`${server.url}/graphql`);
  const agent = new Agent({ keepAlive: true, maxSockets: workers });
  let n = 0;
  const op = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const records: string[] = [];
      for (let i = 0; i < SYNC_BATCH; i++) {
        const [before, after] = templates[n++ % VARIANTS] as [string, string];
        records.push(before + randomUUID() + after);
      }
      const body = `${head}${records.join(',')}]}}`;
      const bytes = Buffer.byteLength(body);
      onBody(bytes);
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': bytes, authorization: `Bearer ${server.token}` } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            const stored = text.split('"STORED"').length - 1;
            if (res.statusCode !== 200 || text.includes('"errors"') || stored !== SYNC_BATCH) reject(new Error(`sync failed: ${res.statusCode} ${stored} stored ${text.slice(0, 300)}`));
            else resolve();
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return (ms) => concurrentRound(op, workers, ms);
}

/** A case measured in batches, reported in records. */
function perRecord(c: CaseResult): CaseResult {
  return { ...c, rates: c.rates.map((r) => r * SYNC_BATCH), median: c.median * SYNC_BATCH };
}

async function runCases(server: RunningServer, rawBatch: (params: unknown[]) => Promise<void>, opts: { rounds: number; warmupMs: number; durationMs: number }) {
  let bodyBytes = 0;
  let n = 0;
  const raw = async (): Promise<void> => {
    const params = rawBatchParams(n, SYNC_BATCH, server.adminId);
    n += SYNC_BATCH;
    await rawBatch(params);
  };
  const r = await measure(
    [
      { name: 'raw', round: (ms: number) => concurrentRound(raw, SYNC_CLIENTS, ms) },
      { name: 'sync', round: syncRound(server, SYNC_CLIENTS, (bytes) => (bodyBytes = bytes)) },
    ],
    opts,
  );
  return { sync: perRecord(r.get('sync') as CaseResult), raw: perRecord(r.get('raw') as CaseResult), bodyBytes };
}

export async function benchSyncPostgres(opts: { rounds: number; warmupMs: number; durationMs: number }): Promise<SyncFigures> {
  return withBenchDatabase('sa_bench_sync', async ({ url, server, pool }) => {
    const clients = pool(SYNC_CLIENTS);
    const sql = insertRawBatch(SYNC_BATCH);
    const figures = await runCases(server, async (params) => void (await clients.query(sql, params)), opts);
    const count = await adminQuery(url, 'select (select count(*) from submission) + (select count(*) from raw_submission) as n');
    return { engine: 'postgres', ...figures, rows: Number((count.rows[0] as { n: string }).n) };
  });
}

export async function benchSyncPglite(opts: { rounds: number; warmupMs: number; durationMs: number }): Promise<SyncFigures> {
  return withBenchPglite('sa-bench-sync', async (client, server) => {
    const sql = insertRawBatch(SYNC_BATCH);
    const figures = await runCases(server, async (params) => void (await client.query(sql, params)), opts);
    const count = await client.query<{ n: string }>('select (select count(*) from submission) + (select count(*) from raw_submission) as n');
    return { engine: 'pglite', ...figures, rows: Number(count.rows[0]?.n) };
  });
}
