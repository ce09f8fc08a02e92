// Issue 13 part 1: two app instances on one PostgreSQL database, each with its own pool, used as a
// load balancer would use them: submits on both, an indicator built on one and read on both, a
// geography import started on one and polled on the other, a retire on one refused by the other at
// once, and a revoked session refused by the other within the session cache's TTL (5 s).
// Note: in-process instances share the module-level session cache, so the API revoke below is seen
// at once; the direct session delete is what another process's revoke looks like to this one's cache
// (no forget), and is the case the TTL bounds.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BuiltApp } from '../../server/app';
import { indicatorDataset, type ShippedSubmission } from '../fixtures/indicator-data';
import { login } from '../helpers/app';
import { testEngines } from '../helpers/databases';
import { twoInstances, type Instances } from '../helpers/instances';
import { TEMPLATE_ADMIN_PASSWORD } from '../helpers/template';
import { SMALL_GEO } from './geo-helpers';

const engines = await testEngines();
const SESSION_TTL_MS = 5000;

const JAAP = indicatorDataset.filter((r): r is Extract<ShippedSubmission, { key: 'jaap' }> => r.key === 'jaap').map((r) => r.data);
const COUNT_JAAP = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  'x-kind': 'indicator',
  'x-title': { km: 'ចំនួន JAAP', en: 'JAAP count' },
  sources: [{ form: 'jaap' }],
  measure: { type: 'count' },
};
const SUBMIT = 'mutation($i: SubmitInput!) { submit(input: $i) { id } }';
const VALUES = 'query($k: String!) { indicatorValues(key: $k) { value } }';

interface Gql {
  status: number;
  data: any;
  errors?: Array<{ extensions: { code: string } }>;
}
async function gql(app: BuiltApp, token: string, query: string, variables: Record<string, unknown> = {}): Promise<Gql> {
  const res = await app.app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${token}` }, payload: { query, variables } });
  return { status: res.statusCode, ...(res.json() as Omit<Gql, 'status'>) };
}
const submitJaap = (app: BuiltApp, token: string, data: unknown) => gql(app, token, SUBMIT, { i: { id: randomUUID(), definitionKey: 'jaap', definitionVersion: 1, data } });
const refused = (r: Gql) => r.status === 401 || r.errors?.[0]?.extensions.code === 'UNAUTHENTICATED';

/** Polls `check` until true; the time it took (ms), or throws after `boundMs`. */
async function within(boundMs: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > boundMs) throw new Error(`not seen within ${boundMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!engines.includes('postgres'))('two instances on one PostgreSQL database', () => {
  let i: Instances;
  let a: string;
  let b: string;
  beforeEach(async () => {
    i = await twoInstances();
    a = await login(i.a.app, 'admin', TEMPLATE_ADMIN_PASSWORD);
    b = await login(i.b.app, 'admin', TEMPLATE_ADMIN_PASSWORD);
  });
  afterEach(async () => i.close());

  it('runs submits, an indicator, an import, retire and revoke across both', { timeout: 180_000 }, async () => {
    // Submits on both instances, interleaved.
    const results = await Promise.all(JAAP.map((data, n) => (n % 2 === 0 ? submitJaap(i.a, a, data) : submitJaap(i.b, b, data))));
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    expect(Number((await i.b.services.db.selectFrom('submission').select((eb) => eb.fn.countAll().as('n')).where('definition_key', '=', 'jaap').executeTakeFirstOrThrow()).n)).toBeGreaterThanOrEqual(JAAP.length);
    const stored = Number((await i.a.services.db.selectFrom('submission').select((eb) => eb.fn.countAll().as('n')).where('definition_key', '=', 'jaap').executeTakeFirstOrThrow()).n);

    // An indicator published on B, built by A's refresher, read on both: the same value.
    expect((await gql(i.b, b, 'mutation($s: JSON!) { saveDraft(key: "jaap-count", schema: $s) { version } }', { s: COUNT_JAAP })).errors).toBeUndefined();
    expect((await gql(i.b, b, 'mutation { publish(key: "jaap-count") { version } }')).errors).toBeUndefined();
    await i.a.services.indicators.refreshNow();
    const valueOn = async (app: BuiltApp, token: string) => ((await gql(app, token, VALUES, { k: 'jaap-count' })).data.indicatorValues[0] as { value: number }).value;
    expect(await valueOn(i.a, a)).toBe(stored);
    expect(await valueOn(i.b, b)).toBe(stored);
    // One more submit on B, refreshed by B's refresher: A reads it.
    expect((await submitJaap(i.b, b, JAAP[0])).errors).toBeUndefined();
    await i.b.services.indicators.refreshNow();
    expect(await valueOn(i.a, a)).toBe(stored + 1);

    // A geography import started on B, polled on A until done.
    const started = await i.b.app.inject({ method: 'POST', url: '/admin/geo/import', headers: { authorization: `Bearer ${b}`, 'content-type': 'text/csv' }, payload: SMALL_GEO });
    expect(started.statusCode).toBe(202);
    const { id } = started.json() as { id: string };
    let job: { status: string; added: number; updated: number; unchanged: number } | undefined;
    await within(60_000, async () => {
      const res = await i.a.app.inject({ method: 'GET', url: `/admin/geo/import/${id}`, headers: { authorization: `Bearer ${a}` } });
      expect(res.statusCode).toBe(200);
      job = res.json();
      return job!.status !== 'running';
    });
    expect(job!.status).toBe('done');
    expect(job!.added + job!.updated + job!.unchanged).toBe(SMALL_GEO.split('\n').length - 1);

    // Retire on A: B refuses the form (NOTIFY at commit), well within the cache's recheck bound.
    expect((await submitJaap(i.b, b, JAAP[1])).errors).toBeUndefined();
    expect((await gql(i.a, a, 'mutation { retire(key: "jaap") { status } }')).data.retire.status).toBe('RETIRED');
    await within(2000, async () => (await submitJaap(i.b, b, JAAP[2])).errors?.[0]?.extensions.code === 'FORM_RETIRED');

    // Revoke on A the session used on B: B refuses it within the TTL.
    const used = await login(i.a.app, 'admin', TEMPLATE_ADMIN_PASSWORD);
    expect((await gql(i.b, used, '{ mySessions { id } }')).errors).toBeUndefined();
    const mine = (await gql(i.a, used, '{ mySessions { id current } }')).data.mySessions as Array<{ id: string; current: boolean }>;
    const sessionId = mine.find((s) => s.current)!.id;
    expect((await gql(i.a, a, 'mutation($id: ID!) { revokeSession(id: $id) }', { id: sessionId })).data.revokeSession).toBe(true);
    expect(await within(SESSION_TTL_MS + 1000, async () => refused(await gql(i.b, used, '{ mySessions { id } }')))).toBeLessThanOrEqual(SESSION_TTL_MS + 1000);

    // A session ended in the database with no forget in this process (another process's revoke):
    // B, which has it cached, refuses it within the TTL, not before the cache entry ages out.
    const other = await login(i.b.app, 'admin', TEMPLATE_ADMIN_PASSWORD);
    expect((await gql(i.b, other, '{ mySessions { id } }')).errors).toBeUndefined();
    await i.a.services.db.deleteFrom('session').where('id', 'in', i.a.services.db.selectFrom('session').select('id').orderBy('created_at', 'desc').limit(1)).execute();
    const took = await within(SESSION_TTL_MS + 1000, async () => refused(await gql(i.b, other, '{ mySessions { id } }')));
    expect(took).toBeLessThanOrEqual(SESSION_TTL_MS + 1000);
  });
});
