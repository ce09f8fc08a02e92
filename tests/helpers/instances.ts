// Two app instances on one PostgreSQL database, each with its own pool (as two processes behind a
// load balancer would be): issue 13's stateless-instance tests.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { buildApp, type BuiltApp, type BuildOptions } from '../../server/app';
import { loadConfig, type Config } from '../../server/config';
import type { DatabaseHandle } from '../../server/db/database';
import type { Database } from '../../server/db/schema';
import { login } from './app';
import { createTestDatabase, testDatabaseUrl } from './databases';
import { createSeededDatabase, TEMPLATE_ADMIN_PASSWORD } from './template';

export interface Instances {
  a: BuiltApp;
  b: BuiltApp;
  close: () => Promise<void>;
}

/** A second handle on the database `first` is on, with a pool of its own. */
export async function secondHandle(first: DatabaseHandle): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: await testDatabaseUrl(first.db), max: 4 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
  return { db, engine: 'postgres', pool, close: () => db.destroy() };
}

export function instanceConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ ADMIN_PASSWORD: TEMPLATE_ADMIN_PASSWORD, NODE_ENV: 'test', ...env });
}

/**
 * `fresh`: an empty database both instances migrate and seed at the same time; else a copy of the
 * seeded template (both skip the boot steps).
 */
export async function twoInstances(options: { fresh?: boolean; env?: Record<string, string>; build?: BuildOptions } = {}): Promise<Instances> {
  const config = instanceConfig(options.env);
  const base = { logger: false, web: false, indicatorRefresh: false, ...options.build } as const;
  let first: DatabaseHandle;
  let prepared: BuildOptions['prepared'];
  if (options.fresh) {
    first = await createTestDatabase('postgres');
  } else {
    const copy = await createSeededDatabase('postgres', config.sessionDays);
    first = copy.database;
    prepared = copy.seeded;
  }
  const second = await secondHandle(first);
  const [a, b] = await Promise.all([
    buildApp(config, { ...base, prepared, database: first }),
    buildApp(config, { ...base, prepared, database: second }),
  ]);
  return {
    a,
    b,
    close: async () => {
      await b.app.close();
      await a.app.close();
    },
  };
}

/** The admin signed in on each instance (a session per instance, as a user behind a load balancer). */
export async function adminOnBoth(i: Instances): Promise<{ a: string; b: string }> {
  return { a: await login(i.a.app, 'admin', TEMPLATE_ADMIN_PASSWORD), b: await login(i.b.app, 'admin', TEMPLATE_ADMIN_PASSWORD) };
}
