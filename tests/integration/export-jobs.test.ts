// Exports as background jobs (issue 14, Measure; decisions 326–330), over real HTTP on every engine:
// a job is started (202), polled to done with its progress on the way, and its file is byte for byte
// the streaming GET's (CSV; XLSX and ZIP entry for entry, their zip dates aside); jobs stay their
// starter's (another user gets NOT_FOUND; a country administrator sees them); an officer's job holds
// only their area's records and is refused once their area changed; a job whose lease ran out is
// answered, and stored, as failed (EXPORT_LOST); expired jobs answer EXPORT_EXPIRED and are swept
// with their files. On PostgreSQL a job started on instance A is polled and downloaded on B.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forgetAllSessions } from '../../server/auth/session-cache';
import { acquireImportLock } from '../../server/core/uploads/import-lock.repository';
import { zipFiles } from '../../server/core/uploads/zip-order';
import type { Database } from '../../server/db/schema';
import { ExportJobs } from '../../server/exports/export-jobs';
import type { Kysely } from 'kysely';
import { simpleForm } from '../fixtures/simple-form';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { adminOnBoth, twoInstances, type Instances } from '../helpers/instances';
import { startS3Server, type S3Server } from '../helpers/s3-server';
import { importSmallGeo, userWith } from './geo-helpers';

const engines = await testEngines();
afterAll(closeSharedPglite);

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function publish(t: TestApp): Promise<void> {
  expect((await t.gql('mutation($s: JSON!) { saveDraft(key: "test-form", schema: $s) { version } }', { s: simpleForm })).errors).toBeUndefined();
  expect((await t.gql('mutation { publish(key: "test-form") { version } }')).errors).toBeUndefined();
}

/** `n` records of test-form, half in commune 010201 (province 01), half in 020101, each with a repeat item or two. */
async function seedRecords(db: Kysely<Database>, n: number): Promise<void> {
  await sql`insert into submission (id, definition_key, definition_version, geo_code, period, data)
    select gen_random_uuid(), 'test-form', 1, c, '2026-03-14',
      jsonb_build_object('commune', c, 'date', '2026-03-14', 'name', 'ឈ្មោះ ' || g, 'score', 1 + g % 5, 'has_issue', false,
        'items', case when g % 3 = 0 then jsonb_build_array(jsonb_build_object('label', 'a', 'count', g % 7), jsonb_build_object('label', 'b')) else jsonb_build_array(jsonb_build_object('label', 'c')) end)
    from (select g, case when g % 2 = 0 then '010201' else '020101' end as c from generate_series(1, ${n}) g) s`.execute(db);
}

