// Issue 13 part 1: a form retired on one instance stops taking submissions on another instance on the
// same PostgreSQL database: at once through NOTIFY (sent at the retire's commit), and within the
// cache's recheck bound when no notification comes (a change the listener never heard).
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FORM_KEY, FORM_VERSION, validDocument } from '../../bench/lib/isaf-document';
import type { BuiltApp } from '../../server/app';
import { DEFINITION_RECHECK_MS } from '../../server/definitions/definition-cache';
import { login } from '../helpers/app';
import { testEngines } from '../helpers/databases';
import { twoInstances, type Instances } from '../helpers/instances';
import { TEMPLATE_ADMIN_PASSWORD } from '../helpers/template';

const engines = await testEngines();
const SUBMIT = 'mutation($i: SubmitInput!) { submit(input: $i) { id } }';

async function gql(app: BuiltApp, token: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await app.app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${token}` }, payload: { query, variables } });
  return res.json() as { data: any; errors?: Array<{ extensions: { code: string } }> };
}
let n = 0;
const submit = (app: BuiltApp, token: string) => gql(app, token, SUBMIT, { i: { id: randomUUID(), definitionKey: FORM_KEY, definitionVersion: FORM_VERSION, data: validDocument(n++) } });

/** Submits on `app` until the answer is FORM_RETIRED; the time it took (ms), or fails after `boundMs`. */
async function untilRetired(app: BuiltApp, token: string, boundMs: number): Promise<number> {
  const start = Date.now();
  for (;;) {
    const res = await submit(app, token);
    if (res.errors?.[0]?.extensions.code === 'FORM_RETIRED') return Date.now() - start;
    expect(res.errors).toBeUndefined();
    if (Date.now() - start > boundMs) throw new Error(`still taking submissions ${boundMs} ms after the retire`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!engines.includes('postgres'))('definition cache across two instances on one PostgreSQL database', () => {
  let i: Instances;
  let tokens: { a: string; b: string };
  beforeEach(async () => {
    i = await twoInstances();
    tokens = { a: await login(i.a.app, 'admin', TEMPLATE_ADMIN_PASSWORD), b: await login(i.b.app, 'admin', TEMPLATE_ADMIN_PASSWORD) };
  });
  afterEach(async () => i.close());

  it('a retire on A is seen by B at once (NOTIFY at commit)', { timeout: 30_000 }, async () => {
    // B has the published row cached.
    expect((await submit(i.b, tokens.b)).errors).toBeUndefined();
    expect((await submit(i.b, tokens.b)).errors).toBeUndefined();
    expect((await gql(i.a, tokens.a, `mutation { retire(key: "${FORM_KEY}") { status } }`)).data.retire.status).toBe('RETIRED');
    // Well under the recheck bound: the notification did it.
    expect(await untilRetired(i.b, tokens.b, 2000)).toBeLessThan(DEFINITION_RECHECK_MS);
    expect((await submit(i.a, tokens.a)).errors?.[0]?.extensions.code).toBe('FORM_RETIRED');
  });

  it('without a notification, B sees the retire within the recheck bound', { timeout: 30_000 }, async () => {
    expect((await submit(i.b, tokens.b)).errors).toBeUndefined();
    // A change no listener hears (as if B's listener was reconnecting).
    await sql`update definition set status = 'retired' where key = ${FORM_KEY} and version = ${FORM_VERSION}`.execute(i.a.services.db);
    const took = await untilRetired(i.b, tokens.b, DEFINITION_RECHECK_MS + 3000);
    expect(took).toBeLessThanOrEqual(DEFINITION_RECHECK_MS + 3000);
  });

  it('a listener whose connection was killed reconnects and still hears the retire', { timeout: 30_000 }, async () => {
    const listeners = async () =>
      Number((await sql<{ n: string }>`select count(*) as n from pg_stat_activity where datname = current_database() and query = 'listen sa_definition_changed'`.execute(i.a.services.db)).rows[0]!.n);
    expect(await listeners()).toBe(2);
    expect((await submit(i.b, tokens.b)).errors).toBeUndefined();
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query = 'listen sa_definition_changed'`.execute(i.a.services.db);
    const start = Date.now();
    while ((await listeners()) < 2) {
      if (Date.now() - start > 10_000) throw new Error('the listeners did not reconnect');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await submit(i.b, tokens.b)).errors).toBeUndefined();
    expect((await gql(i.a, tokens.a, `mutation { retire(key: "${FORM_KEY}") { status } }`)).data.retire.status).toBe('RETIRED');
    expect(await untilRetired(i.b, tokens.b, 2000)).toBeLessThan(DEFINITION_RECHECK_MS);
  });
});
