// The server survives a PostgreSQL restart: while the database is away /healthz and every request
// answer 503 UNAVAILABLE and the process stays up; when it returns the pool reconnects by itself and
// every submission that was acknowledged is stored. Runs on a cluster this test owns and restarts.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { isDatabaseUnavailable } from '../../server/db/db-errors';
import { ADMIN_PASSWORD, login } from '../helpers/app';
import { createPgCluster, postgresBinaries, type PgCluster } from '../helpers/pg-cluster';
import type { I4CSessionV1 } from '../../definitions/types/index';

const bin = postgresBinaries();
if (!bin) {
  if (process.env.CI) throw new Error('PostgreSQL server binaries (/usr/lib/postgresql/<version>/bin) are required in CI for the restart test.');
  console.warn('Skipping the database restart test: PostgreSQL server binaries (/usr/lib/postgresql/<version>/bin/initdb, pg_ctl) are not installed.');
}

const SUBMIT = 'mutation($i: SubmitInput!) { submit(input: $i) { id } }';
const I4C: I4CSessionV1 = { village: '06010101', date: '2026-02-01', facilitators: 'Sok', participants: { total: 10, female: 6, youth: 2, disability: 1, ethnic_minority: 0, id_poor: 3 }, topics: ['service_standards'], materials_distributed: 5 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!bin)('a PostgreSQL restart under a running server', () => {
  let cluster: PgCluster;
  let built: BuiltApp;
  let token: string;

  beforeAll(async () => {
    cluster = await createPgCluster(bin!);
    const config = loadConfig({ DATABASE_URL: cluster.url, ADMIN_PASSWORD, NODE_ENV: 'test', DATABASE_WAIT_SECONDS: '5' });
    // The indicator refresher keeps running through the outage: its failures must be caught.
    built = await buildApp(config, { logger: false, web: false });
    token = await login(built.app, 'admin', ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await built?.app.close();
    cluster?.destroy();
  });

  const submit = async (id: string) => {
    const res = await built.app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${token}` }, payload: { query: SUBMIT, variables: { i: { id, definitionKey: 'i4c-session', definitionVersion: 1, data: I4C } } } });
    const body = res.json() as { code?: string; data?: { submit?: { id: string } | null }; errors?: Array<{ extensions: { code: string } }> };
    return { status: res.statusCode, ok: res.statusCode === 200 && body.data?.submit?.id === id, code: body.code ?? body.errors?.[0]?.extensions.code };
  };
  const health = async () => (await built.app.inject({ method: 'GET', url: '/healthz' })).statusCode;

  it('answers 503 UNAVAILABLE while the database is away, then resumes without losing an acknowledged submission', async () => {
    const acknowledged: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = randomUUID();
      expect((await submit(id)).ok).toBe(true);
      acknowledged.push(id);
    }
    expect(await health()).toBe(200);

    // Submissions keep arriving while the database goes down and comes back.
    let writing = true;
    const failures = new Set<string>();
    const writer = (async () => {
      while (writing) {
        const id = randomUUID();
        const res = await submit(id);
        if (res.ok) acknowledged.push(id);
        else failures.add(`${res.status} ${res.code}`);
        await sleep(5);
      }
    })();
    try {
      await sleep(100);
      await outageAndReturn();
    } finally {
      writing = false;
      await writer;
    }

    // Every failure during the outage was a clean 503 UNAVAILABLE, never INTERNAL.
    expect([...failures]).toEqual(['503 UNAVAILABLE']);
    const stored = await built.services.db.selectFrom('submission').select('id').where('id', 'in', acknowledged).execute();
    expect(stored.map((r) => r.id).sort()).toEqual([...acknowledged].sort());
    expect(acknowledged.length).toBeGreaterThan(5);
  });

  async function outageAndReturn(): Promise<void> {
    // A transaction holding its connection between two statements when the database goes away: the
    // checked-out client's termination error must not become an unhandled 'error' event either.
    let resume: (() => void) | undefined;
    const held = built.services.db
      .transaction()
      .execute(async (trx) => {
        await sql`select 1`.execute(trx);
        await new Promise<void>((r) => (resume = r));
        await sql`select 1`.execute(trx);
      })
      .then(() => 'committed', (error: unknown) => (isDatabaseUnavailable(error) ? 'unavailable' : String(error)));
    while (!resume) await sleep(5);

    cluster.stop();
    expect(await health()).toBe(503);
    const down = await submit(randomUUID());
    expect(down).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
    const rest = await built.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(rest.statusCode).toBe(503);
    expect(rest.json().code).toBe('UNAVAILABLE');
    const health503 = await built.app.inject({ method: 'GET', url: '/healthz' });
    expect(health503.json()).toMatchObject({ status: 'unavailable', code: 'UNAVAILABLE' });
    // Give idle connections' termination events and the refresher's timer time to fire.
    await sleep(1_200);
    expect(await health()).toBe(503);
    resume();
    expect(await held).toBe('unavailable');

    cluster.start();
    let back = false;
    for (let i = 0; i < 100 && !back; i++) {
      back = (await health()) === 200;
      if (!back) await sleep(100);
    }
    expect(back).toBe(true);
    // Service resumes in the same process: the pool replaced its broken connections.
    expect((await submit(randomUUID())).ok).toBe(true);
    await sleep(100);
  }

  it('waits for a database that is not up yet at boot, and gives up with a clear error after DATABASE_WAIT_SECONDS', async () => {
    cluster.stop();
    try {
      const config = loadConfig({ DATABASE_URL: cluster.url, ADMIN_PASSWORD, NODE_ENV: 'test', DATABASE_WAIT_SECONDS: '1' });
      const started = Date.now();
      await expect(buildApp(config, { logger: false, web: false, indicatorRefresh: false })).rejects.toThrow(/did not answer within 1 s/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);

      // Started while the database is down, the boot completes once it comes up.
      const slow = loadConfig({ DATABASE_URL: cluster.url, ADMIN_PASSWORD, NODE_ENV: 'test', DATABASE_WAIT_SECONDS: '30' });
      const booting = buildApp(slow, { logger: false, web: false, indicatorRefresh: false });
      await sleep(500);
      cluster.start();
      const second = await booting;
      expect((await second.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      await second.app.close();
    } finally {
      try {
        cluster.start();
      } catch {
        // already running
      }
    }
  });
});
