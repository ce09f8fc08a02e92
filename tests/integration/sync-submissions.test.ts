// syncSubmissions (issue 9, the offline outbox) through the HTTP API on every engine: one answer per
// record in input order with every status, the same verdicts as `submit` (codes and field paths),
// idempotent resends of an interrupted batch (exact counts in the table and the audit log), area
// refusals, whole-call refusals, old form versions, a 100-record batch of ISAF documents under the
// body and cost caps, and two app instances storing the same batch at once (PostgreSQL).
import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FORM_KEY, FORM_VERSION, validDocument } from '../../bench/lib/isaf-document';
import { LIMITS } from '../../form-engine/index';
import { buildApp, type BuiltApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { ADMIN_PASSWORD, createTestApp, login, type TestApp } from '../helpers/app';
import type { Database } from '../../server/db/schema';
import { closeSharedPglite, testDatabaseUrl, testEngines } from '../helpers/databases';
import { createSeededDatabase } from '../helpers/template';
import { simpleForm, validAnswer } from '../fixtures/simple-form';
import { importSmallGeo, userWith } from './geo-helpers';

const engines = await testEngines();
afterAll(closeSharedPglite);

const SYNC = `mutation($r: [SubmitInput!]!) {
  syncSubmissions(records: $r) { id status code message messageKm errors { path keyword message { en km } } submission { id definitionKey definitionVersion geoCode period data status } }
}`;
const SUBMIT = 'mutation($i: SubmitInput!) { submit(input: $i) { id } }';

interface Input {
  id: string;
  definitionKey: string;
  definitionVersion: number;
  data: unknown;
  geoCode?: string;
}
interface Result {
  id: string;
  status: string;
  code: string | null;
  message: string | null;
  messageKm: string | null;
  errors: Array<{ path: string; keyword: string; message: { en: string; km: string } }> | null;
  submission: { id: string; definitionKey: string; definitionVersion: number; geoCode: string | null; period: string | null; data: unknown; status: string } | null;
}

const record = (data: unknown, extra: Partial<Input> = {}): Input => ({ id: randomUUID(), definitionKey: 'test-form', definitionVersion: 1, data, ...extra });
const verdict = (r: Result) => [r.status, r.code, ...(r.errors ?? []).map((e) => `${e.path}:${e.keyword}`)];

describe.each(engines)('syncSubmissions on %s', (engine) => {
  let t: TestApp;
  const sync = async (records: Input[], token?: string | null): Promise<Result[]> => {
    const res = await t.gql(SYNC, { r: records }, token);
    expect(res.errors).toBeUndefined();
    return res.data.syncSubmissions as Result[];
  };
  const publish = async (key: string, schema: unknown) => {
    expect((await t.gql('mutation($k: String!, $s: JSON!) { saveDraft(key: $k, schema: $s) { version } }', { k: key, s: schema })).errors).toBeUndefined();
    expect((await t.gql('mutation($k: String!) { publish(key: $k) { version } }', { k: key })).errors).toBeUndefined();
  };
  /** Stored submissions, or submission.create audit events. */
  const count = async (table: 'submission' | 'audit_event') => {
    const { rows } = await (table === 'submission'
      ? sql<{ n: string }>`select count(*) as n from submission`
      : sql<{ n: string }>`select count(*) as n from audit_event where action = 'submission.create'`
    ).execute(t.services.db);
    return Number(rows[0]!.n);
  };

  beforeEach(async () => {
    t = await createTestApp(engine);
    await importSmallGeo(t);
    await publish('test-form', simpleForm);
  });
  afterEach(async () => t.close());

  it('answers every status in input order, as submit would answer each record, and stores only the accepted ones', async () => {
    await publish('old-form', simpleForm);
    expect((await t.gql('mutation { retire(key: "old-form") { status } }')).data.retire.status).toBe('RETIRED');
    const duplicate = record({ ...validAnswer, name: 'Dara' });
    const taken = record(validAnswer);
    for (const r of [duplicate, taken]) expect((await t.gql(SUBMIT, { i: r })).errors).toBeUndefined();
    const facilitator = await userWith(t, 'caf', 'facilitator', '01');
    const batch: Input[] = [
      record(validAnswer),
      { ...duplicate, data: { ...validAnswer, name: 'Dara' } },
      { ...taken, data: { ...validAnswer, name: 'Someone else' } },
      record({ ...validAnswer, name: '', score: 9, items: [{ count: -1 }] }),
      record({ ...validAnswer, commune: '010299' }),
      record(validAnswer, { id: 'not-a-uuid' }),
      record(validAnswer, { geoCode: '123' }),
      record([1, 2]),
      record(validAnswer, { definitionKey: 'nope' }),
      record(validAnswer, { definitionVersion: 7 }),
      record(validAnswer, { definitionKey: 'old-form' }),
      record({ ...validAnswer, commune: '020101' }),
      record({ ...validAnswer, commune: '010202', date: '2026-04-01' }),
    ];
    const results = await sync(batch, facilitator);
    expect(results.map((r) => r.id)).toEqual(batch.map((r) => r.id));
    expect(results.map(verdict)).toEqual([
      ['STORED', null],
      ['DUPLICATE', null],
      ['CONFLICT', 'SUBMISSION_ID_TAKEN', 'id:unique'],
      ['INVALID', 'VALIDATION_FAILED', 'items.0.count:minimum', 'items.0.label:required', 'name:required', 'score:maximum'],
      ['INVALID', 'VALIDATION_FAILED', 'commune:exists'],
      ['INVALID', 'BAD_INPUT', 'id:format'],
      ['INVALID', 'BAD_INPUT', 'geoCode:format'],
      ['INVALID', 'BAD_INPUT', 'data:format'],
      ['INVALID', 'NOT_FOUND', 'definitionKey:exists'],
      ['INVALID', 'NOT_FOUND', 'definitionKey:exists'],
      ['INVALID', 'FORM_RETIRED'],
      ['FORBIDDEN', 'FORBIDDEN', 'commune:area'],
      ['STORED', null],
    ]);
    expect(results[0]!.submission).toEqual({ id: batch[0]!.id, definitionKey: 'test-form', definitionVersion: 1, geoCode: '010201', period: '2026-03-14', data: validAnswer, status: 'received' });
    expect(results[12]!.submission).toMatchObject({ geoCode: '010202', period: '2026-04-01' });
    expect(results[1]!.submission).toMatchObject({ id: duplicate.id, data: { ...validAnswer, name: 'Dara' } });
    for (const r of results.filter((x) => x.status !== 'STORED' && x.status !== 'DUPLICATE')) {
      expect(r.submission).toBeNull();
      expect(r.message!.length).toBeGreaterThan(3);
      expect(r.messageKm).toMatch(/[\u1780-\u17FF]/);
      for (const e of r.errors ?? []) expect(e.message.km).toMatch(/[\u1780-\u17FF]/);
    }
    // Each refusal is exactly what submit answers for the same record (same code, same details).
    for (const [i, r] of results.entries()) {
      if (r.status === 'STORED' || r.status === 'DUPLICATE') continue;
      const alone = await t.gql(SUBMIT, { i: batch[i] }, facilitator);
      expect([alone.errors?.[0]?.extensions.code, alone.errors?.[0]?.extensions.errors ?? null], `record ${i}`).toEqual([r.code, r.errors]);
    }
    // 2 sent by submit before + the 2 new ones; one audit event per stored record, nothing for the rest.
    expect(await count('submission')).toBe(4);
    expect(await count('audit_event')).toBe(4);
    const audit = await t.services.db.selectFrom('audit_event').select(['entity_id', 'actor_name', 'geo_code']).where('action', '=', 'submission.create').where('actor_name', '=', 'caf').execute();
    const expected = [
      { entity_id: batch[0]!.id, actor_name: 'caf', geo_code: '010201' },
      { entity_id: batch[12]!.id, actor_name: 'caf', geo_code: '010202' },
    ];
    const byId = (x: { entity_id: string }, y: { entity_id: string }) => x.entity_id.localeCompare(y.entity_id);
    expect(audit.sort(byId)).toEqual(expected.sort(byId));
  });

  it('resends an interrupted batch without duplicates: the first half DUPLICATE, the rest STORED, counts exact', async () => {
    const batch = Array.from({ length: 20 }, (_, i) => record({ ...validAnswer, name: `n${i}`, score: 1 + (i % 5) }));
    const first = await sync(batch.slice(0, 10));
    expect(first.map((r) => r.status)).toEqual(Array(10).fill('STORED'));
    const again = await sync(batch);
    expect(again.map((r) => r.status)).toEqual([...Array(10).fill('DUPLICATE'), ...Array(10).fill('STORED')]);
    expect(again.map((r) => r.submission?.id)).toEqual(batch.map((r) => r.id));
    // A third time: nothing new.
    expect((await sync(batch)).map((r) => r.status)).toEqual(Array(20).fill('DUPLICATE'));
    expect(await count('submission')).toBe(20);
    expect(await count('audit_event')).toBe(20);
    const ids = (await t.services.db.selectFrom('audit_event').select('entity_id').where('action', '=', 'submission.create').execute()).map((r) => r.entity_id).sort();
    expect(ids).toEqual(batch.map((r) => r.id).sort());
    // A duplicate is a resend only with the same data and version: upper-case ids name the same record.
    const resent = await sync([{ ...batch[0]!, id: batch[0]!.id.toUpperCase() }, { ...batch[1]!, data: { ...validAnswer, name: 'changed' } }]);
    expect(resent.map(verdict)).toEqual([['DUPLICATE', null], ['CONFLICT', 'SUBMISSION_ID_TAKEN', 'id:unique']]);
    expect(resent[0]!.id).toBe(batch[0]!.id.toUpperCase());
  });

  it('keeps a resend a DUPLICATE after its place was retired, as submit does, and refuses new records there', async () => {
    const sent = record({ ...validAnswer, commune: '010202' });
    expect((await sync([sent]))[0]!.status).toBe('STORED');
    await sql`update geo_unit set retired_at = now() where code = '010202'`.execute(t.services.db);
    const results = await sync([sent, record({ ...validAnswer, commune: '010202' })]);
    expect(results.map(verdict)).toEqual([['DUPLICATE', null], ['INVALID', 'VALIDATION_FAILED', 'commune:retired']]);
    const other = await sync([{ ...sent, data: { ...validAnswer, commune: '010202', name: 'Other' } }]);
    expect(other.map(verdict)).toEqual([['CONFLICT', 'SUBMISSION_ID_TAKEN', 'id:unique']]);
    expect(await count('submission')).toBe(1);
  });

  it('refuses records outside a one-province grant as FORBIDDEN and stores the others of the batch', async () => {
    await publish('note', {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      'x-kind': 'form',
      'x-title': { km: 'កំណត់ចំណាំ', en: 'Note' },
      'x-order': ['note'],
      properties: { note: { type: 'string', 'x-widget': 'text', 'x-label': { km: 'កំណត់ចំណាំ', en: 'Note' } } },
      additionalProperties: false,
    });
    const visitor = await userWith(t, 'prov', 'facilitator', '01');
    const batch = [
      record(validAnswer),
      record({ ...validAnswer, commune: '020101' }),
      record(validAnswer, { geoCode: '02010199' }),
      record({ ...validAnswer, commune: '010202' }),
      record({ note: 'no place' }, { definitionKey: 'note' }),
      record({ note: 'in 01' }, { definitionKey: 'note', geoCode: '01' }),
      record({ note: 'in 02' }, { definitionKey: 'note', geoCode: '02' }),
    ];
    const results = await sync(batch, visitor);
    expect(results.map(verdict)).toEqual([
      ['STORED', null],
      ['FORBIDDEN', 'FORBIDDEN', 'commune:area'],
      // geoCode outside the area and not containing the commune: the shape check comes first, as in submit.
      ['INVALID', 'VALIDATION_FAILED', 'commune:place'],
      ['STORED', null],
      // No place: only country-wide users may send it.
      ['FORBIDDEN', 'FORBIDDEN'],
      ['STORED', null],
      ['FORBIDDEN', 'FORBIDDEN', 'geoCode:area'],
    ]);
    expect(results[4]!.message).toMatch(/country-wide/);
    const stored = await t.services.db.selectFrom('submission').select('geo_code').orderBy('geo_code').execute();
    expect(stored.map((r) => r.geo_code)).toEqual(['01', '010201', '010202']);
    // The same records from a country-wide user are all stored but the inconsistent one.
    expect((await sync(batch.map((r) => ({ ...r, id: randomUUID() })))).map((r) => r.status)).toEqual(['STORED', 'STORED', 'INVALID', 'STORED', 'STORED', 'STORED', 'STORED']);
  });

  it('accepts a record on an older published version after a new one is published (an offline draft keeps its version)', async () => {
    const v2 = structuredClone(simpleForm) as any;
    v2.properties.phone = { type: 'string', 'x-widget': 'text', 'x-label': { km: 'ទូរស័ព្ទ', en: 'Phone' } };
    v2['x-order'] = [...v2['x-order'], 'phone'];
    v2.required = [...v2.required, 'phone'];
    await publish('test-form', v2);
    const results = await sync([record(validAnswer), record(validAnswer, { definitionVersion: 2 }), record({ ...validAnswer, phone: '012' }, { definitionVersion: 2 })]);
    expect(results.map(verdict)).toEqual([['STORED', null], ['INVALID', 'VALIDATION_FAILED', 'phone:required'], ['STORED', null]]);
    expect(results.map((r) => r.submission?.definitionVersion ?? null)).toEqual([1, null, 2]);
    const versions = await t.services.db.selectFrom('submission').select('definition_version').orderBy('definition_version').execute();
    expect(versions.map((r) => r.definition_version)).toEqual([1, 2]);
  });

  it('refuses the whole call for more than the limit, duplicate ids, no session and no permission, storing nothing', async () => {
    const over = Array.from({ length: LIMITS.syncRecords + 1 }, (_, i) => record({ ...validAnswer, name: `n${i}` }));
    const tooMany = await t.gql(SYNC, { r: over });
    expect(tooMany.data).toBeNull();
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', errors: [{ path: 'records', keyword: 'maxItems' }] });
    const a = record(validAnswer);
    const twice = await t.gql(SYNC, { r: [a, record(validAnswer), { ...a, id: a.id.toUpperCase() }] });
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', errors: [{ path: 'records.2.id', keyword: 'unique' }] });
    // A record that does not fit SubmitInput fails GraphQL's variable check, before any resolver.
    const untyped = await t.gql(SYNC, { r: [record(validAnswer), { ...record(validAnswer), definitionVersion: 'one' }] });
    expect([untyped.status, untyped.errors?.[0]?.extensions.code]).toEqual([400, 'BAD_INPUT']);
    const anonymous = await t.gql(SYNC, { r: [record(validAnswer)] }, null);
    expect(anonymous.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const viewer = await userWith(t, 'view', 'viewer', '');
    expect((await t.gql(SYNC, { r: [record(validAnswer)] }, viewer)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await count('submission')).toBe(0);
    expect(await sync([])).toEqual([]);
  });

  it('costs a fixed number of statements whatever the batch size: two for new records, three for a resend', async () => {
    const executor = t.services.db.getExecutor();
    const run = executor.executeQuery.bind(executor);
    const statements: string[] = [];
    executor.executeQuery = ((query: Parameters<typeof run>[0]) => {
      statements.push(query.sql.replace(/\s+/g, ' ').trim().slice(0, 40));
      return run(query);
    }) as typeof executor.executeQuery;
    await sync([record(validAnswer)]); // warms the definition and session caches
    for (const size of [10, 100]) {
      const batch = Array.from({ length: size }, (_, i) => record({ ...validAnswer, name: `n${i}`, commune: i % 2 ? '010201' : '010202' }));
      statements.length = 0;
      expect((await sync(batch)).every((r) => r.status === 'STORED')).toBe(true);
      expect(statements, `${size} new`).toHaveLength(2);
      statements.length = 0;
      expect((await sync([...batch.slice(1), record(validAnswer)])).map((r) => r.status)).toEqual([...Array(size - 1).fill('DUPLICATE'), 'STORED']);
      expect(statements, `${size} resent`).toHaveLength(3);
    }
    expect(await count('submission')).toBe(1 + 10 + 1 + 100 + 1);
  });

  it('takes a full batch of 100 ISAF scorecards (~220 KB) under the body and cost caps, and refuses a body over BODY_LIMIT', async () => {
    const batch = Array.from({ length: LIMITS.syncRecords }, (_, n) => ({ id: randomUUID(), definitionKey: FORM_KEY, definitionVersion: FORM_VERSION, data: validDocument(n) }));
    const payload = JSON.stringify({ query: SYNC, variables: { r: batch } });
    expect(Buffer.byteLength(payload)).toBeGreaterThan(200_000);
    const res = await t.app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' }, payload });
    expect(res.statusCode).toBe(200);
    const results = (res.json() as { data: { syncSubmissions: Result[] } }).data.syncSubmissions;
    expect(results.map((r) => r.status)).toEqual(Array(LIMITS.syncRecords).fill('STORED'));
    expect(results[3]!.submission).toMatchObject({ definitionKey: FORM_KEY, geoCode: validDocument(3).village, period: validDocument(3).date, data: validDocument(3) });
    expect(await count('submission')).toBe(LIMITS.syncRecords);
    // Records padded to ~11 KB each make a body over the default 1 MB cap: refused before it is parsed.
    const big = batch.map((r) => ({ ...r, id: randomUUID(), data: { ...r.data, notes: 'x'.repeat(11_000) } }));
    const tooBig = await t.app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' }, payload: JSON.stringify({ query: SYNC, variables: { r: big } }) });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await count('submission')).toBe(LIMITS.syncRecords);
  });
});

describe.each(engines)('syncSubmissions from two app instances on one %s database', (engine) => {
  let a: BuiltApp;
  let b: BuiltApp;
  let schema: string;
  let tokens: readonly [string, string];
  const send = async (app: BuiltApp, token: string, records: unknown[]) => {
    const res = await app.app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${token}` }, payload: { query: SYNC, variables: { r: records } } });
    const body = res.json() as { data: { syncSubmissions: Result[] } | null; errors?: unknown };
    expect(body.errors).toBeUndefined();
    return body.data!.syncSubmissions;
  };
  const batchOf = (size: number, from: number) => Array.from({ length: size }, (_, n) => ({ id: randomUUID(), definitionKey: FORM_KEY, definitionVersion: FORM_VERSION, data: validDocument(from + n) }));
  /** Statuses per id over both answers, e.g. ['DUPLICATE', 'STORED'] (sorted). */
  const statusesById = (...answers: Result[][]) => {
    const byId = new Map<string, string[]>();
    for (const r of answers.flat()) byId.set(r.id, [...(byId.get(r.id) ?? []), r.status].sort());
    return byId;
  };
  const expectStoredOnce = async (total: number) => {
    const db = a.services.db;
    expect(Number((await db.selectFrom('submission').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(total);
    const audit = await db.selectFrom('audit_event').select(['entity_id', (eb) => eb.fn.countAll().as('n')]).where('action', '=', 'submission.create').groupBy('entity_id').execute();
    expect(audit).toHaveLength(total);
    expect(audit.every((r) => Number(r.n) === 1)).toBe(true);
  };

  beforeEach(async () => {
    if (engine === 'pglite') return;
    const config = loadConfig({ ADMIN_PASSWORD, NODE_ENV: 'test' });
    // A migrated and seeded database (a copy of the template).
    const copy = await createSeededDatabase(engine, config.sessionDays);
    const handle = copy.database;
    const options = { logger: false, web: false, indicatorRefresh: false, prepared: copy.seeded } as const;
    a = await buildApp(config, { ...options, database: handle });
    // A second instance with its own pool on the same schema (the first one drops the schema).
    schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(handle.db)).rows[0]!.schema;
    const pool = new pg.Pool({ connectionString: await testDatabaseUrl(handle.db), max: 4, options: `-c search_path=${schema},public` });
    const other = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    b = await buildApp(config, { ...options, database: { db: other, engine: 'postgres', close: () => other.destroy() } });
    tokens = [await login(a.app, 'admin', ADMIN_PASSWORD), await login(b.app, 'admin', ADMIN_PASSWORD)];
  });
  afterEach(async () => {
    if (engine === 'pglite') return;
    await b.app.close();
    await a.app.close();
  });

  it.skipIf(engine === 'pglite')('stores each record exactly once when both store the same batch at the same time', async () => {
    for (let round = 0; round < 4; round++) {
      const batch = batchOf(60, round * 60);
      // Every other round the second instance gets the batch in the opposite order.
      const [x, y] = await Promise.all([send(a, tokens[0], batch), send(b, tokens[1], round % 2 ? [...batch].reverse() : batch)]);
      const byId = statusesById(x, y);
      expect(byId.size).toBe(batch.length);
      for (const statuses of byId.values()) expect(statuses).toEqual(['DUPLICATE', 'STORED']);
    }
    await expectStoredOnce(240);
  });

  it.skipIf(engine === 'pglite')('makes the later call wait for the earlier one and answer DUPLICATE, never deadlocking on opposite orders', async () => {
    // A third session holds one id of the batch in an open transaction, so both calls are inside
    // their insert at the same time: the first waits on the held id, the second on the first's rows.
    const blocker = new pg.Client({ connectionString: await testDatabaseUrl(a.services.db), options: `-c search_path=${schema},public` });
    await blocker.connect();
    try {
      const admin = (await a.services.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()).id;
      let total = 0;
      for (const ending of ['rollback', 'commit'] as const) {
        const batch = batchOf(60, total);
        const held = [...batch].sort((p, q) => p.id.localeCompare(q.id))[30]!;
        await blocker.query('begin');
        await blocker.query("insert into submission (id, definition_key, definition_version, data, submitted_by) values ($1, $2, $3, $4, $5)", [held.id, FORM_KEY, FORM_VERSION, JSON.stringify({ other: 'data' }), admin]);
        const both = Promise.all([send(a, tokens[0], batch), send(b, tokens[1], [...batch].reverse())]);
        // Asked outside the blocker's transaction, whose view of pg_stat_activity stays as first read.
        const waiting = async () =>
          Number((await sql<{ n: string }>`select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and query like '%jsonb_to_recordset%insert into audit_event%'`.execute(a.services.db)).rows[0]!.n);
        for (let i = 0; i < 200 && (await waiting()) < 2; i++) await new Promise((r) => setTimeout(r, 25));
        expect(await waiting()).toBe(2);
        await blocker.query(ending);
        const [x, y] = await both;
        const byId = statusesById(x, y);
        for (const [id, statuses] of byId) {
          // Committed by the third session with other data: a conflict for both callers.
          if (ending === 'commit' && id === held.id) expect(statuses).toEqual(['CONFLICT', 'CONFLICT']);
          else expect(statuses).toEqual(['DUPLICATE', 'STORED']);
        }
        total += batch.length;
      }
      const rows = Number((await a.services.db.selectFrom('submission').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      expect(rows).toBe(total);
    } finally {
      await blocker.end();
    }
  });
});
