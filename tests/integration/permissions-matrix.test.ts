// Every role × every operation × inside / outside the user's area, through the HTTP API, checked
// against the same table that generates docs/permissions.md (and that the doc is current).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { matrix, roles, type Action, type Role } from '../../server/auth/permissions';
import { renderPermissionsDoc } from '../../server/auth/permissions-doc';
import { createTestApp, login, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import type { I4CSessionV1 } from '../../definitions/types/index';

const engines = await testEngines();
afterAll(closeSharedPglite);

const INSIDE = '06010101'; // a village in Kampong Thom; every tested grant is at province 06
const OUTSIDE = '12010101'; // Phnom Penh
const i4c = (village: string, n = 10): I4CSessionV1 => ({ village, date: '2026-02-01', facilitators: 'Sok', participants: { total: n, female: 6, youth: 2, disability: 1, ethnic_minority: 0, id_poor: 3 }, topics: ['service_standards'], materials_distributed: 5 });
const SUBMIT = 'mutation($i: SubmitInput!) { submit(input: $i) { id } }';
const UPDATE = 'mutation($id: ID!, $d: JSON!) { updateSubmission(id: $id, data: $d) { id } }';
const REVIEW = 'mutation($id: ID!, $s: ReviewState!) { reviewSubmission(id: $id, state: $s) { id } }';
const BULK = 'mutation($ids: [ID!]!, $s: ReviewState!) { reviewSubmissions(ids: $ids, state: $s) { changed unchanged refused { id code } } }';
const COMMENT = 'mutation($id: ID!, $b: String!) { commentSubmission(id: $id, body: $b) { id } }';
const COMMENTS = 'query($id: ID!) { submissionComments(id: $id) { id } }';
const HISTORY = 'query($id: ID!) { submissionHistory(id: $id) { action } }';
const UNLOCK = 'mutation($id: ID!, $r: String!) { requestUnlock(id: $id, reason: $r) { id } }';
const DECIDE = 'mutation($id: ID!, $g: Boolean!) { decideUnlock(id: $id, grant: $g) { reviewState } }';

const reach = (role: Role, action: Action) => matrix[role][action];
const code = (res: { errors?: Array<{ extensions: { code: string } }> }) => res.errors?.[0]?.extensions.code ?? 'OK';

it('docs/permissions.md is generated from the enforced table', () => {
  expect(readFileSync('docs/permissions.md', 'utf8')).toBe(renderPermissionsDoc());
});

describe.each(engines)('permission matrix on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
  });
  afterEach(async () => t.close());

  it.each(roles)('%s at province 06', async (role) => {
    const username = `u-${role.replace(/_/g, '-')}`;
    const made = await t.gql('mutation($i: CreateUserInput!) { createUser(input: $i) { username } }', {
      i: { username, displayName: role, password: 'kampot-pepper-field-7', mustChangePassword: false, grants: [{ role, scope: '06' }] },
    });
    expect(made.errors).toBeUndefined();
    const as = await login(t.app, username, 'kampot-pepper-field-7');
    // Records made by the admin inside and outside the area.
    const adminInside = randomUUID();
    const adminOutside = randomUUID();
    await t.gql(SUBMIT, { i: { id: adminInside, definitionKey: 'i4c-session', definitionVersion: 1, data: i4c(INSIDE) } });
    await t.gql(SUBMIT, { i: { id: adminOutside, definitionKey: 'i4c-session', definitionVersion: 1, data: i4c(OUTSIDE) } });

    // definition.read
    expect(code(await t.gql('{ definitions { key } }', {}, as))).toBe(reach(role, 'definition.read') ? 'OK' : 'FORBIDDEN');
    // definition.edit
    expect(code(await t.gql('mutation { newDraft(key: "jaap") { version } }', {}, as))).toBe(reach(role, 'definition.edit') ? 'OK' : 'FORBIDDEN');
    // submission.create inside / outside
    const ownId = randomUUID();
    const createInside = code(await t.gql(SUBMIT, { i: { id: ownId, definitionKey: 'i4c-session', definitionVersion: 1, data: i4c(INSIDE) } }, as));
    expect(createInside).toBe(reach(role, 'submission.create') ? 'OK' : 'FORBIDDEN');
    expect(code(await t.gql(SUBMIT, { i: { id: randomUUID(), definitionKey: 'i4c-session', definitionVersion: 1, data: i4c(OUTSIDE) } }, as))).toBe('FORBIDDEN');
    // submission.read: inside rows listed, outside rows never
    const list = await t.gql('{ submissions(definitionKey: "i4c-session", first: 100) { edges { node { id } } } }', {}, as);
    if (reach(role, 'submission.read')) {
      const ids = list.data.submissions.edges.map((e: { node: { id: string } }) => e.node.id);
      expect(ids).toContain(adminInside);
      expect(ids).not.toContain(adminOutside);
      expect(code(await t.gql('query($id: ID!) { submission(id: $id) { id } }', { id: adminOutside }, as))).toBe('OK');
      expect((await t.gql('query($id: ID!) { submission(id: $id) { id } }', { id: adminOutside }, as)).data.submission).toBeNull();
    } else {
      expect(code(list)).toBe('FORBIDDEN');
    }
    // submission.edit: others' record inside (area only), own record (area or own), outside never
    const edit = reach(role, 'submission.edit');
    const editOthers = code(await t.gql(UPDATE, { id: adminInside, d: i4c(INSIDE, 11) }, as));
    expect(editOthers).toBe(edit === 'area' ? 'OK' : edit === 'own' ? 'NOT_FOUND' : 'FORBIDDEN');
    if (createInside === 'OK') expect(code(await t.gql(UPDATE, { id: ownId, d: i4c(INSIDE, 12) }, as))).toBe(edit ? 'OK' : 'FORBIDDEN');
    expect(code(await t.gql(UPDATE, { id: adminOutside, d: i4c(OUTSIDE, 11) }, as))).toBe(edit ? 'NOT_FOUND' : 'FORBIDDEN');
    // Review and corrections (issue 12). Records made and approved by the admin for the unlock steps.
    const review = reach(role, 'submission.review');
    const adminRecord = async (village: string, approve = false) => {
      const id = randomUUID();
      await t.gql(SUBMIT, { i: { id, definitionKey: 'i4c-session', definitionVersion: 1, data: i4c(village) } });
      if (approve) expect(code(await t.gql(REVIEW, { id, s: 'APPROVED' }))).toBe('OK');
      return id;
    };
    // submission.review: reviewSubmission inside / outside
    expect(code(await t.gql(REVIEW, { id: await adminRecord(INSIDE), s: 'APPROVED' }, as))).toBe(review ? 'OK' : 'FORBIDDEN');
    expect(code(await t.gql(REVIEW, { id: await adminRecord(OUTSIDE), s: 'APPROVED' }, as))).toBe(review ? 'NOT_FOUND' : 'FORBIDDEN');
    // reviewSubmissions: inside changed, outside refused NOT_FOUND (in the summary)
    const bulkInside = await adminRecord(INSIDE);
    const bulkOutside = await adminRecord(OUTSIDE);
    const bulk = await t.gql(BULK, { ids: [bulkInside, bulkOutside], s: 'APPROVED' }, as);
    if (review) expect(bulk.data.reviewSubmissions).toEqual({ changed: 1, unchanged: 0, refused: [{ id: bulkOutside, code: 'NOT_FOUND' }] });
    else expect(code(bulk)).toBe('FORBIDDEN');
    // canEdit / canReview as the role sees an inside record
    const seen = await t.gql('query($id: ID!) { submission(id: $id) { canEdit canReview } }', { id: adminInside }, as);
    if (reach(role, 'submission.read')) expect(seen.data.submission).toEqual({ canEdit: edit === 'area', canReview: !!review });
    // commentSubmission: reviewers and area editors on others' records, own editors on their own; outside never
    const commentInside = code(await t.gql(COMMENT, { id: adminInside, b: 'question' }, as));
    expect(commentInside).toBe(review || edit === 'area' ? 'OK' : 'FORBIDDEN');
    if (createInside === 'OK') expect(code(await t.gql(COMMENT, { id: ownId, b: 'answer' }, as))).toBe(edit || review ? 'OK' : 'FORBIDDEN');
    expect(code(await t.gql(COMMENT, { id: adminOutside, b: 'question' }, as))).toBe(review || edit ? 'NOT_FOUND' : 'FORBIDDEN');
    // submissionComments / submissionHistory: whoever may read, review or edit it; outside never
    const sees = !!(reach(role, 'submission.read') || review || edit);
    expect(code(await t.gql(COMMENTS, { id: adminInside }, as))).toBe(sees ? 'OK' : 'FORBIDDEN');
    expect(code(await t.gql(HISTORY, { id: adminInside }, as))).toBe(sees ? 'OK' : 'FORBIDDEN');
    expect(code(await t.gql(HISTORY, { id: adminOutside }, as))).toBe(sees ? 'NOT_FOUND' : 'FORBIDDEN');
    // requestUnlock (submission.edit): others' approved record inside (area only), own (area or own), outside never
    expect(code(await t.gql(UNLOCK, { id: await adminRecord(INSIDE, true), r: 'typo' }, as))).toBe(edit === 'area' ? 'OK' : edit === 'own' ? 'NOT_FOUND' : 'FORBIDDEN');
    if (createInside === 'OK') {
      expect(code(await t.gql(REVIEW, { id: ownId, s: 'APPROVED' }))).toBe('OK');
      expect(code(await t.gql(UNLOCK, { id: ownId, r: 'typo' }, as))).toBe(edit ? 'OK' : 'FORBIDDEN');
    }
    expect(code(await t.gql(UNLOCK, { id: await adminRecord(OUTSIDE, true), r: 'typo' }, as))).toBe(edit ? 'NOT_FOUND' : 'FORBIDDEN');
    // decideUnlock (submission.review): a pending request inside / outside
    const pending = async (village: string) => {
      const id = await adminRecord(village, true);
      expect(code(await t.gql(UNLOCK, { id, r: 'typo' }))).toBe('OK');
      return id;
    };
    expect(code(await t.gql(DECIDE, { id: await pending(INSIDE), g: true }, as))).toBe(review ? 'OK' : 'FORBIDDEN');
    expect(code(await t.gql(DECIDE, { id: await pending(OUTSIDE), g: true }, as))).toBe(review ? 'NOT_FOUND' : 'FORBIDDEN');
    // attention: everyone signed in; counts only inside the review area
    const attention = await t.gql('{ attention { waitingForReview unlockRequests } }', {}, as);
    expect(code(attention)).toBe('OK');
    if (!review) expect(attention.data.attention).toEqual({ waitingForReview: 0, unlockRequests: 0 });
    // Pending inside: the role's own requests above (the admin's inside one was just granted; the outside one is not theirs).
    else expect(attention.data.attention.unlockRequests).toBe((edit === 'area' ? 1 : 0) + (createInside === 'OK' && edit ? 1 : 0));
    // user.manage inside / outside
    const newUser = (scope: string) => ({ i: { username: `v${scope}-${role.length}`, displayName: 'v', password: 'kampot-pepper-field-7', grants: [{ role: 'viewer', scope }] } });
    expect(code(await t.gql('mutation($i: CreateUserInput!) { createUser(input: $i) { username } }', newUser('0601'), as))).toBe(reach(role, 'user.manage') ? 'OK' : 'FORBIDDEN');
    expect(code(await t.gql('mutation($i: CreateUserInput!) { createUser(input: $i) { username } }', newUser('12'), as))).toBe('FORBIDDEN');
    // audit.read
    expect(code(await t.gql('{ auditLog { edges { cursor } } }', {}, as))).toBe(reach(role, 'audit.read') ? 'OK' : 'FORBIDDEN');
    // exports follow submission.read
    const csv = await t.app.inject({ method: 'GET', url: '/export/i4c-session.csv?headers=keys', headers: { authorization: `Bearer ${as}` } });
    expect(csv.statusCode).toBe(reach(role, 'submission.read') ? 200 : 403);
    if (csv.statusCode === 200) expect(csv.body).not.toContain(adminOutside);
  });
});
