// Observability (issue 13, part 4): GET /metrics is 404 without METRICS_TOKEN and 401 without the
// right Bearer token; with it, Prometheus text whose counters follow the requests made (by route and
// by GraphQL operation), accepted submissions, the indicator freshness lag read from the database and,
// on PostgreSQL, the pool. Every answer carries x-request-id (the proxy's when usable) and every error
// body its requestId. Slow statements are reported without their parameters.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';
import { openDatabase, type SlowQuery } from '../../server/db/database';
import { createTestApp, type TestApp } from '../helpers/app';
import { buildApp } from '../../server/app';
import { ADMIN_PASSWORD } from '../helpers/app';
import { closeSharedPglite, createTestDatabase, testDatabaseUrl, testEngines } from '../helpers/databases';
import type { I4CSessionV1 } from '../../definitions/types/index';

const engines = await testEngines();
afterAll(closeSharedPglite);

const TOKEN = 'test-metrics-token-0123456789abcdef';
const SUBMIT = 'mutation Send($i: SubmitInput!) { submit(input: $i) { id } }';
const I4C: I4CSessionV1 = { village: '06010101', date: '2026-02-01', facilitators: 'Sok', participants: { total: 10, female: 6, youth: 2, disability: 1, ethnic_minority: 0, id_poor: 3 }, topics: ['service_standards'], materials_distributed: 5 };

