// Submission imports as background jobs (issue 14.3, decision 266): the upload is read and checked in
// the request (202 with the job; a dry run stays 200), the job row is polled to done with the right
// counts, its refused rows come with it and as a CSV report with their reasons; another user's job
// does not exist for them; a second import of the same form while one runs is IMPORT_RUNNING; a job
// whose instance died answers IMPORT_LOST. On PostgreSQL a job started on instance A is polled on B
// (the row, not A's memory, answers), with progress on the way.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BuiltApp } from '../../server/app';
import { acquireImportLock } from '../../server/core/uploads/import-lock.repository';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { adminOnBoth, twoInstances, type Instances } from '../helpers/instances';
import { pollJob } from './data-import-helpers';
import { userWith } from './geo-helpers';

const engines = await testEngines();
afterAll(closeSharedPglite);

const HEAD = 'village,date,facilitators,participants/total,participants/female,participants/youth,participants/disability,participants/ethnic_minority,participants/id_poor,topics,materials_distributed,_uuid';
/** `rows` I4C records; every `badEvery`-th has a wrong materials count (refused: VALIDATION_FAILED). */
function file(rows: number, badEvery = 0): { csv: string; ids: string[] } {
  const ids = Array.from({ length: rows }, () => randomUUID());
  const lines = ids.map((id, n) => `06010101,2026-0${1 + (n % 9)}-1${n % 10},Sok,10,6,2,1,0,3,service_standards,${badEvery && n % badEvery === badEvery - 1 ? 'lots' : n % 9},${id}`);
  return { csv: [HEAD, ...lines].join('\n'), ids };
}
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const start = (app: BuiltApp['app'], token: string, body: string, query = '') =>
  app.inject({ method: 'POST', url: `/admin/forms/i4c-session/data${query}`, headers: { ...auth(token), 'content-type': 'text/csv' }, payload: body });

