// Issue 13 part 1: a geography import started on instance A is polled on instance B (the job lives in
// geo_import_job): B sees it running with progress written by A, then its result; a second import
// on B while A's runs answers IMPORT_RUNNING (the import_lock row). On PGlite the one instance still
// answers its own job (from memory while running, from the table once finished).
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BuiltApp } from '../../server/app';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { adminOnBoth, twoInstances, type Instances } from '../helpers/instances';
import { gazetteerYaml, importAndWait, SMALL_GEO } from './geo-helpers';
import { sql } from 'kysely';
import { acquireImportLock, IMPORT_LOCK_TTL_SECONDS, renewImportLock } from '../../server/core/uploads/import-lock.repository';

const engines = await testEngines();
afterAll(closeSharedPglite);

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const upload = (app: BuiltApp, token: string, body: string) =>
  app.app.inject({ method: 'POST', url: '/admin/geo/import', headers: { ...auth(token), 'content-type': 'text/yaml' }, payload: body });
const poll = async (app: BuiltApp, token: string, id: string) => {
  const res = await app.app.inject({ method: 'GET', url: `/admin/geo/import/${id}`, headers: auth(token) });
  return { status: res.statusCode, job: res.json() as { id: string; status: string; phase: string; done: number; total: number; added: number; updated: number } };
};

describe.skipIf(!engines.includes('postgres'))('geography import jobs across two instances on one PostgreSQL database', () => {
  let i: Instances;
  let tokens: { a: string; b: string };
  beforeEach(async () => {
    i = await twoInstances();
    tokens = await adminOnBoth(i);
  });
  afterEach(async () => i.close());

  it('an import started on A is polled on B until done, with progress on the way', { timeout: 180_000 }, async () => {
    const started = await upload(i.a, tokens.a, await gazetteerYaml());
    expect(started.statusCode).toBe(202);
    const { id } = started.json() as { id: string };
    // The other instance refuses a second import while this one runs.
    const second = await upload(i.b, tokens.b, 'provinces: []');
    expect(second.statusCode).toBe(409);
    const progress: number[] = [];
    let last;
    for (;;) {
      const { status, job } = await poll(i.b, tokens.b, id);
      expect(status).toBe(200);
      expect(job.id).toBe(id);
      if (job.status !== 'running') {
        last = job;
        break;
      }
      progress.push(job.done);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(last.status).toBe('done');
    expect(last.total).toBeGreaterThan(10_000);
    expect(last.added + last.updated).toBeGreaterThan(10_000);
    // Progress written by A was seen on B, never going back.
    expect(progress.some((d) => d > 0 && d < last.total)).toBe(true);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
    // Both instances answer the finished job the same way; an unknown id is 404 on both.
    expect((await poll(i.a, tokens.a, id)).job).toEqual(last);
    expect((await poll(i.b, tokens.b, '00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });
});

describe.each(engines)('geography import job on one %s instance', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine, {}, { reuse: false });
  });
  afterEach(async () => t.close());

  it('answers its job while running and once finished', { timeout: 60_000 }, async () => {
    const { job } = await importAndWait(t, SMALL_GEO, 'text/csv');
    expect(job.status).toBe('done');
    const again = await t.app.inject({ method: 'GET', url: `/admin/geo/import/${job.id}`, headers: auth(t.token) });
    expect(again.json()).toEqual(job);
  });
});

describe.each(engines)('an import whose instance died, on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine, {}, { reuse: false });
  });
  afterEach(async () => t.close());

  it('a job left running with no lease and no write for a minute answers failed with IMPORT_LOST, and stays so', async () => {
    const db = t.services.db;
    const id = '11111111-2222-4333-8444-555555555555';
    const state = { id, status: 'running', phase: 'writing', done: 5, total: 10, added: 0, updated: 0, unchanged: 0, retired: 0, completeLevels: [], errors: [], startedBy: 'admin', startedAt: '2026-12-01T00:00:00.000Z', finishedAt: null, durationMs: null };
    await db.insertInto('geo_import_job').values({ id, state: JSON.stringify(state), updated_at: sql<Date>`now() - interval '2 minutes'` }).execute();
    const fresh = '11111111-2222-4333-8444-666666666666';
    await db.insertInto('geo_import_job').values({ id: fresh, state: JSON.stringify({ ...state, id: fresh }), updated_at: sql<Date>`now() - interval '20 seconds'` }).execute();
    const res = await t.app.inject({ method: 'GET', url: `/admin/geo/import/${id}`, headers: auth(t.token) });
    expect(res.statusCode).toBe(200);
    const job = res.json() as { status: string; phase: string; errors: Array<{ code: string; message: { en: string; km: string } }> };
    expect(job.status).toBe('failed');
    expect(job.phase).toBe('finished');
    expect(job.errors.map((e) => e.code)).toEqual(['IMPORT_LOST']);
    expect(job.errors[0]?.message.km).toMatch(/[\u1780-\u17ff]/);
    const row = await db.selectFrom('geo_import_job').select(['finished_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.finished_at).not.toBeNull();
    // A job with a recent write (its instance alive) still runs.
    const alive = await t.app.inject({ method: 'GET', url: `/admin/geo/import/${fresh}`, headers: auth(t.token) });
    expect((alive.json() as { status: string }).status).toBe('running');
  });

  it('the import lock is a one-minute lease that its holder renews; a dead holder\'s lease is taken over', async () => {
    const db = t.services.db;
    const lock = await acquireImportLock(db, 'geo', 'holder-a');
    const seconds = async () =>
      Number((await db.selectFrom('import_lock').select(sql<number>`extract(epoch from expires_at - now())`.as('s')).where('kind', '=', 'geo').executeTakeFirstOrThrow()).s);
    expect(IMPORT_LOCK_TTL_SECONDS).toBe(60);
    expect(await seconds()).toBeGreaterThan(50);
    expect(await seconds()).toBeLessThanOrEqual(60);
    await db.updateTable('import_lock').set({ expires_at: sql<Date>`now() + interval '1 second'` }).execute();
    await renewImportLock(db, 'geo', 'holder-a');
    expect(await seconds()).toBeGreaterThan(50);
    // Another holder's renewal does not touch it; while it holds, others are refused.
    await expect(acquireImportLock(db, 'geo', 'holder-b')).rejects.toMatchObject({ code: 'IMPORT_RUNNING' });
    // The holder dies (no more renewals): once the lease ran out, the next import takes it.
    await db.updateTable('import_lock').set({ expires_at: sql<Date>`now() - interval '1 second'` }).execute();
    const next = await acquireImportLock(db, 'geo', 'holder-b');
    expect(next.holder).toBe('holder-b');
    await next.release();
    await lock.release(); // the dead holder's late release frees nothing of the new holder's
  });
});
