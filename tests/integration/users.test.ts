// Delegated user administration, geographic scope, password resets, sessions, throttling and audit.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import type { I4CSessionV1 } from '../../definitions/types/index';

const engines = await testEngines();
afterAll(closeSharedPglite);

const CREATE = 'mutation($i: CreateUserInput!) { createUser(input: $i) { username mustChangePassword temporaryPassword grants { role scope } } }';
const I4C = (village: string): I4CSessionV1 => ({ village, date: '2026-02-01', facilitators: 'Sok', participants: { total: 10, female: 6, youth: 2, disability: 1, ethnic_minority: 0, id_poor: 3 }, topics: ['service_standards'], materials_distributed: 5 });
const SUBMIT = 'mutation($i: SubmitInput!) { submit(input: $i) { id } }';

describe.each(engines)('users and areas on %s', (engine) => {
  let t: TestApp;
  const create = (input: Record<string, unknown>, as?: string) => t.gql(CREATE, { i: { password: 'kampot-pepper-field-7', mustChangePassword: false, ...input } }, as);
  const submitI4c = (village: string, as: string) => t.gql(SUBMIT, { i: { id: randomUUID(), definitionKey: 'i4c-session', definitionVersion: 1, data: I4C(village) } }, as);

  beforeEach(async () => {
    t = await createTestApp(engine);
  });
  afterEach(async () => t.close());

  it('lets a provincial officer of Kampong Thom create a facilitator there, and each sees only their area', async () => {
    const po = await create({ username: 'kt.officer', displayName: 'Kampong Thom officer', grants: [{ role: 'provincial_officer', scope: '06' }] });
    expect(po.data.createUser.grants).toEqual([{ role: 'provincial_officer', scope: '06' }]);
    const poToken = await login(t.app, 'kt.officer', 'kampot-pepper-field-7');

    const fac = await create({ username: 'fac.baksna', displayName: 'Facilitator', grants: [{ role: 'facilitator', scope: '060101' }] }, poToken);
    expect(fac.errors).toBeUndefined();
    expect((await create({ username: 'pp.fac', displayName: 'x', grants: [{ role: 'facilitator', scope: '12' }] }, poToken)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await create({ username: 'boss', displayName: 'x', grants: [{ role: 'national_officer', scope: '06' }] }, poToken)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await create({ username: 'nat', displayName: 'x', grants: [{ role: 'provincial_officer', scope: '' }] }, poToken)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');

    const facToken = await login(t.app, 'fac.baksna', 'kampot-pepper-field-7');
    expect((await submitI4c('06010101', facToken)).errors).toBeUndefined();
    expect((await submitI4c('06020101', facToken)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await submitI4c('12010101', t.token)).errors).toBeUndefined();

    const LIST = '{ submissions(definitionKey: "i4c-session") { totalCount edges { node { geoCode } } } }';
    expect((await t.gql(LIST)).data.submissions.totalCount).toBe(2);
    expect((await t.gql(LIST, {}, poToken)).data.submissions.edges.map((e: any) => e.node.geoCode)).toEqual(['06010101']);
    expect((await t.gql(LIST, {}, facToken)).data.submissions.totalCount).toBe(1);
    const COUNT = '{ definition(key: "i4c-session") { submissionCount } }';
    expect((await t.gql(COUNT)).data.definition.submissionCount).toBe(2);
    expect((await t.gql(COUNT, {}, poToken)).data.definition.submissionCount).toBe(1);
    const csv = await t.app.inject({ method: 'GET', url: '/export/i4c-session.csv?headers=keys', headers: { authorization: `Bearer ${poToken}` } });
    expect(csv.body.trim().split('\r\n')).toHaveLength(2);
    expect(csv.body).not.toContain('12010101');

    expect((await t.gql('{ users { username } }', {}, poToken)).data.users.map((u: any) => u.username)).toEqual(['fac.baksna', 'kt.officer']);
    expect((await t.gql('{ users { username } }', {}, facToken)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await t.gql('mutation { disableUser(username: "admin") { username } }', {}, poToken)).errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('invites with a temporary password that must be changed at first sign-in', async () => {
    const res = await t.gql(CREATE, { i: { username: 'newbie', displayName: 'New', grants: [{ role: 'viewer', scope: '06' }] } });
    const temp = res.data.createUser.temporaryPassword;
    expect(temp).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(res.data.createUser.mustChangePassword).toBe(true);
    const token = await login(t.app, 'newbie', temp);
    expect((await t.gql('{ me { mustChangePassword } }', {}, token)).data.me.mustChangePassword).toBe(true);
    expect((await t.gql('{ definitions { key } }', {}, token)).errors?.[0]?.extensions.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const wrong = await t.gql('mutation { changePassword(currentPassword: "nope", newPassword: "brand-new-pass") }', {}, token);
    expect(wrong.errors?.[0]?.extensions.errors?.[0]?.path).toBe('currentPassword');
    const short = await t.gql(`mutation { changePassword(currentPassword: "${temp}", newPassword: "short") }`, {}, token);
    expect(short.errors?.[0]?.extensions.errors?.[0]?.path).toBe('newPassword');
    expect((await t.gql(`mutation { changePassword(currentPassword: "${temp}", newPassword: "brand-new-pass") }`, {}, token)).data.changePassword).toBe(true);
    expect((await t.gql('{ definitions { key } }', {}, token)).data.definitions.length).toBeGreaterThan(5);
  });

  it('resets passwords, disables users and ends sessions when privileges change', async () => {
    await create({ username: 'dara', displayName: 'Dara', grants: [{ role: 'facilitator', scope: '0601' }] });
    const token = await login(t.app, 'dara', 'kampot-pepper-field-7');
    await t.gql('mutation { updateUser(username: "dara", input: { grants: [{ role: "reviewer", scope: "06" }] }) { username } }');
    expect((await t.gql('{ me { username } }', {}, token)).data.me).toBeNull();
    const token2 = await login(t.app, 'dara', 'kampot-pepper-field-7');
    expect((await t.gql('{ me { grants { role scope } } }', {}, token2)).data.me.grants).toEqual([{ role: 'reviewer', scope: '06' }]);

    const temp = (await t.gql('mutation { resetPassword(username: "dara") }')).data.resetPassword;
    expect((await t.gql('{ me { username } }', {}, token2)).data.me).toBeNull();
    const afterReset = await login(t.app, 'dara', temp);
    expect((await t.gql('{ me { mustChangePassword } }', {}, afterReset)).data.me.mustChangePassword).toBe(true);

    await t.gql('mutation { disableUser(username: "dara") { disabled } }');
    expect((await t.gql('{ me { username } }', {}, afterReset)).data.me).toBeNull();
    const refused = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'dara', password: temp } });
    expect(refused.statusCode).toBe(401);
    expect((await t.gql('mutation { disableUser(username: "admin") { disabled } }')).errors?.[0]?.extensions.code).toBe('BAD_INPUT');
    const dup = await create({ username: 'DARA', displayName: 'again', grants: [{ role: 'viewer', scope: '' }] });
    expect(dup.errors?.[0]?.extensions.code).toBe('CONFLICT');
    const badRole = await create({ username: 'x1x', displayName: 'x', grants: [{ role: 'king', scope: '' }] });
    expect(badRole.errors?.[0]?.extensions.errors?.[0]?.path).toBe('grants.0.role');
  });

  it('lists and revokes one’s own sessions', async () => {
    const other = await login(t.app, 'admin', 'test-admin-password');
    const sessions = (await t.gql('{ mySessions { id current } }')).data.mySessions;
    expect(sessions).toHaveLength(2);
    const otherSession = sessions.find((s: any) => !s.current);
    expect((await t.gql('mutation($id: ID!) { revokeSession(id: $id) }', { id: otherSession.id })).data.revokeSession).toBe(true);
    expect((await t.gql('{ me { username } }', {}, other)).data.me).toBeNull();
    expect((await t.gql('{ me { username } }')).data.me.username).toBe('admin');
  });

  it('throttles repeated failed sign-ins with 429 and Retry-After', async () => {
    await create({ username: 'target', displayName: 'T', grants: [{ role: 'viewer', scope: '' }] });
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'target', password: 'wrong-guess' } });
      expect(res.statusCode).toBe(401);
    }
    const locked = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'target', password: 'kampot-pepper-field-7' } });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('RATE_LIMITED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
  });

  it('records sign-ins, permission, definition and data changes in a searchable audit log', async () => {
    await create({ username: 'audited', displayName: 'A', grants: [{ role: 'viewer', scope: '' }] });
    await t.gql('mutation { updateUser(username: "audited", input: { grants: [{ role: "reviewer", scope: "" }] }) { username } }');
    await t.gql('mutation { newDraft(key: "jaap") { version } }');
    await submitI4c('12010101', t.token);
    const all = (await t.gql('{ auditLog(first: 100) { edges { node { action actor entity entityId before after } } } }')).data.auditLog.edges.map((e: any) => e.node);
    expect(all.map((e: any) => e.action)).toEqual(expect.arrayContaining(['auth.login', 'user.create', 'user.permissions', 'definition.save_draft', 'submission.create']));
    const perm = all.find((e: any) => e.action === 'user.permissions');
    expect(perm.before.grants).toEqual([{ role: 'viewer', geoCode: '' }]);
    expect(perm.after.grants).toEqual([{ role: 'reviewer', geoCode: '' }]);
    const filtered = await t.gql('{ auditLog(filter: { action: "user." }) { edges { node { action } } } }');
    expect(filtered.data.auditLog.edges.map((e: any) => e.node.action).sort()).toEqual(['user.create', 'user.permissions']);
    const viewer = await login(t.app, 'audited', 'kampot-pepper-field-7');
    expect((await t.gql('{ auditLog { edges { cursor } } }', {}, viewer)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});
