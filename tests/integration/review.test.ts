// Review and corrections (issue 12) through the GraphQL API on every engine: review moves and their
// rules, comments, locking and the unlock flow, optimistic concurrency, bulk review inside the
// reviewer's area, the readable history, "needs my attention", state filters, and indicators that
// count approved records only or every record not rejected (following review changes incrementally).
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { simpleForm, validAnswer } from '../fixtures/simple-form';
import { userWith } from './geo-helpers';
import { validateSessionToken } from '../../server/auth/sessions.service';
import { inTransactionOf } from '../../server/db/transaction';
import { BULK_PACE, reviewSubmissions } from '../../server/submissions/review.service';

const engines = await testEngines();
afterAll(closeSharedPglite);

const SUBMIT = 'mutation($i: SubmitInput!) { submit(input: $i) { id version reviewState } }';
const FIELDS = 'id version reviewState locked canEdit canReview status submittedByName reviewedByName reviewedAt pendingUnlock { id reason requestedByName at }';
const REVIEW = `mutation($id: ID!, $s: ReviewState!, $c: String, $v: Int) { reviewSubmission(id: $id, state: $s, comment: $c, expectedVersion: $v) { ${FIELDS} } }`;
const BULK = 'mutation($ids: [ID!]!, $s: ReviewState!, $c: String) { reviewSubmissions(ids: $ids, state: $s, comment: $c) { changed unchanged refused { id code } } }';
const UPDATE = `mutation($id: ID!, $d: JSON!, $v: Int) { updateSubmission(id: $id, data: $d, expectedVersion: $v) { ${FIELDS} data } }`;
const GET = `query($id: ID!) { submission(id: $id) { ${FIELDS} } }`;
const COMMENT = 'mutation($id: ID!, $b: String!, $r: ID) { commentSubmission(id: $id, body: $b, replyTo: $r) { id authorName at body kind fromState toState replyTo } }';
const COMMENTS = 'query($id: ID!) { submissionComments(id: $id) { id authorName body kind fromState toState replyTo } }';
const REQUEST = 'mutation($id: ID!, $r: String!) { requestUnlock(id: $id, reason: $r) { id reason requestedByName at } }';
const DECIDE = `mutation($id: ID!, $g: Boolean!, $r: String) { decideUnlock(id: $id, grant: $g, reason: $r) { ${FIELDS} } }`;
const HISTORY = 'query($id: ID!) { submissionHistory(id: $id) { version at byName action state comment changes { path label { en km } before after } } }';
const ATTENTION = '{ attention { sentBackToMe waitingForReview unlockRequests items { kind submission { id reviewState } } } }';

const code = (res: { errors?: Array<{ extensions: { code: string } }> }) => res.errors?.[0]?.extensions.code ?? 'OK';

