// Bad input that used to answer INTERNAL/500 (or a 200 that then broke off) answers BAD_INPUT or a
// specific code with the path (issue 8): NUL and lone surrogates in any text, out-of-range integers
// and cursors, dates that do not exist, submissions to non-forms, retired forms. On every engine.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { problemFromDatabaseError } from '../../server/http/database-errors';
import { problemCatalog } from '../../server/core/problems';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { simpleForm, validAnswer } from '../fixtures/simple-form';

const engines = await testEngines();
afterAll(closeSharedPglite);

const SUBMIT = 'mutation($i: SubmitInput!) { submit(input: $i) { id } }';
const CREATE_USER = 'mutation($i: CreateUserInput!) { createUser(input: $i) { username } }';

describe.each(engines)('bad input on %s', (engine) => {
  let t: TestApp;
  const submit = (data: unknown, extra: Record<string, unknown> = {}) => t.gql(SUBMIT, { i: { id: randomUUID(), definitionKey: 'test-form', definitionVersion: 1, data, ...extra } });
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${t.token}` } });
  const problem = (res: { errors?: Array<{ extensions: { code: string; errors?: Array<{ path: string }> } }> }) => ({
    code: res.errors?.[0]?.extensions.code,
    paths: res.errors?.[0]?.extensions.errors?.map((e) => e.path),
  });
  const count = async () => Number((await t.services.db.selectFrom('submission').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeEach(async () => {
    t = await createTestApp(engine);
    await t.gql('mutation($s: JSON!) { saveDraft(key: "test-form", schema: $s) { version } }', { s: simpleForm });
    await t.gql('mutation { publish(key: "test-form") { version } }');
  });
  afterEach(async () => t.close());

  it('refuses a NUL character or a lone surrogate in any text, with its path', async () => {
    expect(problem(await submit({ ...validAnswer, name: 'So\u0000k' }))).toEqual({ code: 'BAD_INPUT', paths: ['variables.i.data.name'] });
    expect(problem(await submit({ ...validAnswer, name: 'So\uD800k' }))).toEqual({ code: 'BAD_INPUT', paths: ['variables.i.data.name'] });
    expect(problem(await submit({ ...validAnswer, items: [{ label: 'a\uDC00', count: 1 }] }))).toEqual({ code: 'BAD_INPUT', paths: ['variables.i.data.items.0.label'] });
    // A well-formed pair (an emoji) and Khmer are fine.
    expect((await submit({ ...validAnswer, name: 'សុខ 😀' })).errors).toBeUndefined();
    const user = (username: string, displayName = 'v') => ({ i: { username, displayName, password: 'password-123', grants: [{ role: 'viewer', scope: '01' }] } });
    expect(problem(await t.gql(CREATE_USER, user('nul\u0000user')))).toEqual({ code: 'BAD_INPUT', paths: ['variables.i.username'] });
    expect(problem(await t.gql(CREATE_USER, user('ok-user', 'Bad \uD83D name')))).toEqual({ code: 'BAD_INPUT', paths: ['variables.i.displayName'] });
    // In a string literal of the query itself (graphql decodes \u0000).
    const literal = await t.gql(`mutation { createUser(input: { username: "x\\u0000y", displayName: "v", grants: [{ role: "viewer", scope: "01" }] }) { username } }`);
    expect(literal.status).toBe(400);
    expect(literal.errors?.[0]?.extensions.code).toBe('BAD_INPUT');
    // REST bodies and query strings go through the same check.
    const login = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'ad\u0000min', password: 'x' } });
    expect(login.statusCode).toBe(400);
    expect(login.json()).toMatchObject({ code: 'BAD_INPUT', errors: [{ path: 'username' }] });
    const query = await get('/export/test-form.csv?geo=%00');
    expect(query.statusCode).toBe(400);
    expect(query.json()).toMatchObject({ code: 'BAD_INPUT', errors: [{ path: 'query.geo' }] });
    expect(await count()).toBe(1);
    const users = await t.services.db.selectFrom('app_user').select('username').execute();
    expect(users.map((u) => u.username)).toEqual(['admin']);
  });

  it('maps values PostgreSQL refuses to BAD_INPUT as a safety net', async () => {
    for (const statement of [sql`select cast('2026-02-31' as date)`, sql`select cast('99999999999' as integer)`, sql`select cast(${'{"a":"\\u0000"}'} as jsonb)`]) {
      const error = await statement.execute(t.services.db).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).not.toBeNull();
      expect(problemFromDatabaseError(error)?.code).toBe('BAD_INPUT');
    }
    expect(problemFromDatabaseError(new Error('boom'))).toBeNull();
  });

  it('checks list and audit parameters before querying: cursors in bigint range, real dates, int4 versions', async () => {
    const list = (args: string) => t.gql(`{ submissions(definitionKey: "test-form"${args}) { totalCount } }`);
    expect(problem(await list(', after: "9999999999999999999"'))).toEqual({ code: 'BAD_INPUT', paths: ['after'] });
    expect((await list(', after: "9223372036854775807"')).errors).toBeUndefined();
    expect(problem(await list(', filter: { from: "2026-02-31" }'))).toEqual({ code: 'BAD_INPUT', paths: ['filter.from'] });
    expect(problem(await list(', filter: { to: "2026-13-01" }'))).toEqual({ code: 'BAD_INPUT', paths: ['filter.to'] });
    expect((await list(', filter: { from: "2028-02-29" }')).errors).toBeUndefined();
    const audit = (args: string) => t.gql(`{ auditLog(${args}) { edges { cursor } } }`);
    expect(problem(await audit('after: "9999999999999999999"'))).toEqual({ code: 'BAD_INPUT', paths: ['after'] });
    expect(problem(await audit('filter: { from: "2026-02-31" }'))).toEqual({ code: 'BAD_INPUT', paths: ['filter.from'] });
    expect((await audit('filter: { from: "2026-02-28", to: "2026-03-01T10:00:00Z" }')).errors).toBeUndefined();
  });

  it('refuses bad export parameters with a JSON problem before the file starts', async () => {
    await submit(validAnswer);
    for (const [url, path] of [
      ['/export/test-form.xlsx?version=99999999999', 'version'],
      ['/export/test-form.csv?version=1.5', 'version'],
      ['/export/test-form.csv?from=2026-02-31', 'filter.from'],
      ['/export/test-form.xlsx?to=2026-02-30', 'filter.to'],
    ] as const) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type'], url).toContain('application/json');
      expect(res.json(), url).toMatchObject({ code: 'BAD_INPUT', errors: [{ path }] });
    }
    expect((await get('/export/test-form.csv?from=2026-02-28')).statusCode).toBe(200);
  });

  it('answers NOT_FOUND for a submission or an export of an indicator, FORM_RETIRED for a retired form', async () => {
    const toIndicator = await t.gql(SUBMIT, { i: { id: randomUUID(), definitionKey: 'jaap-actions-progress', definitionVersion: 1, data: {} } });
    expect(problem(toIndicator)).toEqual({ code: 'NOT_FOUND', paths: ['definitionKey'] });
    expect((await get('/export/jaap-actions-progress.csv')).statusCode).toBe(404);
    await t.gql('mutation { retire(key: "test-form") { status } }');
    const retired = await submit(validAnswer);
    expect(retired.errors?.[0]?.extensions.code).toBe('FORM_RETIRED');
    expect(retired.errors?.[0]?.message).toContain('retired');
    expect((retired.errors?.[0]?.extensions as { messageKm?: string }).messageKm).toMatch(/[\u1780-\u17FF]/);
    expect(problemCatalog.FORM_RETIRED.km).toMatch(/[\u1780-\u17FF]/);
    expect(problemCatalog.SUBMISSION_ID_TAKEN.km).toMatch(/[\u1780-\u17FF]/);
    expect(await count()).toBe(0);
  });
});
