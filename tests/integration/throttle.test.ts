// Password-guess throttling lives in PostgreSQL: two app instances on one database count failed
// sign-ins and wrong current passwords (changePassword) together, and windows expire.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildApp, type BuiltApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { ADMIN_PASSWORD, login } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { createSeededDatabase } from '../helpers/template';
import type { DatabaseHandle } from '../../server/db/database';

const engines = await testEngines();
afterAll(closeSharedPglite);

const PASSWORD = 'mekong-lotus-harvest-42';
const CHANGE = 'mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }';

describe.each(engines)('throttling shared through %s', (engine) => {
  let handle: DatabaseHandle;
  let a: BuiltApp;
  let b: BuiltApp;

  beforeEach(async () => {
    const config = loadConfig({ ADMIN_PASSWORD, NODE_ENV: 'test' });
    // A migrated and seeded database with a signed-in admin (a copy of the template).
    const copy = await createSeededDatabase(engine, config.sessionDays);
    handle = copy.database;
    const options = { logger: false, web: false, indicatorRefresh: false, prepared: copy.seeded } as const;
    a = await buildApp(config, { ...options, database: handle });
    // A second instance on the same schema; the first one closes the database.
    b = await buildApp(config, { ...options, database: { ...handle, close: async () => undefined } });
    const admin = copy.token;
    const res = await gql(a, admin, 'mutation($i: CreateUserInput!) { createUser(input: $i) { username } }', {
      i: { username: 'sokha', displayName: 'Sokha', password: PASSWORD, mustChangePassword: false, grants: [{ role: 'viewer', scope: '' }] },
    });
    expect(res.body.errors).toBeUndefined();
  });
  afterEach(async () => {
    await b.app.close();
    await a.app.close();
  });

  async function gql(app: BuiltApp, token: string, query: string, variables: Record<string, unknown>) {
    const res = await app.app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${token}` }, payload: { query, variables } });
    return { status: res.statusCode, body: res.json() as { data?: Record<string, unknown> | null; errors?: Array<{ extensions: { code: string; retryAfter?: number; errors?: Array<{ path: string }> } }> } };
  }
  const attempt = (app: BuiltApp, password: string) => app.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'sokha', password } });

  it('counts failed sign-ins across instances and locks the account on both', async () => {
    for (const app of [a, b, a, b, a]) expect((await attempt(app, 'wrong-guess')).statusCode).toBe(401);
    for (const app of [a, b]) {
      const locked = await attempt(app, PASSWORD);
      expect(locked.statusCode).toBe(429);
      expect(locked.json().code).toBe('RATE_LIMITED');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
    }
    // Usernames are counted without regard to case.
    expect((await attempt(b, PASSWORD.toUpperCase())).statusCode).toBe(429);
  });

  it('counts parallel guesses as they begin, so a burst gets no more tries than the limit', async () => {
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt(i % 2 ? a : b, `wrong-guess-${i}`)));
    const statuses = burst.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('does not count a change refused for a weak new password as a guess', async () => {
    const token = await login(a.app, 'sokha', PASSWORD);
    for (let i = 0; i < 6; i++) {
      expect((await gql(i % 2 ? a : b, token, CHANGE, { c: PASSWORD, n: 'password-123' })).body.errors?.[0]?.extensions.code).toBe('PASSWORD_TOO_WEAK');
    }
    expect((await gql(a, token, CHANGE, { c: PASSWORD, n: 'new-river-boat-song' })).body.data?.changePassword).toBe(true);
  });

  it('rate-limits wrong current passwords in changePassword across instances, then lets the window expire', async () => {
    const token = await login(a.app, 'sokha', PASSWORD);
    for (const app of [a, b, a, b, a]) {
      const wrong = await gql(app, token, CHANGE, { c: 'not-my-password', n: 'new-river-boat-song' });
      expect(wrong.body.errors?.[0]?.extensions.code).toBe('BAD_INPUT');
      expect(wrong.body.errors?.[0]?.extensions.errors?.[0]?.path).toBe('currentPassword');
    }
    // Even the right password is refused now, on either instance, and nothing changed.
    for (const app of [b, a]) {
      const limited = await gql(app, token, CHANGE, { c: PASSWORD, n: 'new-river-boat-song' });
      expect(limited.body.errors?.[0]?.extensions.code).toBe('RATE_LIMITED');
      expect(limited.body.errors?.[0]?.extensions.retryAfter).toBeGreaterThan(800);
    }
    expect(await login(b.app, 'sokha', PASSWORD)).toBeTruthy();

    // When the window has ended the change goes through, and the counter is gone.
    await sql`update attempt_counter set resets_at = now() - interval '1 second'`.execute(handle.db);
    expect((await gql(b, token, CHANGE, { c: PASSWORD, n: 'new-river-boat-song' })).body.data?.changePassword).toBe(true);
    await attempt(a, 'wrong-guess');
    const rows = await handle.db.selectFrom('attempt_counter').select(['key', 'failures']).orderBy('key').execute();
    expect(rows).toEqual([
      { key: 'login:ip:127.0.0.1', failures: 1 },
      { key: 'login:user:sokha', failures: 1 },
    ]);
  });
});
