// The HTTP edge on every engine: health, sign-in, cookies and bearer tokens, CSRF, bad bodies.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';

const engines = await testEngines();
afterAll(closeSharedPglite);

describe.each(engines)('HTTP edge on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
  });
  afterEach(async () => t.close());

  it('reports health as ok when the database is migrated', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('signs in with a session cookie (httpOnly, SameSite=Lax) and a token; refuses wrong passwords', async () => {
    const ok = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().token).toMatch(/^[a-z2-7]{32}$/);
    const cookie = String(ok.headers['set-cookie']);
    expect(cookie).toMatch(/sa_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);

    const me = await t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { cookie: cookie.split(';')[0]!, 'content-type': 'application/json' },
      payload: JSON.stringify({ query: '{ me { username locale grants { role scope } } }' }),
    });
    expect(me.json().data.me).toEqual({ username: 'admin', locale: 'km', grants: [{ role: 'system_admin', scope: '' }] });

    const bad = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: 'wrong-password' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().code).toBe('INVALID_CREDENTIALS');
    const unknown = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'nobody', password: 'x' } });
    expect(unknown.statusCode).toBe(401);
    const audit = await t.services.db.selectFrom('audit_event').select('action').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['auth.login', 'auth.login', 'auth.login_failed', 'auth.login_failed']);
  });

  it('logs out: the token stops working', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/auth/logout', headers: { authorization: `Bearer ${t.token}` } });
    expect(res.statusCode).toBe(200);
    expect((await t.gql('{ me { username } }')).data.me).toBeNull();
  });

  it('answers malformed JSON, missing fields and oversized bodies with stable codes and no internals', async () => {
    const malformed = await t.app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username": ' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('BAD_INPUT');
    expect(malformed.body).not.toMatch(/at \w+ \(|node_modules|SELECT|INSERT/i);
    const missing = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'admin' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].path).toBe('password');
    const big = await t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ query: '{ me { username } }', variables: { pad: 'x'.repeat(1_100_000) } }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    const bigLogin = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: 'x'.repeat(1_100_000) } });
    expect(bigLogin.statusCode).toBe(413);
    expect(bigLogin.json().code).toBe('PAYLOAD_TOO_LARGE');
    const gqlSyntax = await t.gql('{ definitions { key ');
    expect(gqlSyntax.status).toBe(400);
    expect(gqlSyntax.errors?.[0]?.extensions.code).toBe('BAD_INPUT');
    // And the server keeps serving.
    expect((await t.gql('{ me { username } }')).data.me.username).toBe('admin');
  });

  it('refuses cross-site and non-JSON state changes made with the cookie (CSRF)', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const body = JSON.stringify({ query: 'mutation { setLocale(locale: "en") }' });
    const form = await t.app.inject({ method: 'POST', url: '/graphql', headers: { cookie, 'content-type': 'text/plain' }, payload: body });
    expect(form.statusCode).toBe(415);
    expect(form.json().errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const crossSite = await t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { cookie, 'content-type': 'application/json', origin: 'https://evil.example', host: 'localhost:3000' },
      payload: body,
    });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().errors[0].extensions.code).toBe('FORBIDDEN');
    const sameSite = await t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { cookie, 'content-type': 'application/json', origin: 'http://localhost:3000', host: 'localhost:3000' },
      payload: body,
    });
    expect(sameSite.json().data.setLocale).toBe(true);
  });

  it('sends security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  });
});
