// Why: the embedded default (PGlite on disk, same thread as the server) has its own ceiling; submit is
// compared with direct PGlite `query` INSERTs of the same rows into a copy of the submission table.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import type { Database } from '../../server/db/schema';
import { concurrentRound, measure, type CaseResult } from '../lib/measure';
import { startServer, submitRound, type RunningServer } from './http-submit';
import { CREATE_RAW_TABLE, INSERT_RAW, rawParams } from './raw-rows';

export const PGLITE_CONCURRENCY = [4, 16] as const;
export const PGLITE_RAW_IN_FLIGHT = 4;

export interface PgliteFigures {
  version: string;
  submit: Map<number, CaseResult>;
  raw: CaseResult;
}

/**
 * Runs `work` on a fresh on-disk PGlite in a temporary folder with the real app serving it (opened as
 * server/db/database.ts opens it, same parsers, keeping the client for the baseline) and the raw copy
 * table created; removes the folder afterwards.
 */
export async function withBenchPglite<T>(prefix: string, work: (client: PGlite, server: RunningServer) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  try {
    const client = await PGlite.create(dir, { parsers: { 1082: (v: string) => v, 20: (v: string) => v } });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
    const server = await startServer({ db, engine: 'pglite', close: () => db.destroy() });
    try {
      await client.exec(CREATE_RAW_TABLE);
      return await work(client, server);
    } finally {
      await server.close(); // closes the Kysely instance and with it the PGlite client
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchPglite(opts: { rounds: number; warmupMs: number; durationMs: number }): Promise<PgliteFigures> {
  return withBenchPglite('sa-bench-pglite', async (client, server) => {
    const version = ((await client.query<{ v: string }>("select current_setting('server_version') as v")).rows[0] as { v: string }).v;
    let n = 0;
    const raw = async (): Promise<void> => {
      await client.query(INSERT_RAW, rawParams(n++, server.adminId));
    };
    const cases = [
      { name: 'raw', round: (ms: number) => concurrentRound(raw, PGLITE_RAW_IN_FLIGHT, ms) },
      ...PGLITE_CONCURRENCY.map((c) => ({ name: `submit-${c}`, round: submitRound(server, c) })),
    ];
    const r = await measure(cases, opts);
    return {
      version,
      submit: new Map(PGLITE_CONCURRENCY.map((c) => [c, r.get(`submit-${c}`) as CaseResult])),
      raw: r.get('raw') as CaseResult,
    };
  });
}
