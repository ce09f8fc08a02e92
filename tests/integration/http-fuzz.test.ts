// Fuzzes the HTTP edge on both engines (fast-check, fixed seed): thousands of malformed requests through
// fastify's router (inject) and hundreds of malformed HTTP messages over raw sockets to a listening
// server. Every answer must be below 500, every error must carry a stable code, and the server must
// still be healthy afterwards.
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemCatalog } from '../../server/core/problems';
import { ADMIN_PASSWORD, createTestApp, login, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';

const engines = await testEngines();
afterAll(closeSharedPglite);

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const INJECTED = Number(process.env.FUZZ_RUNS ?? 2000);
const RAW = Number(process.env.FUZZ_RAW_RUNS ?? 300);

const PATHS = ['/graphql', '/graphiql', '/auth/login', '/auth/logout', '/healthz', '/export/submissions.csv', '/export/indicator/x.xlsx', '/reports/progress', '/reports/assets/report.css', '/reports/assets/font-khmer-400.woff2', '/admin/geo/import', '/admin/geo/import/1', '/', '/nope'];
const QUERIES = [
  '{ me { username locale grants { role scope } } }',
  '{ definitions { key titleKm status versions { version } } }',
  '{ definition(key: "isaf-scorecard") { key schema } }',
  'mutation { setLocale(locale: "en") }',
  'query Q($k: String!) { definition(key: $k) { key } }',
  '{ submissions(definitionKey: "x", first: 5) { edges { id } } }',
  '{ __schema { types { name } } }',
];

const pathArb = fc.oneof(
  fc.constantFrom(...PATHS),
  fc.constantFrom(...PATHS).chain((p) => fc.integer({ min: 0, max: p.length }).map((i) => `${p.slice(0, i)}%${p.slice(i)}`)),
  fc.constantFrom(...PATHS).map((p) => p.replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`)),
  fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('..', '%2e%2e', '%00', '%E0%A4%A', '%ff', '\u1780\u17c6', '*', ':id')), { maxLength: 5 }).map((s) => `/${s.map((x) => x.replace(/[\s#?]/g, '')).join('/')}`),
  fc.constantFrom(...PATHS).chain((p) => fc.string({ maxLength: 40 }).map((q) => `${p}?${encodeURIComponent(q)}=${q.replace(/[\s#]/g, '')}`)),
);

const queryArb = fc.oneof(
  fc.constantFrom(...QUERIES),
  fc.constantFrom(...QUERIES).chain((q) => fc.tuple(fc.integer({ min: 0, max: q.length }), fc.string({ maxLength: 8 })).map(([i, s]) => q.slice(0, i) + s + q.slice(i))),
  fc.constantFrom(...QUERIES).chain((q) => fc.integer({ min: 0, max: q.length }).map((i) => q.slice(0, i))),
  fc.integer({ min: 1, max: 40 }).map((n) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: me { username }`).join(' ')} }`),
  fc.string({ maxLength: 60 }),
);

const bodyArb = fc.oneof(
  fc.constant(undefined),
  queryArb.chain((query) => fc.option(fc.jsonValue({ maxDepth: 3 })).map((variables) => JSON.stringify({ query, variables }))),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.record({ username: fc.oneof(fc.constant('admin'), fc.string({ maxLength: 120 }), fc.jsonValue({ maxDepth: 2 })), password: fc.oneof(fc.string({ maxLength: 210 }), fc.integer()) }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.integer({ min: 10, max: 20_000 }).map((n) => `{"query":"{ me { username } }","variables":{"x":${'['.repeat(n)}${']'.repeat(n)}}}`),
  fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a).toString('latin1')),
  fc.string({ maxLength: 60 }).map((s) => `{"query": "${s}`),
);

const contentTypeArb = fc.constantFrom(undefined, 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/graphql', 'text/csv', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'garbage', 'application/jsonx', '*/*');

interface Shape {
  status: number;
  codes: string[];
}

/** The codes an answer carries: REST `{code}`, GraphQL `{errors: [{extensions: {code}}]}`. */
function shapeOf(status: number, body: string): Shape {
  if (!body) return { status, codes: [] };
  let json: any;
  try {
    json = JSON.parse(body);
  } catch {
    return { status, codes: [] };
  }
  const codes: string[] = [];
  if (json && typeof json === 'object') {
    if (typeof json.code === 'string') return { status, codes: typeof json.message === 'string' && typeof json.messageKm === 'string' ? [json.code] : [''] };
    if (Array.isArray(json.errors)) for (const e of json.errors) if (typeof e?.extensions?.code === 'string' && typeof e.extensions.messageKm === 'string') codes.push(e.extensions.code);
    // GraphQL results that are partly errors: every error must be coded.
    if (Array.isArray(json.errors) && json.errors.some((e: any) => typeof e?.extensions?.code !== 'string')) codes.push('');
  }
  return { status, codes };
}

function assertCoded(shape: Shape, what: string): void {
  expect(shape.status, what).toBeLessThan(500);
  if (shape.status >= 400) {
    expect(shape.codes.length, `${what}: no code`).toBeGreaterThan(0);
    // Registered codes only (with their Khmer and English texts), not fastify's or Node's own.
    expect(shape.codes.every((c) => c in problemCatalog), `${what}: ${shape.codes.join(',')}`).toBe(true);
  }
}

function raw(port: number, message: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = () => resolve(Buffer.concat(chunks).toString('latin1'));
    socket.setTimeout(4000, () => socket.destroy());
    socket.on('data', (d) => chunks.push(d));
    socket.on('close', done);
    socket.on('error', () => undefined);
    socket.end(message);
  });
}

const token = fc.stringMatching(/^[A-Za-z!#$%&'*+.^_`|~-]{1,10}$/);
const rawArb = fc.oneof(
  // Garbage bytes
  fc.uint8Array({ minLength: 1, maxLength: 300 }).map((a) => Buffer.from(a)),
  // A request line and headers with broken pieces
  fc
    .tuple(
      fc.oneof(fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'BREW', 'get', ''), token),
      fc.oneof(pathArb, fc.string({ maxLength: 30 }), fc.constant('*'), fc.constant('http://x/graphql')),
      fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2', 'HTTP/1.1x', '', 'HTTP/9.9'),
      fc.array(
        fc.oneof(
          fc.tuple(token, fc.string({ maxLength: 40 })).map(([k, v]) => `${k}: ${v.replace(/[\r\n]/g, '')}`),
          fc.constantFrom('Content-Length: -1', 'Content-Length: abc', 'Content-Length: 5\r\nContent-Length: 6', 'Transfer-Encoding: chunked', 'Transfer-Encoding: gzip, chunked', 'Host:', 'Bad Header', ' folded', 'X: \u0000', `X-Big: ${'a'.repeat(17000)}`, 'Content-Type: application/json', 'Authorization: Bearer x'),
        ),
        { maxLength: 6 },
      ),
      fc.oneof(fc.constant(''), fc.string({ maxLength: 80 }), fc.constantFrom('zz\r\nabc\r\n0\r\n\r\n', '5\r\nabc\r\n0\r\n\r\n', '{"query":"{ me { username } }"}')),
    )
    .map(([method, path, version, headers, body]) => Buffer.from(`${method} ${path} ${version}\r\nHost: 127.0.0.1\r\n${headers.join('\r\n')}${headers.length ? '\r\n' : ''}\r\n${body}`, 'latin1')),
);

describe.each(engines)('HTTP fuzz on %s', (engine) => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp(engine);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as { port: number }).port;
  });
  afterAll(async () => t.close());

  it(`answers ${INJECTED} malformed requests below 500 and with a code`, async () => {
    const cookie = String((await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } })).headers['set-cookie']).split(';')[0]!;
    const credentialsArb = fc.constantFrom<Record<string, string>>({}, { authorization: `Bearer ${t.token}` }, { authorization: 'Bearer nope' }, { authorization: 'Basic YTpi' }, { cookie }, { cookie: 'sa_session=garbage' }, { cookie, origin: 'null' }, { cookie, origin: 'https://evil.example' });
    const requestArb = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'),
      url: pathArb,
      contentType: contentTypeArb,
      credentials: credentialsArb,
      body: bodyArb,
    });
    await fc.assert(
      fc.asyncProperty(requestArb, async (r) => {
        const headers: Record<string, string> = { ...r.credentials };
        if (r.contentType) headers['content-type'] = r.contentType;
        const body = r.method === 'GET' || r.method === 'HEAD' ? undefined : r.body;
        let res;
        try {
          res = await t.app.inject({ method: r.method as 'GET', url: r.url, headers, ...(body !== undefined ? { payload: body } : {}) });
        } catch (error) {
          // light-my-request itself refuses some URLs (a backslash); the raw-socket run sends those.
          if (error instanceof TypeError && /Invalid URL/.test(error.message)) return;
          throw error;
        }
        if (r.method === 'HEAD') {
          expect(res.statusCode).toBeLessThan(500);
          return;
        }
        assertCoded(shapeOf(res.statusCode, res.body), `${r.method} ${r.url} ${JSON.stringify(headers)} ${String(body).slice(0, 120)} → ${res.statusCode} ${res.body.slice(0, 300)}`);
      }),
      { seed: SEED, numRuns: INJECTED, endOnFailure: true },
    );
  }, 120_000);

  it(`answers ${RAW} malformed HTTP messages on a real socket with coded errors`, async () => {
    const samples = fc.sample(rawArb, { seed: SEED, numRuns: RAW });
    for (let i = 0; i < samples.length; i += 25) {
      const answers = await Promise.all(samples.slice(i, i + 25).map((m) => raw(port, m)));
      answers.forEach((answer, j) => {
        const what = JSON.stringify(samples[i + j]!.toString('latin1').slice(0, 300));
        if (answer === '') return; // Node may close without answering (e.g. a reset); nothing uncoded was sent
        const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1]);
        expect(Number.isInteger(status), `${what} → ${answer.slice(0, 100)}`).toBe(true);
        const head = answer.indexOf('\r\n\r\n');
        const headers = answer.slice(0, head);
        let body = answer.slice(head + 4);
        if (/transfer-encoding: chunked/i.test(headers)) body = body.replace(/^[0-9a-f]+\r\n/i, '').replace(/\r\n0\r\n\r\n[\s\S]*$/, '');
        else {
          const length = Number(/content-length: (\d+)/i.exec(headers)?.[1] ?? body.length);
          body = Buffer.from(body, 'latin1').subarray(0, length).toString('utf8');
        }
        if (/^HEAD /.test(samples[i + j]!.toString('latin1'))) return;
        assertCoded(shapeOf(status, body), `${what} → ${answer.slice(0, 300)}`);
      });
    }
  }, 120_000);

  it('is still healthy afterwards', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const fresh = await login(t.app, 'admin', ADMIN_PASSWORD).catch(() => null);
    const me = await t.gql('{ me { username } }', {}, fresh ?? t.token);
    expect(me.status).toBe(200);
    const over = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(over.status).toBe(200);
  });
});
