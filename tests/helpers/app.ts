// An app per test on a fresh schema of the chosen engine, with a signed-in admin ready to call GraphQL.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp, type BuiltApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { DefinitionCache } from '../../server/definitions/definition-cache';
import { createSubmissionValidator } from '../../server/submissions/validator';
import { forgetAllSessions } from '../../server/auth/session-cache';
import { createTestDatabase, pglite, type Engine } from './databases';
import { restoreSnapshot, takeSnapshot } from './reuse';
import { createSeededDatabase, TEMPLATE_ADMIN_PASSWORD } from './template';

export const ADMIN_PASSWORD = TEMPLATE_ADMIN_PASSWORD;

export interface TestApp extends BuiltApp {
  token: string;
  gql: (query: string, variables?: Record<string, unknown>, token?: string | null) => Promise<GqlResult>;
  close: () => Promise<void>;
}

export interface GqlResult {
  status: number;
  data: any;
  errors: Array<{ message: string; extensions: { code: string; errors?: Array<{ path: string; keyword: string; message: { en: string; km: string } }> } }> | undefined;
}

export async function login(app: FastifyInstance, username: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return (res.json() as { token: string }).token;
}

/**
 * `env` adds or overrides environment settings (e.g. TRUST_PROXY) for this app. The database is a
 * copy of the template (migrated, seeded, admin signed in: tests/helpers/template.ts); with another
 * ADMIN_PASSWORD the app seeds an empty schema itself and the admin signs in through the API.
 */
interface Reusable {
  app: TestApp;
  /** Statements that put the database back to the template's state. */
  snapshot: Awaited<ReturnType<typeof takeSnapshot>>;
  /** PGlite: the shared instance the app's schema lives in (a new instance means a new app). */
  instance: unknown;
  schema: string;
  inUse: boolean;
  close: () => Promise<void>;
}

const reusable = new Map<Engine, Reusable>();

/**
 * The default app (no `env`): one per engine and worker, reused by the next test after this one's
 * close() (tests/helpers/reuse.ts puts its database back and empties its caches). A test that holds
 * it while asking for another gets a new one of its own, and so does `reuse: false` (a test whose app
 * works on in the background after it ends: imports). TEST_REUSE=0 builds one per test, as before.
 */
export async function createTestApp(engine: Engine, env: Record<string, string> = {}, options: { reuse?: boolean } = {}): Promise<TestApp> {
  if (options.reuse === false || Object.keys(env).length > 0 || process.env.TEST_SETUP === 'fresh' || process.env.TEST_REUSE === '0') return buildTestApp(engine, env);
  const held = reusable.get(engine);
  const instance = engine === 'pglite' ? await pglite() : null;
  if (held && !held.inUse && held.instance === instance) {
    held.inUse = true;
    try {
      if (engine === 'pglite') await sql.raw(`set search_path to ${held.schema}, public`).execute(held.app.services.db);
      await restoreSnapshot(held.app.services.db, held.snapshot);
    } catch (error) {
      reusable.delete(engine);
      await held.close().catch(() => undefined);
      throw error;
    }
    // What the app keeps in memory about the database it had.
    held.app.services.definitions = new DefinitionCache();
    held.app.services.validator = createSubmissionValidator();
    forgetAllSessions();
    return held.app;
  }
  if (held?.inUse) return buildTestApp(engine, env);
  if (held) {
    reusable.delete(engine);
    await held.close().catch(() => undefined);
  }
  const built = await buildTestApp(engine, env);
  const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(built.services.db)).rows[0]!.s;
  const snapshot = await takeSnapshot(built.services.db);
  const entry: Reusable = { app: built, snapshot, instance, schema, inUse: true, close: built.close };
  // close() hands the app to the next test; the worker's end (or a new PGlite instance) closes it.
  entry.app = {
    ...built,
    close: async () => {
      // An app that listened on a port is not handed on (its server is bound): it closes for good.
      if (built.app.server.listening) {
        reusable.delete(engine);
        await built.close();
        return;
      }
      entry.inUse = false;
    },
  };
  reusable.set(engine, entry);
  return entry.app;
}

async function buildTestApp(engine: Engine, env: Record<string, string>): Promise<TestApp> {
  const config = loadConfig({ ADMIN_PASSWORD, NODE_ENV: 'test', ...env });

  let built: BuiltApp;
  let token: string;
  if (config.adminPassword === ADMIN_PASSWORD && process.env.TEST_SETUP !== 'fresh') {
    const copy = await createSeededDatabase(engine, config.sessionDays);
    // The copy is current (the template was migrated and seeded by buildApp): skip both checks.
    built = await buildApp(config, { database: copy.database, prepared: copy.seeded, logger: false, web: false, indicatorRefresh: false, webhookDelivery: false, mediaOffload: false });
    token = copy.token;
  } else {
    built = await buildApp(config, { database: await createTestDatabase(engine), logger: false, web: false, indicatorRefresh: false, webhookDelivery: false, mediaOffload: false });
    token = await login(built.app, 'admin', config.adminPassword!);
  }
  const gql: TestApp['gql'] = async (query, variables, as = token) => {
    const res = await built.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: as ? { authorization: `Bearer ${as}` } : {},
      payload: { query, variables },
    });
    const body = res.json() as { data?: unknown; errors?: GqlResult['errors'] };
    return { status: res.statusCode, data: body.data, errors: body.errors };
  };
  return { ...built, token, gql, close: () => built.app.close() };
}
