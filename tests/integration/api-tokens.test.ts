// API tokens on every engine: made once (only the hash stored), used as Bearer on GraphQL and the CSV
// export, a read token never writes, revoking, expiry and disabling the owner stop it at once, use is
// recorded (at most every five minutes), and only owners and system administrators manage them.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { userWith } from './geo-helpers';

const engines = await testEngines();
afterAll(closeSharedPglite);

const CREATE = 'mutation($i: ApiTokenInput!) { createApiToken(input: $i) { token apiToken { id name scope owner state lastUsedAt } } }';
const LIST = 'query($all: Boolean) { apiTokens(all: $all) { id name owner state lastUsedAt } }';
const I4C = { village: '06010101', date: '2026-02-01', facilitators: 'Sok', participants: { total: 10, female: 6, youth: 2, disability: 1, ethnic_minority: 0, id_poor: 3 }, topics: ['service_standards'], materials_distributed: 5 };
const SUBMIT = 'mutation($i: SubmitInput!) { submit(input: $i) { id } }';

describe.each(engines)('API tokens on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
  });
  afterEach(async () => t.close());

  const make = async (i: Record<string, unknown>, as?: string) => (await t.gql(CREATE, { i }, as)).data?.createApiToken;

  it('makes a token shown once, stores only its hash, and lets it read but never write', async () => {
    const made = await make({ name: 'Power BI', scope: 'read', expiresInDays: 90 });
    expect(made.token).toMatch(/^sat_[a-z2-7]{32}$/);
    expect(made.apiToken).toMatchObject({ name: 'Power BI', scope: 'read', owner: 'admin', state: 'active', lastUsedAt: null });
    const stored = await t.services.db.selectFrom('api_token').select('id').execute();
    expect(stored).toEqual([{ id: createHash('sha256').update(made.token).digest('hex') }]);
    expect(made.apiToken.id).toBe(stored[0]!.id);

    const read = await t.gql('{ definitions { key } }', {}, made.token);
    expect(read.data.definitions.length).toBeGreaterThan(5);
    const csv = await t.app.inject({ method: 'GET', url: '/export/jaap.csv', headers: { authorization: `Bearer ${made.token}` } });
    expect(csv.statusCode).toBe(200);
    const write = await t.gql(SUBMIT, { i: { id: crypto.randomUUID(), definitionKey: 'i4c-session', definitionVersion: 1, data: I4C } }, made.token);
    expect(write.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await make({ name: 'child', scope: 'read', expiresInDays: 1 }, made.token)) ?? null).toBeNull(); // a token makes no tokens
    // Use is recorded once however many requests (at most every five minutes).
    const uses = await t.services.db.selectFrom('audit_event').select(['action', 'actor_name']).where('action', 'like', 'api_token.%').orderBy('id').execute();
    expect(uses).toEqual([{ action: 'api_token.create', actor_name: 'admin' }, { action: 'api_token.use', actor_name: 'admin' }]);
    expect((await t.gql(LIST)).data.apiTokens[0].lastUsedAt).not.toBeNull();
  });

  it('lets a read_write token submit as its owner', async () => {
    const made = await make({ name: 'ETL', scope: 'read_write', expiresInDays: 30 });
    const res = await t.gql(SUBMIT, { i: { id: crypto.randomUUID(), definitionKey: 'i4c-session', definitionVersion: 1, data: I4C } }, made.token);
    expect(res.errors).toBeUndefined();
    const row = await t.services.db.selectFrom('submission').innerJoin('app_user', 'app_user.id', 'submission.submitted_by').select('app_user.username').where('submission.id', '=', res.data.submit.id).executeTakeFirstOrThrow();
    expect(row.username).toBe('admin');
  });

  it('stops at once when revoked, expired, or its owner is disabled', async () => {
    const a = await make({ name: 'a', scope: 'read', expiresInDays: 30 });
    expect((await t.gql('{ definitions { key } }', {}, a.token)).errors).toBeUndefined();
    const revoked = await t.gql('mutation($id: ID!) { revokeApiToken(id: $id) { state revokedAt } }', { id: a.apiToken.id });
    expect(revoked.data.revokeApiToken.state).toBe('revoked');
    expect((await t.gql('{ definitions { key } }', {}, a.token)).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');

    const b = await make({ name: 'b', scope: 'read', expiresInDays: 1 });
    await sql`update api_token set expires_at = now() - interval '1 second' where id = ${b.apiToken.id}`.execute(t.services.db);
    expect((await t.gql('{ definitions { key } }', {}, b.token)).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect((await t.gql(LIST)).data.apiTokens.map((x: any) => [x.name, x.state])).toEqual([['b', 'expired'], ['a', 'revoked']]);

    const officer = await userWith(t, 'dara', 'provincial_officer', '01');
    const c = await make({ name: 'c', scope: 'read', expiresInDays: 5 }, officer);
    expect((await t.gql('{ definitions { key } }', {}, c.token)).errors).toBeUndefined();
    await t.gql('mutation { disableUser(username: "dara") { disabled } }');
    expect((await t.gql('{ definitions { key } }', {}, c.token)).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('shows owners their own tokens; only system administrators see and revoke everyone’s', async () => {
    const officer = await userWith(t, 'sophea', 'provincial_officer', '01');
    const mine = await make({ name: 'officer', scope: 'read', expiresInDays: 5 }, officer);
    const admins = await make({ name: 'admin', scope: 'read', expiresInDays: 5 });
    expect((await t.gql(LIST, {}, officer)).data.apiTokens.map((x: any) => x.name)).toEqual(['officer']);
    expect((await t.gql(LIST, { all: true }, officer)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await t.gql(LIST, { all: true })).data.apiTokens.map((x: any) => `${x.owner}:${x.name}`)).toEqual(['admin:admin', 'sophea:officer']);
    const other = await t.gql('mutation($id: ID!) { revokeApiToken(id: $id) { state } }', { id: admins.apiToken.id }, officer);
    expect(other.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const byAdmin = await t.gql('mutation($id: ID!) { revokeApiToken(id: $id) { state } }', { id: mine.apiToken.id });
    expect(byAdmin.data.revokeApiToken.state).toBe('revoked');
  });

  it('answers BAD_INPUT with every wrong field, and stores nothing', async () => {
    const res = await t.gql(CREATE, { i: { name: ' ', scope: 'read', expiresInDays: 0 } });
    expect(res.errors?.[0]?.extensions.code).toBe('BAD_INPUT');
    expect(res.errors?.[0]?.extensions.errors?.map((e) => `${e.path}:${e.keyword}`)).toEqual(['name:length', 'expiresInDays:range']);
    expect(await t.services.db.selectFrom('api_token').select('id').execute()).toEqual([]);
    const wrongScope = await t.gql(CREATE, { i: { name: 'x', scope: 'admin', expiresInDays: 5 } });
    expect(wrongScope.errors?.[0]?.extensions.code).toBe('BAD_INPUT');
  });

  it('refuses every mutation to a read token, also those that need no permission', async () => {
    const made = await make({ name: 'BI', scope: 'read', expiresInDays: 5 });
    const before = await t.services.db.selectFrom('app_user').select('training_mode').where('username', '=', 'admin').executeTakeFirstOrThrow();
    for (const mutation of ['mutation { setTrainingMode(on: true) }', 'mutation { removeTrainingData }']) {
      const res = await t.gql(mutation, {}, made.token);
      expect([mutation, res.errors?.[0]?.extensions.code]).toEqual([mutation, 'FORBIDDEN']);
    }
    const after = await t.services.db.selectFrom('app_user').select('training_mode').where('username', '=', 'admin').executeTakeFirstOrThrow();
    expect(after.training_mode).toBe(before.training_mode);
    expect((await t.gql('{ definitions { key } }', {}, made.token)).errors).toBeUndefined();
    const rw = await make({ name: 'ETL', scope: 'read_write', expiresInDays: 5 });
    expect((await t.gql('mutation { setTrainingMode(on: false) }', {}, rw.token)).errors).toBeUndefined();
  });
});
