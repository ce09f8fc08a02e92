// One factory for both engines: real PostgreSQL through `pg` when a URL is given, else embedded PGlite
// in a data folder. Everything above this file sees the same Kysely<Database>.
import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect, type KyselyConfig } from 'kysely';
import { unpackPgliteTemplate } from './pglite-template';
import type { Database } from './schema';

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: 'postgres' | 'pglite';
  close(): Promise<void>;
  /** PostgreSQL only: the pool's connection counts (for /metrics). */
  pool?: PoolUse;
}

export interface PoolUse {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
}

export interface SlowQuery {
  /** The statement's text, without its parameters (they may be personal data). */
  sql: string;
  durationMs: number;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  /** PGlite data folder; `memory://` keeps it in memory (tests). */
  dataDir: string;
  poolSize?: number;
  /** Told about connections the database broke (restart, outage); they are dropped and replaced. */
  onConnectionError?: (error: Error) => void;
  /** Told about every statement that took at least `slowQueryMs` (0 or unset: off). */
  onSlowQuery?: (query: SlowQuery) => void;
  slowQueryMs?: number;
}

/** Kysely's `log` option reporting slow statements (SLOW_QUERY_MS), or nothing when off. */
function slowQueryLog(options: DatabaseOptions): Pick<KyselyConfig, 'log'> {
  const threshold = options.slowQueryMs ?? 0;
  const report = options.onSlowQuery;
  if (threshold <= 0 || !report) return {};
  return {
    log: (event) => {
      if (event.queryDurationMillis >= threshold) report({ sql: event.query.sql, durationMs: Math.round(event.queryDurationMillis) });
    },
  };
}

/** Gives up connecting after this long, so requests answer UNAVAILABLE instead of hanging. */
const CONNECT_TIMEOUT_MS = 5_000;

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pg = await import('pg');
    // Dates as strings so `date` columns are not shifted by the local time zone.
    pg.default.types.setTypeParser(1082, (v: string) => v);
    // bigint identity columns (seq) stay strings; they are cursors, not arithmetic.
    const pool = new pg.default.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      keepAlive: true,
    });
    // Without these listeners a connection the server terminates (57P01 on restart, a network
    // break) is an unhandled 'error' event that kills the process. pg-pool listens on idle clients
    // only; a checked-out client (inside a transaction, between statements) needs its own listener.
    // The broken client is not queryable any more, so the pool discards it and connects anew.
    const report = options.onConnectionError ?? ((error: Error) => console.warn(`database connection lost: ${error.message}`));
    pool.on('connect', (client) => client.on('error', report));
    // The pool re-emits an idle client's error; it was reported by the client's listener above.
    pool.on('error', () => undefined);
    const { default: Cursor } = await import('pg-cursor');
    // The cursor lets exports stream rows instead of loading a whole result.
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }), ...slowQueryLog(options) });
    return { db, engine: 'postgres', close: () => db.destroy(), pool };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  if (!options.dataDir.startsWith('memory://')) mkdirSync(options.dataDir, { recursive: true });
  // A new folder starts from the migrated cluster made at install (no initdb, no migrations now),
  // when there is one that fits the migrations on disk (pglite-template.ts).
  await unpackPgliteTemplate(options.dataDir);
  const client = await PGlite.create(options.dataDir, { parsers: { 1082: (v: string) => v, 20: (v: string) => v } });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client), ...slowQueryLog(options) });
  // Kysely's destroy() closes the PGlite instance through the dialect's driver.
  return { db, engine: 'pglite', close: () => db.destroy() };
}
