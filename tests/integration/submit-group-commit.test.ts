// Group commit of `submit` (decision 331): calls that arrive together share one statement, and each
// still gets exactly its own answer (new, the same again, id taken, place refused) with one row and one
// audit event per new record; a shared statement that fails is sent again row by row, so only the
// row at fault fails. On every engine.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { simpleForm, validAnswer } from '../fixtures/simple-form';
import { importSmallGeo } from './geo-helpers';
import { InsertCoalescer } from '../../server/submissions/insert-coalescer';
import type { PendingInsert } from '../../server/submissions/submissions.repository';
import type { BuiltApp } from '../../server/app';
import { adminOnBoth, twoInstances } from '../helpers/instances';

const engines = await testEngines();
afterAll(closeSharedPglite);

const SUBMIT = 'mutation($i: SubmitInput!) { submit(input: $i) { id geoCode } }';

describe.each(engines)('submit group commit on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
    await importSmallGeo(t);
    expect((await t.gql('mutation($k: String!, $s: JSON!) { saveDraft(key: $k, schema: $s) { version } }', { k: 'test-form', s: simpleForm })).errors).toBeUndefined();
    expect((await t.gql('mutation($k: String!) { publish(key: $k) { version } }', { k: 'test-form' })).errors).toBeUndefined();
  });
  afterEach(async () => t.close());

  const submit = (id: string, data: unknown) => t.gql(SUBMIT, { i: { id, definitionKey: 'test-form', definitionVersion: 1, data } });

  it('stores 40 calls sent at once in fewer statements, each answered as if it had come alone', async () => {
    const statements: number[] = [];
    const inserts = t.services.inserts as InsertCoalescer;
    const seen = inserts.observe((rows) => statements.push(rows));
    try {
      const taken = randomUUID();
      expect((await submit(taken, validAnswer)).errors).toBeUndefined();
      const fresh = Array.from({ length: 36 }, () => randomUUID());
      const again = fresh[5] as string;
      const results = await Promise.all([
        ...fresh.map((id, n) => submit(id, { ...validAnswer, name: `Sok ${n}`, commune: n % 2 ? '010201' : '010202' })),
        submit(taken, validAnswer), // the same record again: answered with the stored one
        submit(taken, { ...validAnswer, name: 'someone else' }), // another record under a taken id
        submit(randomUUID(), { ...validAnswer, commune: '010299' }), // a commune the gazetteer does not know
        submit(again, { ...validAnswer, name: 'Sok 5', commune: '010201' }), // a retry of a row in this very burst
      ]);
      results.slice(0, 36).forEach((r, n) => {
        expect(r.errors).toBeUndefined();
        expect(r.data.submit).toEqual({ id: fresh[n], geoCode: n % 2 ? '010201' : '010202' });
      });
      const [same, other, refused, retry] = results.slice(36);
      expect(same?.data.submit).toEqual({ id: taken, geoCode: '010201' });
      expect(other?.errors?.[0]?.extensions.code).toBe('SUBMISSION_ID_TAKEN');
      expect(refused?.errors?.[0]?.extensions.errors?.[0]?.path).toBe('commune');
      expect(retry?.data.submit).toEqual({ id: again, geoCode: '010201' });

      // Fewer statements than calls: the rows that waited shared them.
      const sent = statements.slice(1);
      expect(sent.reduce((a, b) => a + b, 0)).toBe(40);
      expect(sent.length).toBeLessThan(40);
      expect(Math.max(...sent)).toBeGreaterThan(1);

      const rows = await t.services.db.selectFrom('submission').select((eb) => eb.fn.countAll<number>().as('n')).where('definition_key', '=', 'test-form').executeTakeFirstOrThrow();
      expect(Number(rows.n)).toBe(37);
      const audit = await t.services.db.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'submission.create').executeTakeFirstOrThrow();
      expect(Number(audit.n)).toBe(37);
    } finally {
      seen();
    }
  });

  it('sends the rows of a failed shared statement again one by one, so only the faulty row fails', async () => {
    const admin = await t.services.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
    const row = (submittedBy: string): PendingInsert => ({
      row: { id: randomUUID(), definitionKey: 'test-form', definitionVersion: 1, geoCode: '010201', period: '2026-03-14', data: validAnswer, submittedBy, training: null },
      audit: { actorName: 'admin', ip: null },
      placeCodes: ['010201'],
    });
    const statements: number[] = [];
    const coalescer = new InsertCoalescer(t.services.db, { maxInFlight: 1, maxRows: 64 });
    coalescer.observe((rows) => statements.push(rows));
    const good = [row(admin.id), row(admin.id), row(admin.id)];
    const bad = row(randomUUID()); // no such user: the foreign key refuses it
    const answers = await Promise.allSettled([coalescer.insert(good[0]!), coalescer.insert(good[1]!), coalescer.insert(bad), coalescer.insert(good[2]!)]);
    expect(statements).toEqual([4]); // the four calls of this turn together (then each alone)
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const ids = answers.flatMap((a) => (a.status === 'fulfilled' ? [a.value?.id] : []));
    expect(ids).toEqual(good.map((g) => g.row.id));
    const stored = await t.services.db.selectFrom('submission').select('id').where('id', 'in', [...good, bad].map((g) => g.row.id)).execute();
    expect(stored.length).toBe(3);
  });
});

describe.skipIf(!engines.includes('postgres'))('submit group commit on two instances of one PostgreSQL database', () => {
  it('stores each of 60 records once when both instances get every one of them at the same moment (no deadlock)', { timeout: 120_000 }, async () => {
    const i = await twoInstances();
    try {
      const tokens = await adminOnBoth(i);
      const gql = async (app: BuiltApp, token: string, query: string, variables: Record<string, unknown>) =>
        (await app.app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${token}` }, payload: { query, variables } })).json() as { data: any; errors?: unknown[] };
      expect((await gql(i.a, tokens.a, 'mutation($k: String!, $s: JSON!) { saveDraft(key: $k, schema: $s) { version } }', { k: 'test-form', s: simpleForm })).errors).toBeUndefined();
      expect((await gql(i.a, tokens.a, 'mutation($k: String!) { publish(key: $k) { version } }', { k: 'test-form' })).errors).toBeUndefined();
      await importSmallGeo({ services: i.a.services } as unknown as TestApp);
      const ids = Array.from({ length: 60 }, () => randomUUID());
      const send = (app: BuiltApp, token: string, order: string[]) =>
        order.map((id, n) => gql(app, token, SUBMIT, { i: { id, definitionKey: 'test-form', definitionVersion: 1, data: { ...validAnswer, name: id.slice(0, 8) } } }).then((r) => [n, r] as const));
      // A sends in one order, B in the reverse: without the id order inside a statement these would deadlock.
      const results = await Promise.all([...send(i.a, tokens.a, ids), ...send(i.b, tokens.b, [...ids].reverse())]);
      expect(results.flatMap(([, r]) => r.errors ?? [])).toEqual([]);
      const stored = await i.b.services.db.selectFrom('submission').select('id').where('definition_key', '=', 'test-form').execute();
      expect(stored.map((r) => r.id).sort()).toEqual([...ids].sort());
      const audit = await i.b.services.db.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'submission.create').where('entity_id', 'in', ids).executeTakeFirstOrThrow();
      expect(Number(audit.n)).toBe(60);
    } finally {
      await i.close();
    }
  });
});
