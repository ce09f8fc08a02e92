// deploy/nginx/sa-studio.conf as shipped (only addresses, ports and file paths rewritten) run by
// Debian's nginx in front of two app instances on one PostgreSQL database (issue 13, part 2): HTTP
// moves to HTTPS, requests reach both instances, submissions made through nginx are all stored, the
// request id nginx assigns is the one the app logs and answers, JSON is compressed, /metrics and
// bodies over the upload cap stop at nginx, and with one instance stopped every request still succeeds.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { GEO_UPLOAD_LIMITS } from '../../server/core/uploads/upload-limits';
import { ADMIN_PASSWORD } from '../helpers/app';
import { testEngines } from '../helpers/databases';
import { createSeededDatabase } from '../helpers/template';
import type { I4CSessionV1 } from '../../definitions/types/index';

function has(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

const engines = await testEngines();
const missing = ['nginx', 'openssl'].filter((c) => !has(c) && !existsSync(`/usr/sbin/${c}`));
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

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe.skipIf(skip)('nginx (deploy/nginx/sa-studio.conf) in front of two instances', () => {
  let dir: string;
  let nginx: ChildProcess;
  let a: BuiltApp;
  let b: BuiltApp;
  let ports: { a: number; b: number; http: number; https: number };
  let ca: Buffer;
  let token: string;
  let closeDatabase: () => Promise<void>;
  let nginxLog = '';

  /** One HTTPS request through nginx, verified against the test certificate. */
  const call = (method: string, path: string, options: { body?: string | Buffer; headers?: Record<string, string> } = {}) =>
    new Promise<Answer>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: ports.https, method, path, ca, servername: 'localhost', headers: { ...(options.body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(options.body)) } : {}), ...options.headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: (res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString() });
        });
      });
      req.on('error', reject);
      req.end(options.body);
    });
  const submit = (id: string) => call('POST', '/graphql', { body: JSON.stringify({ query: SUBMIT, variables: { i: { id, definitionKey: 'i4c-session', definitionVersion: 1, data: I4C } } }), headers: { authorization: `Bearer ${token}` } });
  const accessLog = () => readFileSync(join(dir, 'access.log'), 'utf8');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sa-nginx-'));
    chmodSync(dir, 0o755); // nginx's workers (www-data when run as root) write temp files here
    for (const sub of ['cache', 'temp']) {
      mkdirSync(join(dir, sub));
      chmodSync(join(dir, sub), 0o777);
    }
    execFileSync('sh', ['deploy/nginx/gen-cert.sh', join(dir, 'certs'), 'localhost'], { stdio: 'pipe' });
    ca = readFileSync(join(dir, 'certs', 'sa-studio.crt'));

    // Two instances on one database, as in compose.yaml: one trusted proxy in front.
    const config = loadConfig({ ADMIN_PASSWORD, NODE_ENV: 'test', TRUST_PROXY: '1', HOST: '127.0.0.1' });
    const copy = await createSeededDatabase('postgres', config.sessionDays);
    closeDatabase = copy.database.close;
    const options = { logger: false, web: false, indicatorRefresh: false, prepared: copy.seeded } as const;
    a = await buildApp(config, { ...options, database: { ...copy.database, close: async () => undefined } });
    b = await buildApp(config, { ...options, database: { ...copy.database, close: async () => undefined } });
    token = copy.token;
    const portOf = (address: string) => Number(new URL(address).port);
    ports = { a: portOf(await a.app.listen({ port: 0, host: '127.0.0.1' })), b: portOf(await b.app.listen({ port: 0, host: '127.0.0.1' })), http: await freePort(), https: await freePort() };

    // The shipped file with this machine's addresses and paths; nothing else changes.
    const shipped = readFileSync('deploy/nginx/sa-studio.conf', 'utf8');
    const conf = shipped
      .replace('server app1:3000', `server 127.0.0.1:${ports.a}`)
      .replace('server app2:3000', `server 127.0.0.1:${ports.b}`)
      .replace(/^\s*listen \[::\]:\d+.*$/gm, '')
      .replace('listen 80;', `listen 127.0.0.1:${ports.http};`)
      .replace('listen 443 ssl http2;', `listen 127.0.0.1:${ports.https} ssl http2;`)
      .replaceAll('/etc/nginx/certs/', `${dir}/certs/`)
      .replace('/var/cache/nginx/sa-studio', `${dir}/cache`)
      .replace('/var/log/nginx/access.log', `${dir}/access.log`)
      // https://localhost:<port> for the redirect test: the original keeps the default port.
      .replace('return 301 https://$host$request_uri;', `return 301 https://$host:${ports.https}$request_uri;`);
    for (const [shippedLine, count] of [['server app1:3000', 1], ['listen 443 ssl http2;', 1]] as const) expect(shipped.split(shippedLine).length - 1).toBe(count);
    writeFileSync(join(dir, 'sa-studio.conf'), conf);
    const temp = (name: string) => `${name}_temp_path ${dir}/temp/${name};`;
    writeFileSync(
      join(dir, 'nginx.conf'),
      `daemon off;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\nevents { worker_connections 256; }\nhttp {\n  include /etc/nginx/mime.types;\n  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}\n  include ${dir}/sa-studio.conf;\n}\n`,
    );
    nginx = spawn('nginx', ['-p', dir, '-e', `${dir}/error.log`, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    nginx.stderr!.on('data', (c: Buffer) => (nginxLog += c.toString()));
    for (let i = 0; i < 100; i++) {
      const up = await call('GET', '/healthz').then(
        (r) => r.status === 200,
        () => false,
      );
      if (up) break;
      if (nginx.exitCode !== null) throw new Error(`nginx exited: ${nginxLog}${existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : ''}`);
      await sleep(100);
    }
  });

  afterAll(async () => {
    nginx?.kill('SIGQUIT');
    await b?.app.close();
    await a?.app.close();
    await closeDatabase?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('redirects HTTP to HTTPS and answers its own health check', async () => {
    const res = await fetch(`http://127.0.0.1:${ports.http}/field?x=1`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(`https://127.0.0.1:${ports.https}/field?x=1`);
    expect((await fetch(`http://127.0.0.1:${ports.http}/nginx-health`)).status).toBe(200);
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
