// An app per test on a fresh schema of the chosen engine, with a signed-in admin ready to call GraphQL.
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuiltApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createTestDatabase, type Engine } from './databases';
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
export async function createTestApp(engine: Engine, env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ ADMIN_PASSWORD, NODE_ENV: 'test', ...env });
  let built: BuiltApp;
  let token: string;
  if (config.adminPassword === ADMIN_PASSWORD && process.env.TEST_SETUP !== 'fresh') {
    const copy = await createSeededDatabase(engine, config.sessionDays);
    // The copy is current (the template was migrated and seeded by buildApp): skip both checks.
    built = await buildApp(config, { database: copy.database, prepared: copy.seeded, logger: false, web: false, indicatorRefresh: false });
    token = copy.token;
  } else {
    built = await buildApp(config, { database: await createTestDatabase(engine), logger: false, web: false, indicatorRefresh: false });
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