async function get(base: string, path: string, token: string): Promise<{ status: number; body: Buffer; headers: Headers }> {
  const res = await fetch(`${base}${path}`, { headers: auth(token) });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

async function start(base: string, file: string, token: string): Promise<{ status: number; json: any; location: string | null }> {
  const res = await fetch(`${base}/export/${file}`, { method: 'POST', headers: auth(token) });
  return { status: res.status, json: await res.json(), location: res.headers.get('location') };
}

/** Polls the job until it is no longer running; `seen` gets each running answer. */
async function poll(base: string, id: string, token: string, seen: (job: any) => void = () => undefined): Promise<any> {
  const end = Date.now() + 60_000;
  for (;;) {
    const res = await get(base, `/export/jobs/${id}`, token);
    if (res.status !== 200) throw new Error(`poll: ${res.status} ${res.body.toString()}`);
    const job = JSON.parse(res.body.toString());
    if (job.status !== 'running') return job;
    seen(job);
    if (Date.now() > end) throw new Error(`job ${id} still running`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

/**
 * Closes a listening app. A download's socket can still count as busy on the server for a moment after
 * the client has read the last byte; server.close() would then wait for its keep-alive timeout (72 s),
 * so the test's keep-alive sockets are cut first (every request of the test has been answered).
 */
async function close(t: TestApp): Promise<void> {
  t.app.server.closeAllConnections();
  await t.close();
}

/** A zip's entries by name (their dates, which differ between two runs, left out). */
async function entries(zip: Buffer): Promise<Map<string, string>> {
  return new Map((await zipFiles(zip, 200_000_000)).filter((f) => f.name !== 'docProps/core.xml').map((f) => [f.name, f.data.toString('utf8')]));
}

const RECORDS = 24_000;

describe.each(engines)('export jobs on %s', (engine) => {
  let t: TestApp;
  let dir: string;
  let base: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sa-export-jobs-'));
    t = await createTestApp(engine, { MEDIA_DIR: dir, EXPORT_KEEP_HOURS: '2' });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    await importSmallGeo(t);
    await publish(t);
  });
  afterEach(async () => {
    await close(t);
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts a job, shows its progress, and its file is the streaming export', { timeout: 120_000 }, async () => {
    // Enough records that the XLSX job outlasts several progress writes (EXPORT_PROGRESS_WRITE_MS) even
    // on an idle machine: 6,000 finished within the first write's 500 ms there, and no progress was seen.
    await seedRecords(t.services.db, RECORDS);
    const query = 'lang=en&values=labels';
    const started = await start(base, `test-form.xlsx/jobs?${query}`, t.token);
    expect(started.status, JSON.stringify(started.json)).toBe(202);
    expect(started.location).toBe(`/export/jobs/${started.json.id}`);
    // Two passes over the records: the Data sheet and the Items sheet.
    expect(started.json).toMatchObject({ key: 'test-form', format: 'xlsx', status: 'running', records: RECORDS, total: 2 * RECORDS, download: null, params: { lang: 'en', values: 'labels', headers: 'labels', files: false } });
    const seen: number[] = [];
    const job = await poll(base, started.json.id, t.token, (j) => seen.push(j.done));
    expect(job).toMatchObject({ status: 'done', done: 2 * RECORDS, total: 2 * RECORDS, percent: 100, failure: null, download: `/export/jobs/${job.id}/file` });
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.some((d) => d > 0 && d < 2 * RECORDS), `progress seen: ${seen.join(',')}`).toBe(true);
    expect(new Date(job.expiresAt).getTime() - new Date(job.finishedAt).getTime()).toBe(2 * 3_600_000);
    const file = await get(base, job.download, t.token);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="test-form-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    expect(file.body.length).toBe(job.bytes);
    const streamed = await get(base, `/export/test-form.xlsx?${query}`, t.token);
    expect(await entries(file.body)).toEqual(await entries(streamed.body));

    // CSV: byte for byte; ZIP: file for file.
    for (const format of ['csv', 'zip'] as const) {
      const csv = await poll(base, (await start(base, `test-form.${format}/jobs?headers=keys`, t.token)).json.id, t.token);
      expect(csv).toMatchObject({ status: 'done', records: RECORDS });
      const [fromJob, fromGet] = [await get(base, csv.download, t.token), await get(base, `/export/test-form.${format}?headers=keys`, t.token)];
      if (format === 'csv') {
        expect(fromJob.headers.get('content-type')).toBe('text/csv; charset=utf-8');
        expect(fromJob.body.equals(fromGet.body)).toBe(true);
        expect(fromJob.body.toString('utf8').trim().split('\r\n')).toHaveLength(RECORDS + 1);
      } else expect(await entries(fromJob.body)).toEqual(await entries(fromGet.body));
    }
    // The file is in the media folder's exports/ (decision 327).
    expect(existsSync(join(dir, 'exports', `${job.id}.xlsx`))).toBe(true);

    // The caller's recent jobs of the form, newest first.
    const list = JSON.parse((await get(base, '/export/jobs?form=test-form', t.token)).body.toString());
    expect(list.jobs.map((j: any) => j.format)).toEqual(['zip', 'csv', 'xlsx']);
    expect((await get(base, '/export/jobs?form=NOPE', t.token)).status).toBe(400);
  });

  it('checks the export before the job and answers its problems', async () => {
    for (const [file, status, code] of [
      ['nope.csv/jobs', 404, 'NOT_FOUND'],
      ['test-form.pdf/jobs', 404, 'NOT_FOUND'],
      ['test-form.csv/jobs?version=x', 400, 'BAD_INPUT'],
      ['test-form.csv/jobs?from=2026-02-30', 400, 'BAD_INPUT'],
    ] as const) {
      const res = await start(base, file, t.token);
      expect([res.status, res.json.code], file).toEqual([status, code]);
    }
    const anonymous = await fetch(`${base}/export/test-form.csv/jobs`, { method: 'POST' });
    expect(anonymous.status).toBe(401);
    // A browser (cookie) sends JSON, as the data page does; a cross-site form cannot start one (CSRF).
    const cookie = { cookie: `sa_session=${t.token}` };
    const form = await fetch(`${base}/export/test-form.csv/jobs`, { method: 'POST', headers: { ...cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    expect([form.status, (await form.json()).code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const cross = await fetch(`${base}/export/test-form.csv/jobs`, { method: 'POST', headers: { ...cookie, 'content-type': 'application/json', origin: 'https://evil.example' }, body: '{}' });
    expect(cross.status).toBe(403);
    const page = await fetch(`${base}/export/test-form.csv/jobs?lang=en`, { method: 'POST', headers: { ...cookie, 'content-type': 'application/json' }, body: '{}' });
    expect(page.status).toBe(202);
    await poll(base, (await page.json()).id, t.token);
    // A viewer may not read records.
    const viewer = await userWith(t, 'vee', 'viewer', '');
    expect((await start(base, 'test-form.csv/jobs', viewer)).json.code).toBe('FORBIDDEN');
    // At most three running at once per user.
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const admin = await t.services.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
    const locks = [];
    for (const id of ids) {
      await t.services.db.insertInto('export_job').values({ id, definition_key: 'test-form', format: 'csv', params: '{}', started_by: admin.id, scope: '{"all":true}', status: 'running', records: 1, total: 1, file_name: 'x.csv' }).execute();
      locks.push(await acquireImportLock(t.services.db, `export:${id}`, id));
    }
    try {
      const busy = await start(base, 'test-form.csv/jobs', t.token);
      expect([busy.status, busy.json.code]).toEqual([429, 'EXPORT_BUSY']);
      expect(busy.json.messageKm).toMatch(/[\u1780-\u17FF]/);
      const running = await get(base, `/export/jobs/${ids[0]}/file`, t.token);
      expect([running.status, JSON.parse(running.body.toString()).code]).toEqual([409, 'EXPORT_NOT_READY']);
    } finally {
      for (const lock of locks) await lock.release();
    }
  });

  it("keeps a job to its starter, exports only the starter's area, and refuses it once that area changed", { timeout: 60_000 }, async () => {
    await seedRecords(t.services.db, 40);
    const officer = await userWith(t, 'dara', 'provincial_officer', '01');
    const job = await poll(base, (await start(base, 'test-form.csv/jobs?headers=keys', officer)).json.id, officer);
    expect(job).toMatchObject({ status: 'done', records: 20 });
    const file = await get(base, job.download, officer);
    const lines = file.body.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(21);
    expect(lines.slice(1).every((l) => l.split(',')[2] === '010201')).toBe(true);
    expect(file.body.equals((await get(base, '/export/test-form.csv?headers=keys', officer)).body)).toBe(true);

    // Another officer, even of the same area, does not see it; the country administrator does.
    const other = await userWith(t, 'sok', 'provincial_officer', '01');
    for (const path of [`/export/jobs/${job.id}`, `/export/jobs/${job.id}/file`, '/export/jobs/not-a-uuid', `/export/jobs/${randomUUID()}`]) {
      const res = await get(base, path, other);
      expect([res.status, JSON.parse(res.body.toString()).code], path).toEqual([404, 'NOT_FOUND']);
    }
    expect(JSON.parse((await get(base, '/export/jobs?form=test-form', other)).body.toString()).jobs).toEqual([]);
    expect((await get(base, `/export/jobs/${job.id}`, t.token)).status).toBe(200);
    expect((await get(base, job.download, t.token)).body.equals(file.body)).toBe(true);

    // The officer's area changes: the file made for the old one is refused.
    await t.services.db.updateTable('user_grant').set({ geo_code: '02' }).where('geo_code', '=', '01').where('role', '=', 'provincial_officer').execute();
    forgetAllSessions();
    const moved = await get(base, job.download, officer);
    expect([moved.status, JSON.parse(moved.body.toString()).code]).toEqual([403, 'EXPORT_AREA_CHANGED']);
  });

  it('answers a job whose lease ran out as failed, and keeps one with a live lease running', async () => {
    const admin = await t.services.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
    const row = (id: string) => ({ id, definition_key: 'test-form', format: 'csv' as const, params: '{}', started_by: admin.id, scope: '{"all":true}', status: 'running' as const, records: 500, done: 200, total: 500, file_name: 'test-form.csv', updated_at: sql<Date>`now() - interval '2 minutes'` });
    const [lost, expiredLease, live] = [randomUUID(), randomUUID(), randomUUID()];
    await t.services.db.insertInto('export_job').values([row(lost), row(expiredLease), row(live)]).execute();
    await t.services.db.insertInto('import_lock').values({ kind: `export:${expiredLease}`, holder: expiredLease, started_at: sql<Date>`now() - interval '2 minutes'`, expires_at: sql<Date>`now() - interval '1 second'` }).execute();
    const lease = await acquireImportLock(t.services.db, `export:${live}`, live);
    try {
      for (const id of [lost, expiredLease]) {
        const job = await poll(base, id, t.token);
        expect(job).toMatchObject({ status: 'failed', done: 200, download: null, failure: { code: 'EXPORT_LOST' } });
        expect(job.failure.message.km).toMatch(/[\u1780-\u17FF]/);
        expect(job.expiresAt).not.toBeNull();
        expect((await t.services.db.selectFrom('export_job').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('failed');
        const file = await get(base, `/export/jobs/${id}/file`, t.token);
        expect(JSON.parse(file.body.toString()).code).toBe('EXPORT_NOT_READY');
      }
      const running = JSON.parse((await get(base, `/export/jobs/${live}`, t.token)).body.toString());
      expect(running).toMatchObject({ status: 'running', done: 200, percent: 40 });
    } finally {
      await lease.release();
    }
  });

  it('answers an expired job EXPORT_EXPIRED and sweeps it with its file', { timeout: 60_000 }, async () => {
    await seedRecords(t.services.db, 10);
    const [old, fresh] = [
      await poll(base, (await start(base, 'test-form.csv/jobs', t.token)).json.id, t.token),
      await poll(base, (await start(base, 'test-form.zip/jobs', t.token)).json.id, t.token),
    ];
    const oldFile = join(dir, 'exports', `${old.id}.csv`);
    expect(existsSync(oldFile)).toBe(true);
    await t.services.db.updateTable('export_job').set({ expires_at: sql<Date>`now() - interval '1 minute'` }).where('id', '=', old.id).execute();
    const expired = await get(base, `/export/jobs/${old.id}/file`, t.token);
    expect([expired.status, JSON.parse(expired.body.toString()).code]).toEqual([410, 'EXPORT_EXPIRED']);
    expect(JSON.parse((await get(base, `/export/jobs/${old.id}`, t.token)).body.toString()).download).toBeNull();
    // A failed job's leftover part file goes too.
    const admin = await t.services.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
    const failed = randomUUID();
    await t.services.db.insertInto('export_job').values({ id: failed, definition_key: 'test-form', format: 'xlsx', params: '{}', started_by: admin.id, scope: '{"all":true}', status: 'failed', records: 1, total: 1, file_name: 'x.xlsx', expires_at: sql<Date>`now() - interval '1 second'` }).execute();
    mkdirSync(join(dir, 'exports'), { recursive: true });
    writeFileSync(join(dir, 'exports', `${failed}.xlsx.part`), 'half');

    // Any instance's sweep (here one of our own on the same database and folder).
    const sweeper = new ExportJobs(t.services.db, { dir }, 3_600_000);
    expect(await sweeper.sweep()).toBe(2);
    expect(existsSync(oldFile)).toBe(false);
    expect(existsSync(join(dir, 'exports', `${failed}.xlsx.part`))).toBe(false);
    expect((await get(base, `/export/jobs/${old.id}`, t.token)).status).toBe(404);
    expect((await get(base, fresh.download, t.token)).status).toBe(200);
    expect(await sweeper.sweep()).toBe(0);
  });
});

describe.skipIf(!engines.includes('postgres'))('export jobs across two instances on one PostgreSQL database', () => {
  let i: Instances;
  let tokens: { a: string; b: string };
  let dir: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sa-export-jobs-2-'));
    i = await twoInstances({ env: { MEDIA_DIR: dir } });
    tokens = await adminOnBoth(i);
  });
  afterEach(async () => {
    i.a.app.server.closeAllConnections();
    i.b.app.server.closeAllConnections();
    await i.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a job started on A is polled and downloaded on B', { timeout: 60_000 }, async () => {
    const a = await i.a.app.listen({ port: 0, host: '127.0.0.1' });
    const b = await i.b.app.listen({ port: 0, host: '127.0.0.1' });
    const gql = (query: string, variables: unknown) => i.a.app.inject({ method: 'POST', url: '/graphql', headers: auth(tokens.a), payload: { query, variables } });
    await gql('mutation($s: JSON!) { saveDraft(key: "test-form", schema: $s) { version } }', { s: simpleForm });
    await gql('mutation { publish(key: "test-form") { version } }', {});
    await seedRecords(i.a.services.db, 3000);
    const started = await start(a, 'test-form.csv/jobs', tokens.a);
    expect(started.status).toBe(202);
    const job = await poll(b, started.json.id, tokens.b);
    expect(job).toMatchObject({ status: 'done', records: 3000, done: 3000 });
    const [fromB, streamed] = [await get(b, job.download, tokens.b), await get(a, '/export/test-form.csv', tokens.a)];
    expect(fromB.body.equals(streamed.body)).toBe(true);
  });

  it('a job running when its instance shuts down ends as EXPORT_STOPPED, its part file removed', { timeout: 60_000 }, async () => {
    const a = await i.a.app.listen({ port: 0, host: '127.0.0.1' });
    const b = await i.b.app.listen({ port: 0, host: '127.0.0.1' });
    await i.a.app.inject({ method: 'POST', url: '/graphql', headers: auth(tokens.a), payload: { query: 'mutation($s: JSON!) { saveDraft(key: "test-form", schema: $s) { version } }', variables: { s: simpleForm } } });
    await i.a.app.inject({ method: 'POST', url: '/graphql', headers: auth(tokens.a), payload: { query: 'mutation { publish(key: "test-form") { version } }' } });
    await seedRecords(i.a.services.db, 30_000);
    const { id } = (await start(a, 'test-form.xlsx/jobs', tokens.a)).json;
    for (let seen = 0; seen === 0; await new Promise((r) => setTimeout(r, 20))) seen = JSON.parse((await get(b, `/export/jobs/${id}`, tokens.b)).body.toString()).done;
    await i.a.app.close();
    const job = JSON.parse((await get(b, `/export/jobs/${id}`, tokens.b)).body.toString());
    expect(job).toMatchObject({ status: 'failed', failure: { code: 'EXPORT_STOPPED' }, download: null });
    expect(job.done).toBeGreaterThan(0);
    expect(job.done).toBeLessThan(job.total);
    expect(existsSync(join(dir, 'exports', `${id}.xlsx.part`))).toBe(false);
    expect(existsSync(join(dir, 'exports', `${id}.xlsx`))).toBe(false);
  });
});

describe.each(engines)('export jobs with object storage on %s', (engine) => {
  let s3: S3Server;
  let t: TestApp;
  let dir: string;
  beforeEach(async () => {
    s3 = await startS3Server();
    dir = mkdtempSync(join(tmpdir(), 'sa-export-jobs-s3-'));
    t = await createTestApp(engine, { MEDIA_DIR: dir, ...s3.env, MEDIA_S3_PREFIX: 'm/' });
    await importSmallGeo(t);
    await publish(t);
  });
  afterEach(async () => {
    await close(t);
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves the finished file to the bucket, serves it from there, and sweeps it from there', { timeout: 60_000 }, async () => {
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    await seedRecords(t.services.db, 500);
    const job = await poll(base, (await start(base, 'test-form.csv/jobs', t.token)).json.id, t.token);
    expect(job.status).toBe('done');
    expect(s3.puts).toEqual([`m/exports/${job.id}.csv`]);
    const row = await t.services.db.selectFrom('export_job').select(['stored_in', 'bytes']).where('id', '=', job.id).executeTakeFirstOrThrow();
    expect(row.stored_in).toBe('s3');
    expect(existsSync(join(dir, 'exports', `${job.id}.csv`))).toBe(false);
    const file = await get(base, job.download, t.token);
    expect(file.body.equals((await get(base, '/export/test-form.csv', t.token)).body)).toBe(true);
    expect(file.body.length).toBe(Number(row.bytes));

    const store = t.services.mediaOffload!.store;
    expect(await store.head(`exports/${job.id}.csv`)).not.toBeNull();
    await t.services.db.updateTable('export_job').set({ expires_at: sql<Date>`now() - interval '1 second'` }).where('id', '=', job.id).execute();
    expect(await new ExportJobs(t.services.db, { dir, store }, 3_600_000).sweep()).toBe(1);
    expect(await store.head(`exports/${job.id}.csv`)).toBeNull();
  });
});