describe.each(engines)('submission import jobs on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine, {}, { reuse: false });
  });
  afterEach(async () => t.close());

  it('answers 202 with the job, which is polled to done with its counts and its refused rows as CSV', { timeout: 60_000 }, async () => {
    const { csv, ids } = file(450, 50);
    const withBad = `${csv}\n06010101,2026-02-01,Sok,10,6,2,1,0,3,service_standards,1,not-a-uuid\n06010101,2026-02-01,Sok,10,6,2,1,0,3,service_standards,1,${ids[0]}`;
    const preview = await start(t.app, t.token, withBad, '?dryRun=1');
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ dryRun: true, rows: 452, stored: 0 });

    const res = await start(t.app, t.token, withBad);
    expect(res.statusCode, res.body).toBe(202);
    const started = res.json();
    expect(res.headers.location).toBe(`/admin/forms/i4c-session/data/jobs/${started.id}`);
    expect(started).toMatchObject({ key: 'i4c-session', version: 1, status: 'running', phase: 'importing', total: 452, mapping: { idColumn: '_uuid' } });
    const job = await pollJob(t.app, t.token, 'i4c-session', started.id);
    expect(job).toMatchObject({ status: 'done', phase: 'finished', done: 452, total: 452, stored: 441, duplicates: 0, refused: 11, failure: null });
    expect(job.refusedRows.map((r: any) => `${r.row}:${r.code}:${r.errors.map((e: any) => e.path).join('|')}`)).toEqual([
      ...Array.from({ length: 9 }, (_, k) => `${51 + 50 * k}:VALIDATION_FAILED:materials_distributed`),
      '452:BAD_INPUT:_uuid',
      '453:BAD_INPUT:_uuid',
    ]);
    const stored = await t.services.db.selectFrom('submission').select((eb) => eb.fn.countAll<string>().as('n')).where('id', 'in', ids).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(441);

    const report = await t.app.inject({ method: 'GET', url: `${job.report}?lang=en`, headers: auth(t.token) });
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(report.headers['content-disposition']).toBe('attachment; filename="i4c-session-refused-rows.csv"');
    const lines = report.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('row,id,code,field,reason');
    expect(lines).toHaveLength(12);
    expect(lines[1]).toMatch(new RegExp(`^51,${ids[49]},VALIDATION_FAILED,materials_distributed,`));
    expect(lines.at(-1)).toBe(`453,${ids[0]},BAD_INPUT,_uuid,The same record as row 2.`);
    const km = await t.app.inject({ method: 'GET', url: job.report, headers: auth(t.token) });
    expect(km.body).toContain('កំណត់ត្រាដូចគ្នានឹងជួរទី 2។');

    // The same file again: all duplicates, nothing stored twice.
    const again = await pollJob(t.app, t.token, 'i4c-session', (await start(t.app, t.token, withBad)).json().id);
    expect(again).toMatchObject({ status: 'done', stored: 0, duplicates: 441, refused: 11 });
    // The import is audited once per job.
    const audit = await t.services.db.selectFrom('audit_event').select(['after']).where('action', '=', 'submission.import').execute();
    expect(audit.map((a: any) => a.after.stored)).toEqual([441, 0]);
  });

  it("keeps jobs to their starter, refuses a second import of the form while one runs, and answers a dead instance's job as IMPORT_LOST", async () => {
    const { csv } = file(3);
    const done = await pollJob(t.app, t.token, 'i4c-session', (await start(t.app, t.token, csv)).json().id);
    expect(done.stored).toBe(3);
    const officer = await userWith(t, 'dara', 'national_officer', '');
    for (const url of [`/admin/forms/i4c-session/data/jobs/${done.id}`, `/admin/forms/i4c-session/data/jobs/${done.id}/refused.csv`, `/admin/forms/jaap/data/jobs/${done.id}`, '/admin/forms/i4c-session/data/jobs/nope']) {
      const res = await t.app.inject({ method: 'GET', url, headers: auth(url.includes('jaap') || url.includes('nope') ? t.token : officer) });
      expect(res.statusCode, url).toBe(404);
    }

    // Another import of this form holds the lock (on any instance): IMPORT_RUNNING; another form is free.
    const lock = await acquireImportLock(t.services.db, 'data:i4c-session');
    try {
      const busy = await start(t.app, t.token, csv);
      expect([busy.statusCode, busy.json().code]).toEqual([409, 'IMPORT_RUNNING']);
    } finally {
      await lock.release();
    }

    // A job left running by an instance that died: no lease, no write for a minute.
    const id = randomUUID();
    const admin = await t.services.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
    await t.services.db
      .insertInto('data_import_job')
      .values({ id, definition_key: 'i4c-session', definition_version: 1, started_by: admin.id, status: 'running', phase: 'importing', total: 500, done: 200, stored: 200, mapping: JSON.stringify(done.mapping), updated_at: sql<Date>`now() - interval '2 minutes'` })
      .execute();
    const lost = await pollJob(t.app, t.token, 'i4c-session', id);
    expect(lost).toMatchObject({ status: 'failed', phase: 'finished', done: 200, stored: 200, failure: { code: 'IMPORT_LOST' } });
    expect(lost.failure.message.km).toMatch(/[\u1780-\u17FF]/);
    expect((await t.services.db.selectFrom('data_import_job').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('failed');
  });
});

describe.skipIf(!engines.includes('postgres'))('submission import jobs across two instances on one PostgreSQL database', () => {
  let i: Instances;
  let tokens: { a: string; b: string };
  beforeEach(async () => {
    i = await twoInstances();
    tokens = await adminOnBoth(i);
  });
  afterEach(async () => i.close());

  it('a job started on A is polled on B until done, with progress on the way', { timeout: 120_000 }, async () => {
    const { csv } = file(10_000, 1000);
    const res = await start(i.a.app, tokens.a, csv);
    expect(res.statusCode).toBe(202);
    const { id } = res.json();
    const busy = await start(i.b.app, tokens.b, csv);
    expect(busy.statusCode).toBe(409); // the lock row, not A's memory
    const progress: number[] = [];
    const last = await pollJob(i.b.app, tokens.b, 'i4c-session', id, (job) => progress.push(job.done));
    expect(last).toMatchObject({ status: 'done', total: 10_000, done: 10_000, stored: 9_990, refused: 10 });
    expect(progress.some((d) => d > 0 && d < 10_000)).toBe(true);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
    const onA = await i.a.app.inject({ method: 'GET', url: `/admin/forms/i4c-session/data/jobs/${id}`, headers: auth(tokens.a) });
    expect(onA.json()).toEqual(last);
    const report = await i.b.app.inject({ method: 'GET', url: `${last.report}?lang=en`, headers: auth(tokens.b) });
    expect(report.body.trim().split('\r\n')).toHaveLength(11);
  });
});