describe.each(engines)('review and corrections on %s', (engine) => {
  let t: TestApp;
  /** Facilitator (sends; edits own), district officer (reviews and edits inside 0102), reviewer outside (province 02). */
  let fac: string;
  let officer: string;
  let outsider: string;

  const send = async (data: Record<string, unknown> = validAnswer, as = fac): Promise<string> => {
    const id = randomUUID();
    const res = await t.gql(SUBMIT, { i: { id, definitionKey: 'test-form', definitionVersion: 1, data } }, as);
    expect(res.errors).toBeUndefined();
    expect(res.data.submit).toMatchObject({ id, version: 1, reviewState: 'RECEIVED' });
    return id;
  };

  beforeEach(async () => {
    t = await createTestApp(engine);
    await t.gql('mutation($s: JSON!) { saveDraft(key: "test-form", schema: $s) { version } }', { s: simpleForm });
    await t.gql('mutation { publish(key: "test-form") { version } }');
    fac = await userWith(t, 'fac', 'facilitator', '01');
    officer = await userWith(t, 'officer', 'district_officer', '0102');
    outsider = await userWith(t, 'outsider', 'reviewer', '02');
  });
  afterEach(async () => t.close());

  it('moves a record between review states by the rules, with a comment where required', async () => {
    const id = await send();
    const noComment = await t.gql(REVIEW, { id, s: 'HAS_ISSUES' }, officer);
    expect(noComment.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', errors: [{ path: 'comment', keyword: 'required' }] });
    const blank = await t.gql(REVIEW, { id, s: 'REJECTED', c: '   ' }, officer);
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', errors: [{ path: 'comment' }] });
    const back = await t.gql(REVIEW, { id, s: 'HAS_ISSUES', c: 'The score looks wrong.' }, officer);
    expect(back.errors).toBeUndefined();
    expect(back.data.reviewSubmission).toMatchObject({ version: 2, reviewState: 'HAS_ISSUES', status: 'has_issues', locked: false, canReview: true, canEdit: true, reviewedByName: 'officer', submittedByName: 'fac' });
    expect(Date.parse(back.data.reviewSubmission.reviewedAt)).toBeGreaterThan(Date.now() - 60_000);
    const same = await t.gql(REVIEW, { id, s: 'HAS_ISSUES', c: 'again' }, officer);
    expect(same.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', errors: [{ path: 'state' }] });
    expect(same.errors?.[0]?.extensions).toHaveProperty('messageKm');
    const approved = await t.gql(REVIEW, { id, s: 'APPROVED' }, officer);
    expect(approved.data.reviewSubmission).toMatchObject({ version: 3, reviewState: 'APPROVED', locked: true, canEdit: false });
    const reopen = await t.gql(REVIEW, { id, s: 'HAS_ISSUES', c: 'one more thing' }, officer);
    expect(code(reopen)).toBe('INVALID_TRANSITION');
    expect(reopen.errors?.[0]?.message).toContain('unlock');
    // rejected -> received (reopen)
    const other = await send();
    expect((await t.gql(REVIEW, { id: other, s: 'REJECTED', c: 'Duplicate of another record.' }, officer)).data.reviewSubmission.reviewState).toBe('REJECTED');
    expect(code(await t.gql(REVIEW, { id: other, s: 'APPROVED' }, officer))).toBe('INVALID_TRANSITION');
    expect((await t.gql(REVIEW, { id: other, s: 'RECEIVED' }, officer)).data.reviewSubmission).toMatchObject({ reviewState: 'RECEIVED', version: 3 });
    // Outside the reviewer's area the record does not exist; without the permission it is FORBIDDEN.
    expect(code(await t.gql(REVIEW, { id: other, s: 'APPROVED' }, outsider))).toBe('NOT_FOUND');
    expect(code(await t.gql(REVIEW, { id: other, s: 'APPROVED' }, fac))).toBe('FORBIDDEN');
    expect(code(await t.gql(REVIEW, { id: randomUUID(), s: 'APPROVED' }, officer))).toBe('NOT_FOUND');
    // Every change left an audit event with the record's place.
    const audit = await t.services.db.selectFrom('audit_event').select(['action', 'geo_code', 'after']).where('action', '=', 'submission.review').where('entity_id', '=', id).orderBy('id').execute();
    expect(audit.map((a) => [a.action, a.geo_code, (a.after as { state: string }).state])).toEqual([
      ['submission.review', '010201', 'has_issues'],
      ['submission.review', '010201', 'approved'],
    ]);
  });

  it('returns a corrected record to received, locks approved records, and unlocks them on a granted request', async () => {
    const id = await send();
    await t.gql(REVIEW, { id, s: 'HAS_ISSUES', c: 'Name is misspelt.' }, officer);
    const fixed = await t.gql(UPDATE, { id, d: { ...validAnswer, name: 'Sokha' }, v: 2 }, fac);
    expect(fixed.errors).toBeUndefined();
    expect(fixed.data.updateSubmission).toMatchObject({ version: 3, reviewState: 'RECEIVED', data: { name: 'Sokha' } });
    // An officer's edit of a record sent back keeps it sent back (only the submitter's correction returns it).
    await t.gql(REVIEW, { id, s: 'HAS_ISSUES', c: 'And the score.' }, officer);
    const byOfficer = await t.gql(UPDATE, { id, d: { ...validAnswer, name: 'Sokha', score: 3 } }, officer);
    expect(byOfficer.data.updateSubmission).toMatchObject({ version: 5, reviewState: 'HAS_ISSUES' });
    await t.gql(REVIEW, { id, s: 'APPROVED' }, officer);

    const locked = await t.gql(UPDATE, { id, d: { ...validAnswer, name: 'X' } }, fac);
    expect(locked.errors?.[0]?.extensions).toMatchObject({ code: 'LOCKED', errors: [{ path: 'id', keyword: 'locked' }] });
    expect(code(await t.gql(UPDATE, { id, d: { ...validAnswer, name: 'X' } }, officer))).toBe('LOCKED');
    expect((await t.gql(GET, { id }, fac)).data.submission).toMatchObject({ locked: true, canEdit: false, canReview: false, pendingUnlock: null });

    expect((await t.gql(REQUEST, { id, r: ' ' }, fac)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', errors: [{ path: 'reason' }] });
    expect(code(await t.gql(REQUEST, { id, r: 'Wrong village' }, outsider))).toBe('FORBIDDEN');
    const asked = await t.gql(REQUEST, { id, r: 'Wrong village' }, fac);
    expect(asked.data.requestUnlock).toMatchObject({ reason: 'Wrong village', requestedByName: 'fac' });
    expect(code(await t.gql(REQUEST, { id, r: 'again' }, fac))).toBe('CONFLICT');
    expect((await t.gql(GET, { id }, officer)).data.submission.pendingUnlock).toMatchObject({ id: asked.data.requestUnlock.id, reason: 'Wrong village' });
    expect((await t.gql(ATTENTION, {}, officer)).data.attention).toMatchObject({ unlockRequests: 1, waitingForReview: 0 });

    expect(code(await t.gql(DECIDE, { id, g: true }, outsider))).toBe('NOT_FOUND');
    expect(code(await t.gql(DECIDE, { id, g: true }, fac))).toBe('FORBIDDEN');
    const refused = await t.gql(DECIDE, { id, g: false, r: 'The village is right.' }, officer);
    expect(refused.data.decideUnlock).toMatchObject({ reviewState: 'APPROVED', locked: true, version: 6, pendingUnlock: null });
    expect(code(await t.gql(DECIDE, { id, g: true }, officer))).toBe('INVALID_TRANSITION');
    await t.gql(REQUEST, { id, r: 'It really is the wrong village' }, fac);
    const granted = await t.gql(DECIDE, { id, g: true, r: 'Fix it' }, officer);
    expect(granted.data.decideUnlock).toMatchObject({ reviewState: 'HAS_ISSUES', locked: false, version: 7, pendingUnlock: null });
    expect(code(await t.gql(REQUEST, { id, r: 'not locked now' }, fac))).toBe('INVALID_TRANSITION');
    const corrected = await t.gql(UPDATE, { id, d: { ...validAnswer, name: 'Sokha', score: 3, has_issue: true, issue: 'no water' }, v: 7 }, fac);
    expect(corrected.data.updateSubmission).toMatchObject({ version: 8, reviewState: 'RECEIVED', canEdit: true });

    const history = (await t.gql(HISTORY, { id }, officer)).data.submissionHistory as Array<Record<string, any>>;
    expect(history.map((h) => [h.version, h.action, h.state, h.byName])).toEqual([
      [1, 'created', 'RECEIVED', 'fac'],
      [2, 'reviewed', 'HAS_ISSUES', 'officer'],
      [3, 'edited', 'RECEIVED', 'fac'],
      [4, 'reviewed', 'HAS_ISSUES', 'officer'],
      [5, 'edited', 'HAS_ISSUES', 'officer'],
      [6, 'reviewed', 'APPROVED', 'officer'],
      [6, 'unlock_requested', null, 'fac'],
      [6, 'unlock_refused', 'APPROVED', 'officer'],
      [6, 'unlock_requested', null, 'fac'],
      [7, 'unlocked', 'HAS_ISSUES', 'officer'],
      [8, 'edited', 'RECEIVED', 'fac'],
    ]);
    expect(history[1]!.comment).toBe('Name is misspelt.');
    expect(history[2]!.changes).toEqual([{ path: 'name', label: { en: 'Name', km: 'ឈ្មោះ' }, before: 'Sok', after: 'Sokha' }]);
    expect(history[4]!.changes).toEqual([{ path: 'score', label: { en: 'Score', km: 'ពិន្ទុ' }, before: 4, after: 3 }]);
    expect(history[10]!.changes).toEqual([
      { path: 'has_issue', label: { en: 'Has an issue', km: 'មានបញ្ហា' }, before: false, after: true },
      { path: 'issue', label: { en: 'Issue', km: 'បញ្ហា' }, before: null, after: 'no water' },
    ]);
    expect(history[6]!.comment).toBe('Wrong village');
    expect(history[9]!.comment).toBe('Fix it');
    const actions = await t.services.db.selectFrom('audit_event').select(['action', 'geo_code']).where('entity_id', '=', id).where('action', 'like', 'submission.unlock%').orderBy('id').execute();
    expect(actions).toEqual([
      { action: 'submission.unlock_request', geo_code: '010201' },
      { action: 'submission.unlock', geo_code: '010201' },
      { action: 'submission.unlock_request', geo_code: '010201' },
      { action: 'submission.unlock', geo_code: '010201' },
    ]);
  });

  it('gives the second of two concurrent writers CONFLICT with the current version, never a silent overwrite', async () => {
    const id = await send();
    const [a, b] = await Promise.all([
      t.gql(UPDATE, { id, d: { ...validAnswer, name: 'First' }, v: 1 }, fac),
      t.gql(UPDATE, { id, d: { ...validAnswer, name: 'Second' }, v: 1 }, officer),
    ]);
    const results = [a, b];
    const ok = results.filter((r) => !r.errors);
    const conflict = results.filter((r) => r.errors);
    expect(ok).toHaveLength(1);
    expect(conflict).toHaveLength(1);
    expect(conflict[0]!.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', errors: [{ path: 'expectedVersion', keyword: 'version' }] });
    expect(conflict[0]!.errors?.[0]?.message).toContain('version 2');
    const stored = await t.services.db.selectFrom('submission').select(['data', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.version).toBe(2);
    expect((stored.data as { name: string }).name).toBe(ok[0]!.data.updateSubmission.data.name);
    // A review on a stale version is refused the same way.
    const stale = await t.gql(REVIEW, { id, s: 'APPROVED', v: 1 }, officer);
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', errors: [{ path: 'expectedVersion' }] });
    expect((await t.gql(REVIEW, { id, s: 'APPROVED', v: 2 }, officer)).data.reviewSubmission.version).toBe(3);
  });

  it('reviews many records in one action inside the reviewer area, with a summary', async () => {
    const inside: string[] = [];
    for (let i = 0; i < 12; i++) inside.push(await send({ ...validAnswer, name: `n${i}` }));
    const elsewhere = await send({ ...validAnswer, commune: '010301' }); // district 0103: outside the officer's 0102
    await t.gql(REVIEW, { id: inside[0], s: 'APPROVED' }, officer);
    await t.gql(REVIEW, { id: inside[1], s: 'REJECTED', c: 'duplicate' }, officer);
    const missing = randomUUID();
    expect((await t.gql(BULK, { ids: inside, s: 'HAS_ISSUES' }, officer)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', errors: [{ path: 'comment' }] });
    expect(code(await t.gql(BULK, { ids: inside, s: 'APPROVED' }, fac))).toBe('FORBIDDEN');
    const tooMany = Array.from({ length: 10_001 }, () => randomUUID());
    expect((await t.gql(BULK, { ids: tooMany, s: 'APPROVED' }, officer)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', errors: [{ path: 'ids' }] });

    const res = await t.gql(BULK, { ids: [...inside, inside[2], inside[3]!.toUpperCase(), elsewhere, missing, 'not-a-uuid'], s: 'APPROVED', c: 'Checked at the district meeting' }, officer);
    expect(res.errors).toBeUndefined();
    expect(res.data.reviewSubmissions.changed).toBe(10);
    expect(res.data.reviewSubmissions.unchanged).toBe(1);
    expect(new Map(res.data.reviewSubmissions.refused.map((r: { id: string; code: string }) => [r.id, r.code]))).toEqual(
      new Map([
        [inside[1], 'INVALID_TRANSITION'],
        [elsewhere, 'NOT_FOUND'],
        [missing, 'NOT_FOUND'],
        ['not-a-uuid', 'NOT_FOUND'],
      ]),
    );
    const rows = await t.services.db.selectFrom('submission').select(['id', 'status', 'version']).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(inside.slice(2).every((id) => byId.get(id)!.status === 'approved' && byId.get(id)!.version === 2)).toBe(true);
    expect(byId.get(inside[0]!)).toMatchObject({ status: 'approved', version: 2 });
    expect(byId.get(inside[1]!)).toMatchObject({ status: 'rejected', version: 2 });
    expect(byId.get(elsewhere)).toMatchObject({ status: 'received', version: 1 });
    const comments = await t.services.db.selectFrom('submission_comment').select(['submission_id', 'body', 'from_state', 'to_state', 'author_name', 'version']).where('body', '=', 'Checked at the district meeting').execute();
    expect(comments).toHaveLength(10);
    expect(comments.every((c) => c.from_state === 'received' && c.to_state === 'approved' && c.author_name === 'officer' && c.version === 2)).toBe(true);
    const audit = await t.services.db.selectFrom('audit_event').select(['geo_code', 'entity_id']).where('action', '=', 'submission.review').where(({ eb, ref }) => eb(ref('after'), '@>', JSON.stringify({ bulk: true }) as never)).execute();
    expect(audit).toHaveLength(10);
    expect(audit.every((a) => a.geo_code === '010201')).toBe(true);
    // Approving them all again changes nothing.
    const again = await t.gql(BULK, { ids: inside.slice(2), s: 'APPROVED' }, officer);
    expect(again.data.reviewSubmissions).toEqual({ changed: 0, unchanged: 10, refused: [] });
  });

  it('changes a bulk review pace.rows at a time, leaving the database a share of the time between statements (decision 333)', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(await send({ ...validAnswer, name: `p${i}` }));
    const session = await validateSessionToken(t.services.db, officer, 30, null);
    const waits: number[] = [];
    const pace = { rows: 3, yieldRatio: 2, wait: async (ms: number) => void waits.push(ms) };
    const outcome = await inTransactionOf(t.services.db, (trx) => reviewSubmissions(trx, session!.actor, { ids, state: 'approved', comment: 'paced' }, pace));
    expect(outcome).toEqual({ changed: 7, unchanged: 0, refused: [] });
    // Three statements (3 + 3 + 1 rows), a wait after each but the last.
    expect(waits).toHaveLength(2);
    expect(waits.every((ms) => ms > 0)).toBe(true);
    const rows = await t.services.db.selectFrom('submission').select(['status', 'version']).where('id', 'in', ids).execute();
    expect(rows.every((r) => r.status === 'approved' && r.version === 2)).toBe(true);
    const comments = await t.services.db.selectFrom('submission_comment').select('submission_id').where('body', '=', 'paced').execute();
    expect(comments).toHaveLength(7);
    // The API paces by engine: PostgreSQL yields, PGlite (one connection) does not wait inside its transaction.
    expect(BULK_PACE.postgres.yieldRatio).toBeGreaterThan(0);
    expect(BULK_PACE.pglite).toMatchObject({ yieldRatio: 0 });
  });

  it('keeps a threaded comment record of a submission, readable by whoever may see it', async () => {
    const id = await send();
    const other = await send();
    const q = await t.gql(COMMENT, { id, b: 'Was the meeting on the 14th?' }, officer);
    expect(q.data.commentSubmission).toMatchObject({ authorName: 'officer', body: 'Was the meeting on the 14th?', kind: 'comment', fromState: null, replyTo: null });
    const a = await t.gql(COMMENT, { id, b: 'Yes, in the morning.', r: q.data.commentSubmission.id }, fac);
    expect(a.data.commentSubmission).toMatchObject({ authorName: 'fac', replyTo: q.data.commentSubmission.id });
    expect((await t.gql(COMMENT, { id: other, b: 'x', r: q.data.commentSubmission.id }, fac)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', errors: [{ path: 'replyTo' }] });
    expect((await t.gql(COMMENT, { id, b: '' }, fac)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', errors: [{ path: 'body' }] });
    expect((await t.gql(COMMENT, { id, b: 'x'.repeat(2001) }, fac)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', errors: [{ path: 'body', keyword: 'maxLength' }] });
    expect(code(await t.gql(COMMENT, { id, b: 'hello' }, outsider))).toBe('NOT_FOUND');
    await t.gql(REVIEW, { id, s: 'HAS_ISSUES', c: 'Add the issue.' }, officer);
    const thread = (await t.gql(COMMENTS, { id }, fac)).data.submissionComments;
    expect(thread.map((c: Record<string, unknown>) => [c.authorName, c.kind, c.body, c.fromState, c.toState])).toEqual([
      ['officer', 'comment', 'Was the meeting on the 14th?', null, null],
      ['fac', 'comment', 'Yes, in the morning.', null, null],
      ['officer', 'review', 'Add the issue.', 'RECEIVED', 'HAS_ISSUES'],
    ]);
    expect(code(await t.gql(COMMENTS, { id }, outsider))).toBe('NOT_FOUND');
    const audit = await t.services.db.selectFrom('audit_event').select(['geo_code']).where('action', '=', 'submission.comment').execute();
    expect(audit).toEqual([{ geo_code: '010201' }, { geo_code: '010201' }]);
  });

  it('shows review, comment and unlock events in the area-limited audit log of the record\'s area only', async () => {
    const id = await send();
    await t.gql(COMMENT, { id, b: 'Checked?' }, officer);
    await t.gql(BULK, { ids: [id], s: 'APPROVED' }, officer);
    await t.gql(REQUEST, { id, r: 'typo' }, fac);
    await t.gql(DECIDE, { id, g: true }, officer);
    const LOG = 'query($f: AuditFilter) { auditLog(first: 100, filter: $f) { edges { node { action entityId after } } } }';
    const inside = await userWith(t, 'nat-in', 'national_officer', '01');
    const outside = await userWith(t, 'nat-out', 'national_officer', '02');
    const actions = async (as: string) =>
      ((await t.gql(LOG, { f: { entityId: id } }, as)).data.auditLog.edges as Array<{ node: { action: string } }>).map((e) => e.node.action).reverse();
    expect(await actions(inside)).toEqual(['submission.create', 'submission.comment', 'submission.review', 'submission.unlock_request', 'submission.unlock']);
    expect(await actions(outside)).toEqual([]);
  });

  it('counts what needs each user: records sent back, waiting for review, unlock requests', async () => {
    const ids = [await send(), await send(), await send(), await send()];
    await send({ ...validAnswer, commune: '010301' }); // outside the officer's district
    await t.gql(REVIEW, { id: ids[0], s: 'HAS_ISSUES', c: 'Fix the date.' }, officer);
    await t.gql(REVIEW, { id: ids[1], s: 'APPROVED' }, officer);
    await t.gql(REQUEST, { id: ids[1], r: 'typo' }, fac);
    const forFac = (await t.gql(ATTENTION, {}, fac)).data.attention;
    expect(forFac).toMatchObject({ sentBackToMe: 1, waitingForReview: 0, unlockRequests: 0 });
    expect(forFac.items).toEqual([{ kind: 'sent_back', submission: { id: ids[0], reviewState: 'HAS_ISSUES' } }]);
    const forOfficer = (await t.gql(ATTENTION, {}, officer)).data.attention;
    expect(forOfficer).toMatchObject({ sentBackToMe: 0, waitingForReview: 2, unlockRequests: 1 });
    expect(forOfficer.items.map((i: { kind: string; submission: { id: string } }) => `${i.kind}:${i.submission.id}`).sort()).toEqual(
      [`to_review:${ids[2]}`, `to_review:${ids[3]}`, `unlock_request:${ids[1]}`].sort(),
    );
    const forOutsider = (await t.gql(ATTENTION, {}, outsider)).data.attention;
    expect(forOutsider).toEqual({ sentBackToMe: 0, waitingForReview: 0, unlockRequests: 0, items: [] });
    const admin = (await t.gql(ATTENTION)).data.attention;
    expect(admin).toMatchObject({ waitingForReview: 3, unlockRequests: 1 });
    expect(code(await t.gql('{ attention(first: 0) { sentBackToMe } }', {}, fac))).toBe('BAD_INPUT');
    // Training records wait only on those in training mode, and real ones only on those out of it.
    await t.gql('mutation { setTrainingMode(on: true) }', {}, fac);
    const practice = await send();
    await t.gql(REVIEW, { id: practice, s: 'HAS_ISSUES', c: 'Practice: fix the name.' }, officer);
    expect((await t.gql(ATTENTION, {}, fac)).data.attention).toEqual({ sentBackToMe: 1, waitingForReview: 0, unlockRequests: 0, items: [{ kind: 'sent_back', submission: { id: practice, reviewState: 'HAS_ISSUES' } }] });
    expect((await t.gql(ATTENTION, {}, officer)).data.attention).toMatchObject({ waitingForReview: 2, unlockRequests: 1 });
  });

  it('filters lists, counts and exports by review state, and exports the state', async () => {
    const ids = [await send(), await send(), await send()];
    await t.gql(REVIEW, { id: ids[0], s: 'APPROVED' }, officer);
    await t.gql(REVIEW, { id: ids[1], s: 'REJECTED', c: 'test record' }, officer);
    const list = async (states: string[] | null) =>
      (await t.gql('query($f: SubmissionFilter) { submissions(definitionKey: "test-form", filter: $f) { totalCount edges { node { id reviewState } } } }', { f: { states } })).data.submissions;
    const approved = await list(['APPROVED']);
    expect(approved.totalCount).toBe(1);
    expect(approved.edges).toEqual([{ node: { id: ids[0], reviewState: 'APPROVED' } }]);
    expect((await list(['RECEIVED', 'REJECTED'])).edges.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual([ids[1], ids[2]].sort());
    expect((await list(null)).totalCount).toBe(3);
    const csv = await t.app.inject({ method: 'GET', url: '/export/test-form.csv?headers=keys&states=approved,rejected', headers: { authorization: `Bearer ${t.token}` } });
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]!.split(',').slice(0, 6)).toEqual(['_id', '_version', '_geo_code', '_period', '_review_state', '_submitted_at']);
    expect(lines.slice(1).map((l) => l.split(',')[4]).sort()).toEqual(['approved', 'rejected']);
    const bad = await t.app.inject({ method: 'GET', url: '/export/test-form.csv?states=done', headers: { authorization: `Bearer ${t.token}` } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'BAD_INPUT', errors: [{ path: 'states' }] });
    const xlsx = await t.app.inject({ method: 'GET', url: '/export/test-form.xlsx?states=received', headers: { authorization: `Bearer ${t.token}` } });
    expect(xlsx.statusCode).toBe(200);
  });

  it('counts approved-only or not-rejected records per indicator, following review changes incrementally', async () => {
    const indicator = (count?: string) => ({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      'x-kind': 'indicator',
      'x-title': { km: 'ចំនួន', en: 'Count' },
      sources: [{ form: 'test-form' }],
      measure: { type: 'count' },
      ...(count ? { count } : {}),
    });
    for (const [key, count] of [['approved-count', 'approved'], ['default-count', undefined], ['not-rejected-count', 'not_rejected']] as const) {
      const saved = await t.gql('mutation($k: String!, $s: JSON!) { saveDraft(key: $k, schema: $s) { version } }', { k: key, s: indicator(count) });
      expect(saved.errors).toBeUndefined();
      expect((await t.gql('mutation($k: String!) { publish(key: $k) { version } }', { k: key })).errors).toBeUndefined();
    }
    const badOption = await t.gql('mutation($s: JSON!) { saveDraft(key: "bad-count", schema: $s) { version } }', { s: indicator('all') });
    expect(badOption.errors?.[0]?.extensions.code).toBe('INVALID_DEFINITION');
    const ids = [await send(), await send(), await send(), await send()];
    await t.services.indicators.refreshNow();
    const value = async (key: string) => {
      const res = await t.gql('query($k: String!) { indicatorValues(key: $k) { value } }', { k: key });
      expect(res.errors).toBeUndefined();
      return res.data.indicatorValues[0]?.value ?? 0;
    };
    expect([await value('approved-count'), await value('default-count'), await value('not-rejected-count')]).toEqual([0, 4, 4]);
    // Status-only UPDATEs (a review change and a bulk review) reach the incremental refresher.
    await t.gql(REVIEW, { id: ids[0], s: 'REJECTED', c: 'duplicate' }, officer);
    await t.gql(BULK, { ids: [ids[1], ids[2]], s: 'APPROVED' }, officer);
    await t.services.indicators.refreshNow();
    expect([await value('approved-count'), await value('default-count'), await value('not-rejected-count')]).toEqual([2, 3, 3]);
    const state = await t.services.db.selectFrom('indicator_state').select(['indicator_key', 'built_at', 'checked_through']).where('indicator_key', '=', 'approved-count').executeTakeFirstOrThrow();
    expect(state.checked_through!.getTime()).toBeGreaterThan(state.built_at!.getTime()); // the last pass was incremental, not a rebuild
    await t.gql(REQUEST, { id: ids[1], r: 'typo' }, fac);
    await t.gql(DECIDE, { id: ids[1], g: true }, officer);
    await t.services.indicators.refreshNow();
    expect([await value('approved-count'), await value('default-count')]).toEqual([1, 3]);
  });
});
