// Issue 8 hardening of the HTTP edge: GraphQL cost limits and introspection, authentication before the
// body, CSRF decided on the routed path, trusted proxy hops, one set of security headers, and coded
// errors for what fastify and Node answer on their own (405, bad URL, malformed HTTP, 431, deep JSON).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import Fastify from 'fastify';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';
import { mergeModules } from '../../server/graphql/module';
import { modules } from '../../server/graphql/modules';
import { GRAPHQL_LIMITS, validationRules } from '../../server/graphql/limits';
import { authorizeFirst } from '../../server/http/authorize-first';
import { ANONYMOUS_BODY_LIMIT, registerBodyGate } from '../../server/http/body-gate';
import { registerErrorHandler } from '../../server/http/error-handler';
import { jsonDepth } from '../../server/http/json-body';
import { RouteTable } from '../../server/http/route-table';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';

// The realm mercurius and the limit rules use (graphql's CommonJS build).
const { buildSchema, parse, specifiedRules, validate } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

const engines = await testEngines();
afterAll(closeSharedPglite);

/** One raw HTTP exchange over a socket: what Node's parser answers before fastify sees anything. */
function rawRequest(port: number, request: string | Buffer, opts: { endAfterWrite?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setTimeout(10_000, () => socket.destroy(new Error('timeout')));
    socket.on('data', (d) => {
      answer += d.toString('utf8');
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', (e) => (answer ? resolve(answer) : reject(e)));
    socket.write(request, () => {
      if (opts.endAfterWrite) socket.end();
    });
  });
}

function bodyOf(raw: string): any {
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  return JSON.parse(body);
}

async function cookieOf(t: TestApp): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
  return String(res.headers['set-cookie']).split(';')[0]!;
}

const me = JSON.stringify({ query: '{ me { username } }' });