/** The value of one sample line (`name{labels} value`), or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.each(engines)('/metrics and request ids on %s', (engine) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const scrape = (headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) => t!.app.inject({ method: 'GET', url: '/metrics', headers });

  it('answers 404 NOT_FOUND when METRICS_TOKEN is not set', async () => {
    t = await createTestApp(engine);
    const res = await scrape();
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', requestId: res.headers['x-request-id'] });
  });

  it('answers 401 without the token, and counts requests, operations, submissions and indicator lag with it', async () => {
    t = await createTestApp(engine, { METRICS_TOKEN: TOKEN });
    const attempts: Array<Record<string, string>> = [{}, { authorization: 'Bearer wrong-token-wrong-token-wrong' }, { authorization: TOKEN }];
    for (const headers of attempts) {
      const refused = await scrape(headers);
      expect(refused.statusCode).toBe(401);
      expect(refused.headers['www-authenticate']).toContain('Bearer');
      expect(refused.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(refused.body).not.toContain(TOKEN);
    }

    const gql = (query: string, variables?: unknown) =>
      t!.app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${t!.token}` }, payload: { query, variables } });
    for (let i = 0; i < 3; i++) {
      const res = await gql(SUBMIT, { i: { id: randomUUID(), definitionKey: 'i4c-session', definitionVersion: 1, data: I4C } });
      expect(res.json().errors).toBeUndefined();
    }
    expect((await gql('query Me { me { username } }')).statusCode).toBe(200);
    const refusedSubmit = await gql(SUBMIT, { i: { id: randomUUID(), definitionKey: 'i4c-session', definitionVersion: 1, data: { ...I4C, village: '99999999' } } });
    expect(refusedSubmit.json().errors).toBeDefined();
    expect((await gql('query Broken { nope')).statusCode).toBe(400);
    for (let i = 0; i < 2; i++) expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await t.services.indicators.refreshNow();

    const res = await scrape();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    expect(sample(text, 'sa_http_requests_total{method="GET",route="/healthz",status_code="200"}')).toBe(2);
    expect(sample(text, 'sa_http_requests_total{method="POST",route="/graphql",status_code="200"}')).toBe(5);
    expect(sample(text, 'sa_http_requests_total{method="POST",route="/graphql",status_code="400"}')).toBe(1);
    expect(sample(text, 'sa_http_requests_total{method="GET",route="/metrics",status_code="401"}')).toBe(3);
    expect(sample(text, 'sa_http_request_duration_seconds_count{method="POST",route="/graphql"}')).toBe(6);
    expect(sample(text, 'sa_graphql_operations_total{operation="Send",type="mutation",outcome="ok"}')).toBe(3);
    expect(sample(text, 'sa_graphql_operations_total{operation="Send",type="mutation",outcome="error"}')).toBe(1);
    expect(sample(text, 'sa_graphql_operations_total{operation="Me",type="query",outcome="ok"}')).toBe(1);
    expect(sample(text, 'sa_graphql_operations_total{operation="(unparsed)",type="unknown",outcome="error"}')).toBe(1);
    expect(sample(text, 'sa_graphql_operation_duration_seconds_count{operation="Send",type="mutation"}')).toBe(4);
    expect(sample(text, 'sa_submissions_total{via="submit",outcome="accepted"}')).toBe(3);
    // Read from indicator_state at the scrape: just refreshed, so a few seconds at most.
    const lag = sample(text, 'sa_indicator_freshness_lag_seconds{indicator="participants-by-group",version="2"}');
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(60);
    expect(sample(text, 'sa_indicator_failed{indicator="participants-by-group",version="2"}')).toBe(0);
    expect(sample(text, 'sa_imports_running{kind="geo"}')).toBe(0);
    expect(text).toContain('sa_process_resident_memory_bytes');
    if (engine === 'postgres') {
      expect(sample(text, 'sa_db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'sa_db_pool_connections{state="waiting"}')).toBe(0);
    } else {
      expect(text).not.toContain('sa_db_pool_connections');
    }
  });

  it('reports the webhook queue from the database: pending, failed in the last day, and the oldest due wait', async () => {
    t = await createTestApp(engine, { METRICS_TOKEN: TOKEN });
    const admin = await t.services.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
    const hook = await t.services.db.insertInto('webhook').values({ name: 'm', url: 'https://example.org/h', events: ['submission.created'], form_keys: null, secret: 'x'.repeat(32), created_by: admin.id }).returning('id').executeTakeFirstOrThrow();
    const delivery = (status: 'pending' | 'failed' | 'delivered', dueAgo: string, attemptedAgo: string | null) =>
      t!.services.db.insertInto('webhook_delivery').values({ webhook_id: hook.id, event: 'submission.created', payload: JSON.stringify({}), status, next_attempt_at: sql<Date>`now() - ${dueAgo}::interval`, last_attempt_at: attemptedAgo ? sql<Date>`now() - ${attemptedAgo}::interval` : null }).execute();
    await delivery('pending', '2 hours', null);
    await delivery('pending', '-1 hour', null); // not due yet
    await delivery('failed', '0 seconds', '3 hours');
    await delivery('failed', '0 seconds', '3 days'); // too old to count
    await delivery('delivered', '0 seconds', '1 minute');
    const text = (await scrape({ authorization: `Bearer ${TOKEN}` })).body;
    expect(sample(text, 'sa_webhook_deliveries{state="pending"}')).toBe(2);
    expect(sample(text, 'sa_webhook_deliveries{state="delivering"}')).toBe(0);
    expect(sample(text, 'sa_webhook_deliveries{state="failed_last_day"}')).toBe(1);
    const oldest = sample(text, 'sa_webhook_oldest_due_seconds');
    expect(oldest).toBeGreaterThanOrEqual(7200);
    expect(oldest).toBeLessThan(7300);
  });

  it('gives every answer an x-request-id (the proxy’s when usable) and every error body its requestId', async () => {
    t = await createTestApp(engine);
    const ok = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(ok.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const other = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(other.headers['x-request-id']).not.toBe(ok.headers['x-request-id']);

    const fromProxy = await t.app.inject({ method: 'GET', url: '/no-such-path', headers: { 'x-request-id': '4f2c9a1be0d34c55a6b7c8d9e0f1a2b3' } });
    expect(fromProxy.headers['x-request-id']).toBe('4f2c9a1be0d34c55a6b7c8d9e0f1a2b3');
    expect(fromProxy.json()).toMatchObject({ code: 'NOT_FOUND', requestId: '4f2c9a1be0d34c55a6b7c8d9e0f1a2b3' });
    // A header that is not a plain token is not believed (it would be written into every log line).
    const odd = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'x"} forged' } });
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    const res = await t.app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${t.token}` }, payload: { query: '{ nope' } });
    expect(res.json().errors[0].extensions.requestId).toBe(res.headers['x-request-id']);
    const rest = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: 'wrong-password-here' } });
    expect(rest.statusCode).toBe(401);
    expect(rest.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', requestId: rest.headers['x-request-id'] });
  });
});

describe('configuration', () => {
  it('refuses a short METRICS_TOKEN at boot without echoing it', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short-secret' })).toThrow(ConfigError);
    try {
      loadConfig({ METRICS_TOKEN: 'short-secret' });
    } catch (error) {
      expect((error as Error).message).not.toContain('short-secret');
    }
    expect(loadConfig({ METRICS_TOKEN: TOKEN }).metricsToken).toBe(TOKEN);
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({}).slowQueryMs).toBe(500);
    expect(() => loadConfig({ SLOW_QUERY_MS: '-1' })).toThrow(ConfigError);
  });

  it('reports statements slower than SLOW_QUERY_MS with their text, never their parameters', async () => {
    const slow: SlowQuery[] = [];
    const handle = await openDatabase({ dataDir: 'memory://', slowQueryMs: 400, onSlowQuery: (q) => slow.push(q) });
    try {
      // A new instance's first statements may be slow on a loaded machine: warm it up, then measure.
      for (let i = 0; i < 3; i++) await sql`select 1`.execute(handle.db);
      slow.length = 0;
      await sql`select ${'quick-secret'}::text as v`.execute(handle.db);
      await sql`select pg_sleep(0.6), ${'slow-secret'}::text as v`.execute(handle.db);
    } finally {
      await handle.close();
    }
    const statements = slow.map((q) => q.sql);
    expect(statements).toContain('select pg_sleep(0.6), $1::text as v');
    expect(slow.find((q) => q.sql.includes('pg_sleep'))!.durationMs).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(slow)).not.toContain('secret');
  });
});

describe.skipIf(!engines.includes('postgres'))('slow statements at boot', () => {
  it('are not reported (migrations and seeding are slow by nature)', async () => {
    const handle = await createTestDatabase('postgres');
    const lines: Array<{ msg: string }> = [];
    const config = loadConfig({ DATABASE_URL: await testDatabaseUrl(handle.db), ADMIN_PASSWORD, NODE_ENV: 'test', SLOW_QUERY_MS: '1' });
    const built = await buildApp(config, { logger: { level: 'warn', stream: { write: (line) => lines.push(JSON.parse(line)) } }, web: false, indicatorRefresh: false });
    try {
      expect(lines.filter((l) => l.msg === 'slow query')).toEqual([]);
    } finally {
      await built.app.close();
      await handle.close();
    }
  });
});
