// Every non-GraphQL route authorizes before it reads a body: the app records each route's declaration
// (authorizeFirst or PUBLIC_ROUTE), this test fails for a route that declares neither, and sends every
// protected route, without credentials, bodies that would be expensive or impossible to parse (larger
// than any limit, malformed JSON, a broken XLSX), expecting 401 UNAUTHENTICATED and nothing else.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { routeAccessOf } from '../../server/http/authorize-first';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { userWith } from './geo-helpers';

const engines = await testEngines();
afterAll(closeSharedPglite);

/** Routes anyone may call, each with its reason. HEAD follows GET. */
const PUBLIC: Record<string, string> = {
  'GET /healthz': 'load balancers',
  'POST /auth/login': 'signing in',
  'GET /reports/assets/report.css': 'static asset of the printable report',
  'GET /reports/assets/print.js': 'static asset of the printable report',
  'GET /reports/assets/font-:subset-:weight.woff2': 'static asset of the printable report',
  'GET /reports/assets/pages-km.css': 'static asset of the printable report (page numbers in Khmer)',
  'GET /reports/assets/pages-en.css': 'static asset of the printable report (page numbers)',
  'GET /reports/assets/logo.svg': 'the printable report\'s shipped default logo',
  'GET /help-images/:sha256': 'images of published help pages, which are public (decision 169)',
  'GET /audio-prompts/:sha256': 'recorded questions, addressed by their hash, kept by the offline app (decision 295)',
  'GET /metrics': 'Prometheus scrapes: its own METRICS_TOKEN check, 404 without one (decision 215)',
};
/** GraphQL (mercurius's /graphql and GraphiQL's static files) authorizes in its resolvers and its own pre-parse hook. */
const isGraphql = (key: string) => /^(GET|POST) \/graph(ql|iql)(\/|$)/.test(key);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function concrete(url: string): string {
  return url.replace(':file', 'test-form.csv').replace(/:[a-z]+/gi, 'x').replace('*', 'x');
}

describe.each(engines)('route access on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
  });
  afterEach(async () => t.close());

  const routes = () => routeAccessOf(t.app).map((r) => ({ ...r, key: `${r.method === 'HEAD' ? 'GET' : r.method} ${r.url}` }));

  it('every route is protected by authorizeFirst or listed as public', () => {
    const all = routes();
    expect(all.length).toBeGreaterThan(10);
    const wrong = all.filter((r) => !isGraphql(r.key) && (r.access === 'public' ? !(r.key in PUBLIC) : r.access !== 'protected'));
    expect(wrong.map((r) => `${r.method} ${r.url}: ${r.access}`)).toEqual([]);
    const publicNow = new Set(all.filter((r) => r.access === 'public').map((r) => r.key));
    expect([...publicNow].sort()).toEqual(Object.keys(PUBLIC).sort());
    // The upload and export routes this file exists for are among the protected ones.
    const protectedKeys = all.filter((r) => r.access === 'protected').map((r) => r.key);
    expect(protectedKeys).toEqual(expect.arrayContaining(['POST /admin/providers/import', 'POST /admin/geo/import', 'GET /admin/geo/import/:id', 'POST /auth/logout', 'GET /export/:file', 'POST /export/:file/jobs', 'GET /export/jobs/:id', 'GET /export/jobs/:id/file', 'GET /export/indicator/:file', 'GET /reports/progress', 'GET /reports/progress.json', 'POST /api/reports/logo']));
  });

  it('answers 401 UNAUTHENTICATED to every protected route before reading an expensive or malformed body', async () => {
    const huge = `{"broken": "${'x'.repeat(t.services.config.bodyLimit + 1024)}`;
    const brokenXlsx = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64 * 1024, 7)]);
    const bodies = [
      { headers: { 'content-type': 'application/json' }, payload: huge },
      { headers: { 'content-type': 'application/json' }, payload: '{"unclosed": ' },
      { headers: { 'content-type': XLSX }, payload: brokenXlsx },
      { headers: { 'content-type': 'text/csv', authorization: 'Bearer not-a-session' }, payload: huge },
      { headers: { 'content-type': 'text/csv', cookie: 'sa_session=expired-or-forged' }, payload: huge },
    ];
    const protectedRoutes = routes().filter((r) => r.access === 'protected');
    const answers: string[] = [];
    for (const route of protectedRoutes) {
      for (const [i, body] of bodies.entries()) {
        const res = await t.app.inject({ method: route.method as 'GET', url: concrete(route.url), ...body });
        // The OData feeds answer OData's error shape ({error: {code}}), the rest the REST problem shape.
        const answer = route.method === 'HEAD' ? null : (res.json() as { code?: string; error?: { code?: string } });
        const code = answer === null ? 'UNAUTHENTICATED' : (answer.code ?? answer.error?.code);
        answers.push(`${route.method} ${route.url} #${i}: ${res.statusCode} ${code}`);
      }
    }
    expect(answers).toEqual(protectedRoutes.flatMap((r) => bodies.map((_b, i) => `${r.method} ${r.url} #${i}: 401 UNAUTHENTICATED`)));
  });

  it('answers 403 FORBIDDEN to a signed-in caller without the permission, before reading the body', async () => {
    const viewer = await userWith(t, 'viewer', 'viewer', '01');
    const huge = `{"broken": "${'x'.repeat(t.services.config.bodyLimit + 1024)}`;
    for (const url of ['/admin/providers/import', '/admin/geo/import']) {
      const res = await t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${viewer}`, 'content-type': 'application/json' }, payload: huge });
      expect([url, res.statusCode, res.json().code]).toEqual([url, 403, 'FORBIDDEN']);
    }
    const exportRes = await t.app.inject({ method: 'GET', url: '/export/test-form.csv', headers: { authorization: `Bearer ${viewer}` } });
    expect(exportRes.json().code).toBe('FORBIDDEN');
  });
});
