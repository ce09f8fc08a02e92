// Test databases on both engines, so tests never see each other's rows: on PGlite a schema of its
// own (search_path) inside one shared in-memory instance per worker; on PostgreSQL a database of its
// own with its own small pool. A database, not a schema: kysely's migrator and /healthz read the
// catalog of every schema in the database, and another test dropping its schema meanwhile made those
// reads fail now and then. PostgreSQL comes from TEST_DATABASE_URL, else the local server if one
// answers; in CI (CI=true) a missing PostgreSQL is a failure, not a skip.
//
// Two kinds: createTestDatabase gives an empty schema (the test migrates or starts an app on it);
// createSeededDatabase gives a copy of a template (schema or database) that was migrated, seeded and signed into
// once per engine and worker (tests/helpers/template.ts), which is what createTestApp uses.
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type KyselyConfig } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { inject } from 'vitest';
import type { DatabaseHandle } from '../../server/db/database';
import type { Database } from '../../server/db/schema';

export type Engine = 'pglite' | 'postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by tests/helpers/global-setup.ts: names this run's schemas so its teardown can drop leftovers. */
    testRunId: string;
    /** Whether every test file runs in a fresh module graph (vitest `isolate`). */
    testIsolate: boolean;
  }
}

const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/postgres';

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

let postgresUrl: Promise<string | null> | undefined;

export function testPostgresUrl(): Promise<string | null> {
  postgresUrl ??= (async () => {
    const url = process.env.TEST_DATABASE_URL || DEFAULT_PG;
    if (await reachable(url)) return url;
    if (process.env.TEST_DATABASE_URL || process.env.CI) {
      throw new Error(`PostgreSQL is required for the tests but ${url.replace(/:[^:@/]*@/, ':***@')} does not answer.`);
    }
    console.warn('PostgreSQL is not reachable: integration tests run on PGlite only (set TEST_DATABASE_URL to include it).');
    return null;
  })();
  return postgresUrl;
}

/**
 * The engines integration tests run on: PGlite always, PostgreSQL when available (always in CI).
 * TEST_ENGINES=pglite (or postgres) runs one engine only.
 */
export async function testEngines(): Promise<Engine[]> {
  const only = process.env.TEST_ENGINES?.split(',').map((e) => e.trim()).filter(Boolean);
  const available: Engine[] = (await testPostgresUrl()) ? ['pglite', 'postgres'] : ['pglite'];
  return only?.length ? available.filter((e) => only.includes(e)) : available;
}

let sharedPglite: Promise<PGlite> | undefined;
let schemaCounter = 0;

function runId(): string {
  let id: string | undefined;
  try {
    id = inject('testRunId');
  } catch {
    // Outside a vitest worker with the global setup (e.g. another config): names stay unique anyway.
  }
  return /^[a-z0-9]+$/.test(id ?? '') ? id! : randomBytes(3).toString('hex');
}

const RUN = runId();

/** `t_<run>_...` for test schemas, `tmpl_<run>_...` for templates; the global teardown drops both. */
export function schemaName(prefix = 't'): string {
  schemaCounter += 1;
  return `${prefix}_${RUN}_${process.pid}_${randomBytes(3).toString('hex')}_${schemaCounter}`;
}

/** The shared in-memory PGlite of this worker. */
export function pglite(): Promise<PGlite> {
  sharedPglite ??= PGlite.create('memory://', { parsers: { 1082: (v: string) => v, 20: (v: string) => v } });
  return sharedPglite;
}

/**
 * A Kysely on `schema` (PGlite) or on database `schema` (PostgreSQL), which must exist. On PGlite the
 * one session's search_path is set to it (so the newest schema wins on PGlite: one schema in use at a
 * time). `log` is Kysely's query log (the template records the migrations' statements with it).
 */
