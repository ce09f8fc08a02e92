// Why: ingest on real PostgreSQL, in a throw-away database `sa_bench_<pid>`: the `submit` mutation
// over HTTP (4 and 16 clients) against pooled raw INSERTs (pool of 4 and 16) of the same rows.
import pg from 'pg';
import { openDatabase } from '../../server/db/database';
import { concurrentRound, measure, type CaseResult } from '../lib/measure';
import { startServer, submitRound, type RunningServer } from './http-submit';
import { CREATE_RAW_TABLE, INSERT_RAW, rawParams } from './raw-rows';

export const CONCURRENCY = [4, 16] as const;

export interface PostgresFigures {
  version: string;
  settings: string;
  submit: Map<number, CaseResult>;
  raw: Map<number, CaseResult>;
  rows: number;
}

export function postgresUrl(): string {
  return process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
}

export async function adminQuery(url: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** Waits for closed pools to let go of the database before dropping it; forces only as a last resort. */
async function dropDatabase(baseUrl: string, dbName: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      await adminQuery(baseUrl, `drop database if exists ${dbName}`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await adminQuery(baseUrl, `drop database if exists ${dbName} with (force)`);
}

export interface BenchDatabase {
  /** URL of the throw-away database. */
  url: string;
  server: RunningServer;
  /** A client pool on it, ended before the database is dropped. */
  pool: (max: number) => pg.Pool;
}

/**
 * Runs `work` on a throw-away database `<prefix>_<pid>` with the real app serving it (the server's
 * own pool, exactly as production opens it: DATABASE_URL, default pool size) and the raw copy table
 * created; ends the pools and drops the database afterwards.
 */
export async function withBenchDatabase<T>(prefix: string, work: (bench: BenchDatabase) => Promise<T>): Promise<T> {
  const baseUrl = postgresUrl();
  const dbName = `${prefix}_${process.pid}`;
  await adminQuery(baseUrl, `drop database if exists ${dbName}`);
  await adminQuery(baseUrl, `create database ${dbName}`);
  const url = new URL(baseUrl);
  url.pathname = `/${dbName}`;
  const pools: pg.Pool[] = [];
  const pool = (max: number): pg.Pool => {
    const p = new pg.Pool({ connectionString: url.toString(), max });
    p.on('error', () => undefined); // idle clients killed by the final DROP DATABASE
    pools.push(p);
    return p;
  };
  try {
    const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
    const server = await startServer(database);
    try {
      await adminQuery(url.toString(), CREATE_RAW_TABLE);
      return await work({ url: url.toString(), server, pool });
    } finally {
      await server.close();
    }
  } finally {
    await Promise.all(pools.map((p) => p.end()));
    await dropDatabase(baseUrl, dbName);
  }
}

export async function benchPostgres(opts: { rounds: number; warmupMs: number; durationMs: number }): Promise<PostgresFigures> {
  return withBenchDatabase('sa_bench', async ({ url, server, pool }) => {
    const probe = await adminQuery(url, "select current_setting('server_version') as v, current_setting('synchronous_commit') as sc, current_setting('shared_buffers') as sb");
    const row = probe.rows[0] as { v: string; sc: string; sb: string };
    const cases = [];
    for (const c of CONCURRENCY) {
      const clients = pool(c);
      let n = 0;
      const op = async (): Promise<void> => {
        await clients.query(INSERT_RAW, rawParams(n++, server.adminId));
      };
      cases.push({ name: `raw-${c}`, round: (ms: number) => concurrentRound(op, c, ms) });
      cases.push({ name: `submit-${c}`, round: submitRound(server, c) });
    }
    const r = await measure(cases, opts);
    const count = await adminQuery(url, 'select (select count(*) from submission) + (select count(*) from raw_submission) as n');
    return {
      version: row.v,
      settings: `synchronous_commit=${row.sc}, shared_buffers=${row.sb}`,
      submit: new Map(CONCURRENCY.map((c) => [c, r.get(`submit-${c}`) as CaseResult])),
      raw: new Map(CONCURRENCY.map((c) => [c, r.get(`raw-${c}`) as CaseResult])),
      rows: Number((count.rows[0] as { n: string }).n),
    };
  });
}
