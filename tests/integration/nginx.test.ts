// deploy/nginx/sa-studio.conf as shipped (only addresses, ports and file paths rewritten) run by
// Debian's nginx in front of two app instances on one PostgreSQL database (issue 13, part 2): HTTP
// moves to HTTPS, requests reach both instances, submissions made through nginx are all stored, the
// request id nginx assigns is the one the app logs and answers, JSON is compressed, /metrics and
// bodies over the upload cap stop at nginx, and with one instance stopped every request still succeeds.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { GEO_UPLOAD_LIMITS } from '../../server/core/uploads/upload-limits';
import { ADMIN_PASSWORD } from '../helpers/app';
import { testEngines } from '../helpers/databases';
import { missingForNginx, startNginx, type TestNginx } from '../helpers/nginx';
import { createSeededDatabase } from '../helpers/template';
import type { I4CSessionV1 } from '../../definitions/types/index';

const engines = await testEngines();
const missing = missingForNginx();
const skip = missing.length > 0 || !engines.includes('postgres');
if (missing.length > 0) {
  if (process.env.CI) throw new Error(`${missing.join(' and ')} must be installed in CI for the nginx test (.ci/run installs them).`);
  console.warn(`Skipping the nginx test: ${missing.join(' and ')} not installed (apt-get install -y nginx openssl).`);
} else if (skip) {
  console.warn('Skipping the nginx test: it needs PostgreSQL (two instances on one database).');
}

const SUBMIT = 'mutation Send($i: SubmitInput!) { submit(input: $i) { id } }';
const I4C: I4CSessionV1 = { village: '06010101', date: '2026-02-01', facilitators: 'Sok', participants: { total: 10, female: 6, youth: 2, disability: 1, ethnic_minority: 0, id_poor: 3 }, topics: ['service_standards'], materials_distributed: 5 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skip)('nginx (deploy/nginx/sa-studio.conf) in front of two instances', () => {
  let nginx: TestNginx;
  let a: BuiltApp;
  let b: BuiltApp;
  let ports: { a: number; b: number };
  let token: string;
  let closeDatabase: () => Promise<void>;

  const call: TestNginx['call'] = (...args) => nginx.call(...args);
  const submit = (id: string) => call('POST', '/graphql', { body: JSON.stringify({ query: SUBMIT, variables: { i: { id, definitionKey: 'i4c-session', definitionVersion: 1, data: I4C } } }), headers: { authorization: `Bearer ${token}` } });
  const accessLog = () => nginx.accessLog();

  beforeAll(async () => {
    // Two instances on one database, as in compose.yaml: one trusted proxy in front.
    const config = loadConfig({ ADMIN_PASSWORD, NODE_ENV: 'test', TRUST_PROXY: '1', HOST: '127.0.0.1' });
    const copy = await createSeededDatabase('postgres', config.sessionDays);
    closeDatabase = copy.database.close;
    const options = { logger: false, web: false, indicatorRefresh: false, prepared: copy.seeded } as const;
    a = await buildApp(config, { ...options, database: { ...copy.database, close: async () => undefined } });
    b = await buildApp(config, { ...options, database: { ...copy.database, close: async () => undefined } });
    token = copy.token;
    const portOf = (address: string) => Number(new URL(address).port);
    ports = { a: portOf(await a.app.listen({ port: 0, host: '127.0.0.1' })), b: portOf(await b.app.listen({ port: 0, host: '127.0.0.1' })) };
    nginx = await startNginx([ports.a, ports.b]);
  });

  afterAll(async () => {
    nginx?.stop();
    await b?.app.close();
    await a?.app.close();
    await closeDatabase?.();
  });

  it('redirects HTTP to HTTPS and answers its own health check', async () => {
    const res = await fetch(`http://127.0.0.1:${nginx.http}/field?x=1`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(`https://127.0.0.1:${nginx.https}/field?x=1`);
    expect((await fetch(`http://127.0.0.1:${nginx.http}/nginx-health`)).status).toBe(200);
  });

  it('spreads requests over both instances and stores every submission made through it', async () => {
    const ids = Array.from({ length: 12 }, () => randomUUID());
    const answers = await Promise.all(ids.map((id) => submit(id)));
    for (const [i, res] of answers.entries()) {
      expect(res.status, res.body).toBe(200);
      expect(JSON.parse(res.body).data.submit.id).toBe(ids[i]);
    }
    const stored = await a.services.db.selectFrom('submission').select('id').where('id', 'in', ids).execute();
    expect(stored).toHaveLength(ids.length);
    const upstreams = new Set([...accessLog().matchAll(/"POST \/graphql HTTP\/[\d.]+" 200 \d+ [\d.]+ (\S+) /g)].map((m) => m[1]));
    expect(upstreams).toEqual(new Set([`127.0.0.1:${ports.a}`, `127.0.0.1:${ports.b}`]));
  });

  it('passes its request id to the app, which answers it; compresses JSON; keeps /metrics and oversized bodies out', async () => {
    const res = await call('GET', '/healthz');
    const rid = res.headers['x-request-id'] as string;
    expect(rid).toMatch(/^[0-9a-f]{32}$/); // nginx's $request_id, kept by the app
    await sleep(50);
    expect(accessLog()).toContain(`rid=${rid}`);

    // Sign-in answers carry a token: never compressed. Other JSON is.
    const big = await call('POST', '/graphql', { body: JSON.stringify({ query: '{ __schema { types { name description } } }' }), headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' } });
    expect(big.status).toBe(200);
    expect(big.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(big.body).data.__schema.types.length).toBeGreaterThan(10);
    const login = await call('POST', '/auth/login', { body: JSON.stringify({ username: 'admin', password: 'wrong password, long enough to be long' }), headers: { 'accept-encoding': 'gzip' } });
    expect(login.status).toBe(401);
    expect(login.headers['content-encoding']).toBeUndefined();

    expect((await call('GET', '/metrics')).status).toBe(404);
    expect(accessLog()).not.toMatch(/"GET \/metrics HTTP\/[\d.]+" 404 \d+ [\d.]+ 127/); // not passed on

    const tooBig = Buffer.alloc(GEO_UPLOAD_LIMITS.maxBytes + 1024, 'a');
    const refused = await call('POST', '/admin/geo/import', { body: tooBig, headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' } }).catch((error: Error) => ({ status: -1, body: error.message, headers: {} }));
    expect(refused.status).toBe(413);
  });

  it('keeps answering every request when one instance stops', async () => {
    await b.app.close();
    const ids = Array.from({ length: 8 }, () => randomUUID());
    for (const id of ids) {
      const res = await submit(id);
      expect(res.status, res.body).toBe(200);
    }
    for (let i = 0; i < 5; i++) expect((await call('GET', '/healthz')).status).toBe(200);
    const stored = await a.services.db.selectFrom('submission').select('id').where('id', 'in', ids).execute();
    expect(stored).toHaveLength(ids.length);
  });
});
