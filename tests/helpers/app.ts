// An app per test on a fresh schema of the chosen engine, with a signed-in admin ready to call GraphQL.
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuiltApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createTestDatabase, type Engine } from './databases';

export const ADMIN_PASSWORD = 'test-admin-password';

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

export async function createTestApp(engine: Engine): Promise<TestApp> {
  const database = await createTestDatabase(engine);
  const config = loadConfig({ ADMIN_PASSWORD, NODE_ENV: 'test' });
  const built = await buildApp(config, { database, logger: false, web: false, indicatorRefresh: false });
  const token = await login(built.app, 'admin', ADMIN_PASSWORD);
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
