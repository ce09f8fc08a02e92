// Why: indicator values must be timed the way dashboards reach them (the real app on a port, a bearer
// token, the `indicatorValues` query), with the background refresher off so nothing else competes.
// The database handle is opened like server/db/database.ts opens it, plus a Kysely query log, so the
// time of each indicator's roll-up statement inside `refreshNow()` can be attributed to its indicator.
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Kysely, PostgresDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import type { DatabaseHandle } from '../../server/db/database';
import type { Database } from '../../server/db/schema';
import type { AppServices } from '../../server/core/services';

const ADMIN_PASSWORD = 'bench-admin-password';

export interface IndicatorServer {
  url: string;
  token: string;
  adminId: string;
  services: AppServices;
  db: Kysely<Database>;
  /** Milliseconds spent in roll-up statements (`insert into indicator_rollup …`), per indicator key. */
  rollupMs: Map<string, number>;
  /** Milliseconds spent in a first build's leaf statement (the facts scan, `insert into indicator_leaf` alone), per key. */
  leafMs: Map<string, number>;
  gql: <T>(query: string, variables: Record<string, unknown>) => Promise<T>;
  close: () => Promise<void>;
}

function openLoggedDatabase(url: string, rollupMs: Map<string, number>, leafMs: Map<string, number>, keys: Set<string>): DatabaseHandle {
  pg.types.setTypeParser(1082, (v: string) => v);
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const log = (e: LogEvent): void => {
    if (e.level !== 'query') return;
    const into = e.query.sql.includes('insert into indicator_rollup') ? rollupMs : e.query.sql.includes('insert into indicator_leaf') ? leafMs : null;
    const key = e.query.parameters.find((p): p is string => typeof p === 'string' && keys.has(p));
    if (into && key) into.set(key, (into.get(key) ?? 0) + e.queryDurationMillis);
  };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
  return { db, engine: 'postgres', close: () => db.destroy() };
}

function httpClient(base: string, token: () => string): { post: (path: string, body: string) => Promise<string>; agent: Agent } {
  const url = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const post = (path: string, body: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
      if (token()) headers.authorization = `Bearer ${token()}`;
      const req = request({ host: url.hostname, port: url.port, path, method: 'POST', agent, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`${path}: ${res.statusCode} ${text.slice(0, 300)}`))));
      });
      req.on('error', reject);
      req.end(body);
    });
  return { post, agent };
}

/** Builds the app over `url` (migrations, shipped forms and indicators), listens, and signs the admin in. */
export async function startIndicatorServer(url: string, indicatorKeys: readonly string[]): Promise<IndicatorServer> {
  const rollupMs = new Map<string, number>();
  const leafMs = new Map<string, number>();
  const database = openLoggedDatabase(url, rollupMs, leafMs, new Set(indicatorKeys));
  const config = loadConfig({ ADMIN_PASSWORD, NODE_ENV: 'production' });
  const { app, services } = await buildApp(config, { logger: false, web: false, database, indicatorRefresh: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  let token = '';
  const http = httpClient(base, () => token);
  token = (JSON.parse(await http.post('/auth/login', JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }))) as { token: string }).token;
  const user = await database.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
  const gql = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const res = JSON.parse(await http.post('/graphql', JSON.stringify({ query, variables }))) as { data?: T; errors?: unknown[] };
    if (res.errors || !res.data) throw new Error(`GraphQL error: ${JSON.stringify(res.errors).slice(0, 400)}`);
    return res.data;
  };
  return {
    url: base,
    token,
    adminId: user.id,
    services,
    db: database.db,
    rollupMs,
    leafMs,
    gql,
    close: async () => {
      http.agent.destroy();
      await app.close(); // stops the refresher and closes the database handle
    },
  };
}