export async function openSchema(engine: Engine, schema: string, log?: KyselyConfig['log']): Promise<DatabaseHandle> {
  if (engine === 'pglite') {
    const client = await pglite();
    await client.exec(`set search_path to ${schema}, public`);
    // A driver whose destroy() leaves the shared instance open (closed by closeSharedPglite).
    const dialect = new PGliteDialect({ query: client.query.bind(client), close: async () => undefined } as unknown as PGlite);
    const db = new Kysely<Database>({ dialect, ...(log ? { log } : {}) });
    return {
      db,
      engine: 'pglite',
      close: async () => {
        await db.destroy();
        await client.exec(`set search_path to public; drop schema ${schema} cascade`);
      },
    };
  }
  pg.types.setTypeParser(1082, (v: string) => v);
  const pool = new pg.Pool({ connectionString: await databaseUrl(schema), max: 4 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }), ...(log ? { log } : {}) });
  return {
    db,
    engine: 'postgres',
    pool,
    close: async () => {
      await db.destroy();
      // Not awaited: the server drops it while the next test runs (the teardown drops what is left).
      pendingDrops.add(dropDatabase(schema).catch(() => undefined));
    },
  };
}

const pendingDrops = new Set<Promise<void>>();

/** The URL of database `name` on the test server. */
export async function databaseUrl(name: string): Promise<string> {
  const url = await testPostgresUrl();
  if (!url) throw new Error('PostgreSQL is not available');
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** The URL of the PostgreSQL database `db` is on, for a test's second pool or session on it. */
export async function testDatabaseUrl(db: Kysely<any>): Promise<string> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
  return databaseUrl(rows[0]!.name);
}

/**
 * Drops a test database once its pools are closed (the server waits a few seconds for their sessions
 * to end). Not `with (force)`: that kills sessions still closing, and their clients report it as an
 * unhandled error. One a test left open keeps its database until the run's teardown drops it.
 */
export async function dropDatabase(name: string): Promise<void> {
  await (await adminPool()).query(`drop database if exists "${name}"`).catch((error: { code?: string }) => {
    if (error.code !== '55006') throw error; // object_in_use
  });
}

/**
 * Runs a script of several statements (no parameters) in one round trip, outside any test's pool:
 * on PGlite through the shared session, on PostgreSQL on a connection of its own.
 */
export async function execScript(engine: Engine, script: string): Promise<void> {
  if (engine === 'pglite') {
    await (await pglite()).exec(script);
    return;
  }
  await (await adminPool()).query(script);
}

let sharedAdminPool: Promise<pg.Pool> | undefined;

/** Connections for set-up scripts; idle ones close by themselves, so they never keep a worker alive. */
function adminPool(): Promise<pg.Pool> {
  sharedAdminPool ??= testPostgresUrl().then((url) => {
    if (!url) throw new Error('PostgreSQL is not available');
    return new pg.Pool({ connectionString: url, max: 2, idleTimeoutMillis: 1000, allowExitOnIdle: true });
  });
  return sharedAdminPool;
}

/** An empty schema (PGlite) or database (PostgreSQL) of its own: nothing migrated. */
export async function createTestDatabase(engine: Engine): Promise<DatabaseHandle> {
  const schema = schemaName();
  // template0: nobody is ever connected to it, so concurrent copies never collide.
  await execScript(engine, engine === 'pglite' ? `create schema ${schema}` : `create database "${schema}" template template0`);
  return openSchema(engine, schema);
}

function isolated(): boolean {
  try {
    return inject('testIsolate') !== false;
  } catch {
    return true;
  }
}

/**
 * Call in afterAll of files that used PGlite. With isolated files the instance is closed; without
 * (the default config) the worker keeps it, and its template, for its next files: creating one costs
 * seconds of CPU. Each test still has a schema of its own.
 */
export async function closeSharedPglite(): Promise<void> {
  if (!sharedPglite || !isolated()) return;
  const client = await sharedPglite;
  sharedPglite = undefined;
  await client.close();
}