describe.each(engines)('HTTP hardening on %s', (engine) => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp(engine);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as { port: number }).port;
  });
  afterAll(async () => t.close());

  describe('GraphQL cost', () => {
    it('refuses 1,000 aliases of a list field quickly with QUERY_TOO_COSTLY', async () => {
      const query = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: definitions { schema versions { schema } }`).join(' ')} }`;
      const started = Date.now();
      const res = await t.gql(query);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(res.status).toBe(400);
      expect(res.errors?.[0]?.extensions.code).toBe('QUERY_TOO_COSTLY');
      expect(res.data).toBeNull();
      const hundred = await t.gql(`{ ${Array.from({ length: 100 }, (_, i) => `a${i}: definitions { key }`).join(' ')} }`);
      expect(hundred.status).toBe(400);
      expect(hundred.errors?.[0]?.extensions.code).toBe('QUERY_TOO_COSTLY');
      expect(hundred.errors?.[0]?.message).toMatch(/Aliases limit of 15 exceeded, found 100/);
    });

    it('accepts up to 15 aliases; refuses 16, an over-deep query and a query with too many tokens', async () => {
      const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `m${i}: me { username }`).join(' ')} }`;
      expect((await t.gql(aliases(15))).data.m14.username).toBe('admin');
      expect((await t.gql(aliases(16))).errors?.[0]?.extensions.code).toBe('QUERY_TOO_COSTLY');
      const deep = `{ definitions { ${'versions { '.repeat(14)}key${' }'.repeat(14)} } }`;
      const deepRes = await t.gql(deep);
      expect(deepRes.status).toBe(400);
      expect(deepRes.errors?.[0]?.extensions.code).toBe('QUERY_TOO_COSTLY');
      const tokens = `{ me { ${'username '.repeat(6000)} } }`;
      const tokenRes = await t.gql(tokens);
      expect(tokenRes.status).toBe(400);
      expect(tokenRes.errors?.[0]?.extensions.code).toBe('QUERY_TOO_COSTLY');
      expect(tokenRes.errors?.[0]?.message).toMatch(/5000 tokens/);
    });

    it('refuses a costly query without aliases (many fields deep down) by its estimated cost', async () => {
      const fields = Array.from({ length: 300 }, () => 'key titleKm titleEn status').join(' ');
      const res = await t.gql(`{ definitions { ${fields} versions { ${fields} versions { ${fields} } } } }`);
      expect(res.status).toBe(400);
      expect(res.errors?.[0]?.extensions.code).toBe('QUERY_TOO_COSTLY');
      expect(res.errors?.[0]?.message).toMatch(/Cost limit of 5000/);
      // The cost is the query's shape: a literal page size costs what the same page as a variable does
      // (its maximum is the field's own: BAD_INPUT with the path).
      const page = '{ edges { cursor node { id definitionKey definitionVersion geoCode period status createdAt updatedAt data } } pageInfo { hasNextPage endCursor } totalCount }';
      const literal = await t.gql(`{ submissions(definitionKey: "x", first: 500) ${page} }`);
      const variable = await t.gql(`query($n: Int) { submissions(definitionKey: "x", first: $n) ${page} }`, { n: 500 });
      expect(literal.errors).toBeUndefined();
      expect(variable.errors).toBeUndefined();
      expect(literal.data.submissions.totalCount).toBe(0);
      const tooMany = await t.gql('{ submissions(definitionKey: "x", first: 100000) { totalCount } }');
      expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT' });
    });
  });

  describe('GraphQL errors say what is wrong', () => {
    it('answers an unknown field and a wrong argument type with GRAPHQL_VALIDATION and graphql-js’s message', async () => {
      const unknown = await t.gql('{ me { username nope } }');
      expect(unknown.status).toBe(400);
      expect(unknown.errors?.[0]?.extensions.code).toBe('GRAPHQL_VALIDATION');
      expect(unknown.errors?.[0]?.message).toBe('Cannot query field "nope" on type "Me".');
      const wrongType = await t.gql('{ definition(key: 5) { key } }');
      expect(wrongType.status).toBe(400);
      expect(wrongType.errors?.[0]?.extensions.code).toBe('GRAPHQL_VALIDATION');
      expect(wrongType.errors?.[0]?.message).toMatch(/String/);
      expect(wrongType.errors?.[0]?.message).not.toMatch(/JSON/);
    });

    it('refuses mutations over GET with METHOD_NOT_ALLOWED', async () => {
      const res = await t.app.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent('mutation { setLocale(locale: "en") }')}`, headers: { authorization: `Bearer ${t.token}` } });
      expect(res.statusCode).toBe(405);
      expect(res.json().errors[0].extensions.code).toBe('METHOD_NOT_ALLOWED');
    });

    it('the web app’s queries stay within every limit (none is refused as too costly)', () => {
      const schema = buildSchema(mergeModules(modules).typeDefs);
      const rules = [...specifiedRules, ...validationRules({ introspection: false })];
      const documents: string[] = [];
      const walk = (dir: string) => {
        for (const name of readdirSync(dir)) {
          const path = join(dir, name);
          if (statSync(path).isDirectory()) walk(path);
          else if (/\.(ts|svelte)$/.test(name)) {
            for (const m of readFileSync(path, 'utf8').matchAll(/(['`])\s*((?:query|mutation)\b[^'`]*)\1/g)) if (!m[2]!.includes('${')) documents.push(m[2]!);
          }
        }
      };
      walk(join(import.meta.dirname, '../../web'));
      // Aliased lookups built at run time go out in batches the alias limit accepts.
      expect(readFileSync(join(import.meta.dirname, '../../web/lib/api.ts'), 'utf8')).toContain(`export const MAX_ALIASES = ${GRAPHQL_LIMITS.maxAliases};`);
      expect(documents.length).toBeGreaterThan(20);
      for (const source of documents) {
        let doc;
        try {
          doc = parse(source, { maxTokens: 5000 });
        } catch {
          continue; // not a GraphQL document (prose that starts with "query")
        }
        expect(() => validate(schema, doc, rules), source).not.toThrow();
      }
    });
  });

  describe('authentication before the body', () => {
    it('answers an anonymous oversized body from its headers alone, without waiting for the body', async () => {
      const started = Date.now();
      const answer = await rawRequest(port, `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n{"query":`);
      expect(answer).toMatch(/^HTTP\/1\.1 413/);
      const body = bodyOf(answer);
      expect(body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
      expect(body.errors[0].message).toMatch(/Sign in first/);
      // …and closes the connection rather than wait for (or read) the announced 50 MB.
      expect(Date.now() - started).toBeLessThan(3000);
    });

    it('caps anonymous bodies at 16 KB (also chunked), while signed-in callers and sign-in itself pass', async () => {
      const padded = JSON.stringify({ query: '{ me { username } }', variables: { pad: 'x'.repeat(ANONYMOUS_BODY_LIMIT) } });
      const anonymous = await t.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: padded });
      expect(anonymous.statusCode).toBe(413);
      expect(anonymous.json().errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
      const chunked = await rawRequest(
        port,
        `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${padded.length.toString(16)}\r\n${padded}\r\n0\r\n\r\n`,
      );
      expect(chunked).toMatch(/^HTTP\/1\.1 413/);
      const signedIn = await t.app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' }, payload: padded });
      expect(signedIn.json().data.me.username).toBe('admin');
      const anonSmall = await t.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: me });
      expect(anonSmall.json().data.me).toBeNull();
      expect((await cookieOf(t)).startsWith('sa_session=')).toBe(true);
    });

    it('authorizeFirst routes refuse before the body is parsed', async () => {
      const app = Fastify();
      const routes = new RouteTable();
      routes.collect(app);
      registerErrorHandler(app, routes);
      app.decorateRequest('actor', null);
      let parsed = 0;
      app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => {
        parsed++;
        done(null, body);
      });
      registerBodyGate(app);
      app.post('/upload', { onRequest: authorizeFirst() }, async () => ({ ok: true }));
      app.post('/import', { onRequest: authorizeFirst({ action: 'geo.import' }) }, async () => ({ ok: true }));
      const upload = await app.inject({ method: 'POST', url: '/upload', headers: { 'content-type': 'text/csv' }, payload: 'a,b\n1,2\n' });
      expect(upload.statusCode).toBe(401);
      expect(upload.json().code).toBe('UNAUTHENTICATED');
      const imported = await app.inject({ method: 'POST', url: '/import', headers: { 'content-type': 'text/csv' }, payload: 'a,b\n1,2\n' });
      expect(imported.statusCode).toBe(401);
      expect(parsed).toBe(0);
      await app.close();
    });
  });

  describe('CSRF decided on the routed path', () => {
    it('refuses a text/plain logout at /%61uth/logout: the session stays valid', async () => {
      const cookie = await cookieOf(t);
      const res = await t.app.inject({ method: 'POST', url: '/%61uth/logout', headers: { cookie, 'content-type': 'text/plain' }, payload: '{}' });
      expect(res.statusCode).toBe(415);
      expect(res.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const still = await t.app.inject({ method: 'POST', url: '/graphql', headers: { cookie, 'content-type': 'application/json' }, payload: me });
      expect(still.json().data.me.username).toBe('admin');
    });

    it('checks the Origin at /%67raphql, refuses Origin: null, and a non-Bearer Authorization does not exempt the cookie', async () => {
      const cookie = await cookieOf(t);
      const mutation = JSON.stringify({ query: 'mutation { setLocale(locale: "en") }' });
      const base = { cookie, 'content-type': 'application/json', host: 'localhost:3000' };
      for (const headers of [
        { ...base, origin: 'https://evil.example' },
        { ...base, origin: 'null' },
        { ...base, origin: 'https://evil.example', authorization: 'Basic YWRtaW46eA==' },
        { ...base, origin: 'null', authorization: 'Bearer not-a-session' },
      ]) {
        for (const url of ['/%67raphql', '/graphql']) {
          const res = await t.app.inject({ method: 'POST', url, headers, payload: mutation });
          expect(res.statusCode, `${url} ${JSON.stringify(headers)}`).toBe(403);
          expect(res.json().errors[0].extensions.code).toBe('FORBIDDEN');
        }
      }
      const basicPlain = await t.app.inject({ method: 'POST', url: '/auth/logout', headers: { cookie, authorization: 'Basic YWRtaW46eA==', 'content-type': 'text/plain' }, payload: '{}' });
      expect(basicPlain.statusCode).toBe(415);
      const stored = await t.services.db.selectFrom('app_user').select('locale').where('username', '=', 'admin').executeTakeFirstOrThrow();
      expect(stored.locale).toBe('km');
      // A valid Bearer token is not ambient authority: API clients may send any Origin.
      const bearer = await t.app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json', origin: 'null' }, payload: me });
      expect(bearer.json().data.me.username).toBe('admin');
      // Same origin still works.
      const same = await t.app.inject({ method: 'POST', url: '/graphql', headers: { ...base, origin: 'http://localhost:3000' }, payload: me });
      expect(same.json().data.me.username).toBe('admin');
    });
  });

  describe('errors framework and Node make', () => {
    it('PATCH /graphql is METHOD_NOT_ALLOWED with Allow; unknown API paths NOT_FOUND; both JSON', async () => {
      const patch = await t.app.inject({ method: 'PATCH', url: '/graphql', headers: { 'content-type': 'text/plain' }, payload: 'x' });
      expect(patch.statusCode).toBe(405);
      expect(patch.json().code).toBe('METHOD_NOT_ALLOWED');
      expect(patch.headers.allow).toBe('GET, HEAD, POST');
      const encoded = await t.app.inject({ method: 'DELETE', url: '/%61uth/login' });
      expect(encoded.statusCode).toBe(405);
      const unknown = await t.app.inject({ method: 'GET', url: '/auth/nope' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().code).toBe('NOT_FOUND');
    });

    it('a bad URL encoding is BAD_URL and does not echo the path', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/%E0%A4%A<script>' });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'BAD_URL', messageKm: expect.any(String) });
      expect(res.body).not.toContain('script');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });

    it('malformed HTTP is BAD_REQUEST and oversized headers HEADERS_TOO_LARGE, as JSON problems', async () => {
      const malformed = await rawRequest(port, 'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n');
      expect(malformed).toMatch(/^HTTP\/1\.1 400/);
      expect(bodyOf(malformed)).toMatchObject({ code: 'BAD_REQUEST', messageKm: expect.any(String) });
      const big = await rawRequest(port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
      expect(big).toMatch(/^HTTP\/1\.1 431/);
      expect(bodyOf(big).code).toBe('HEADERS_TOO_LARGE');
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    });

    it('a 20,000-deep JSON body is BAD_INPUT (maxDepth), on GraphQL and on sign-in', async () => {
      const deep = `{"query":"{ me { username } }","variables":{"x":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`;
      const gql = await t.app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' }, payload: deep });
      expect(gql.statusCode).toBe(400);
      expect(gql.json().errors[0].extensions).toMatchObject({ code: 'BAD_INPUT', errors: [{ path: 'body', keyword: 'maxDepth' }] });
      const login = await t.app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'application/json' }, payload: `{"username":${'['.repeat(5000)}${']'.repeat(5000)}}` });
      expect(login.statusCode).toBe(400);
      expect(login.json().errors[0].keyword).toBe('maxDepth');
      expect(jsonDepth('{"a":"[[[[{{{{","b":[[1]]}')).toBe(3);
      expect(jsonDepth('"\\\\"')).toBe(0);
    });
  });

  describe('security headers', () => {
    it('API answers carry helmet’s headers, the strict CSP and no-store; HSTS only over TLS', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/healthz' });
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'same-origin',
        'cache-control': 'no-store',
        'content-security-policy': "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'",
      });
      expect(res.headers['strict-transport-security']).toBeUndefined();
      const gql = await t.app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' }, payload: me });
      expect(gql.headers['cache-control']).toBe('no-store');
      const report = await t.app.inject({ method: 'GET', url: '/reports/progress?month=2026-01', headers: { authorization: `Bearer ${t.token}` } });
      expect(report.headers['content-security-policy']).toContain("script-src 'self'");
      expect(report.headers['cache-control']).toBe('no-store');
    });
  });
});

describe.each(engines)('HTTP settings on %s', (engine) => {
  it('production turns introspection off unless GRAPHQL_INTROSPECTION=1; bad values fail at boot', async () => {
    const introspect = '{ __schema { queryType { name } } }';
    const prod = await createTestApp(engine, { NODE_ENV: 'production' });
    try {
      const res = await prod.gql(introspect);
      expect(res.status).toBe(400);
      expect(res.errors?.[0]?.extensions.code).toBe('GRAPHQL_VALIDATION');
      expect(res.errors?.[0]?.message).toMatch(/introspection has been disabled/);
      expect((await prod.gql('{ me { __typename username } }')).data.me.username).toBe('admin');
      expect((await prod.app.inject({ method: 'GET', url: '/graphiql' })).statusCode).toBe(404);
    } finally {
      await prod.close();
    }
    const allowed = await createTestApp(engine, { NODE_ENV: 'production', GRAPHQL_INTROSPECTION: '1', GRAPHQL_RESPONSE_LIMIT: '2048' });
    try {
      expect((await allowed.gql(introspect)).data.__schema.queryType.name).toBe('Query');
      // The response cap: an answer over 2 KB is refused with its own code.
      const big = await allowed.gql('{ definitions { key schema } }');
      expect(big.status).toBe(400);
      expect(big.errors?.[0]?.extensions.code).toBe('RESPONSE_TOO_LARGE');
      expect(big.errors?.[0]?.message).toMatch(/2 KB/);
    } finally {
      await allowed.close();
    }
    expect(() => loadConfig({ GRAPHQL_INTROSPECTION: 'yes please' })).toThrow(/GRAPHQL_INTROSPECTION/);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback' }).trustProxy).toEqual(['10.0.0.0/8', 'loopback']);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
  });

  it('TRUST_PROXY trusts only the configured hops: a spoofed left-most X-Forwarded-For changes nothing', async () => {
    const ipOfFailedLogin = async (app: TestApp, headers: Record<string, string>, remoteAddress = '127.0.0.1') => {
      await app.app.inject({ method: 'POST', url: '/auth/login', remoteAddress, headers, payload: { username: 'admin', password: 'wrong-password' } });
      const row = await app.services.db.selectFrom('audit_event').select('ip').where('action', '=', 'auth.login_failed').orderBy('id', 'desc').executeTakeFirstOrThrow();
      return row.ip;
    };
    const hops = await createTestApp(engine, { TRUST_PROXY: '1' });
    try {
      // One proxy in front: it appended the real client (203.0.113.7) to what the client wrote.
      expect(await ipOfFailedLogin(hops, { 'x-forwarded-for': '6.6.6.6, 203.0.113.7' })).toBe('203.0.113.7');
      expect(await ipOfFailedLogin(hops, { 'x-forwarded-for': '203.0.113.8' })).toBe('203.0.113.8');
      const hsts = await hops.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
      expect(hsts.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
    } finally {
      await hops.close();
    }
    const listed = await createTestApp(engine, { TRUST_PROXY: '10.0.0.0/8' });
    try {
      expect(await ipOfFailedLogin(listed, { 'x-forwarded-for': '6.6.6.6, 203.0.113.9' }, '10.1.2.3')).toBe('203.0.113.9');
      // Not from a listed proxy: the header is ignored.
      expect(await ipOfFailedLogin(listed, { 'x-forwarded-for': '6.6.6.6' }, '198.51.100.1')).toBe('198.51.100.1');
      // Through two proxies where only one is listed, the unlisted one is the client.
      expect(await ipOfFailedLogin(listed, { 'x-forwarded-for': '6.6.6.6, 198.51.100.2' }, '10.1.2.3')).toBe('198.51.100.2');
    } finally {
      await listed.close();
    }
  });
});
