// Test databases on both engines. Each test gets its own schema (search_path), so tests never see
// each other's rows: on PGlite inside one shared in-memory instance per test file, on PostgreSQL
// through its own small pool. PostgreSQL comes from TEST_DATABASE_URL, else the local server if one
// answers; in CI (CI=true) a missing PostgreSQL is a failure, not a skip.
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { DatabaseHandle } from '../../server/db/database';
import type { Database } from '../../server/db/schema';

export type Engine = 'pglite' | 'postgres';

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

/** The engines integration tests run on: PGlite always, PostgreSQL when available (always in CI). */
export async function testEngines(): Promise<Engine[]> {
  return (await testPostgresUrl()) ? ['pglite', 'postgres'] : ['pglite'];
}

let sharedPglite: Promise<PGlite> | undefined;
let schemaCounter = 0;

function schemaName(): string {
  schemaCounter += 1;
  return `t_${process.pid}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}_${schemaCounter}`;
}

export async function createTestDatabase(engine: Engine): Promise<DatabaseHandle> {
  const schema = schemaName();
  if (engine === 'pglite') {
    sharedPglite ??= PGlite.create('memory://', { parsers: { 1082: (v: string) => v, 20: (v: string) => v } });
    const client = await sharedPglite;
    await client.exec(`create schema ${schema}; set search_path to ${schema}, public`);
    // A driver whose destroy() leaves the shared instance open (closed by closeSharedPglite).
    const dialect = new PGliteDialect({ query: client.query.bind(client), close: async () => undefined } as unknown as PGlite);
    const db = new Kysely<Database>({ dialect });
    return {
      db,
      engine: 'pglite',
      close: async () => {
        await db.destroy();
        await client.exec(`set search_path to public; drop schema ${schema} cascade`);
      },
    };
  }
  const url = await testPostgresUrl();
  if (!url) throw new Error('PostgreSQL is not available');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  pg.types.setTypeParser(1082, (v: string) => v);
  const pool = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${schema},public` });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
  return {
    db,
    engine: 'postgres',
    close: async () => {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(db);
      await db.destroy();
    },
  };
}

/** Call in afterAll of files that used PGlite. */
export async function closeSharedPglite(): Promise<void> {
  if (!sharedPglite) return;
  const client = await sharedPglite;
  sharedPglite = undefined;
  await client.close();
}
