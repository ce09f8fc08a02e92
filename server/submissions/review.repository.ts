// Review rows (kysely only): review state changes, comments, unlock requests, the history sources and
// the "needs my attention" counts. Bulk review is set-based: one locking read of every id (area in
// SQL) and one statement that updates the rows and writes their comments and audit events.
import { sql, type Kysely } from 'kysely';
import type { Scope } from '../auth/scope';
import type { Database, SubmissionRow } from '../db/schema';
import { areaCondition, columns } from './submissions.repository';

export interface CommentRow {
  id: string;
  submission_id: string;
  author_id: string | null;
  author_name: string;
  body: string;
  reply_to: string | null;
  from_state: string | null;
  to_state: string | null;
  kind: string;
  version: number;
  created_at: Date;
}

export interface UnlockRow {
  id: string;
  submission_id: string;
  reason: string;
  requested_by: string | null;
  requested_by_name: string;
  requested_at: Date;
  decision: string | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
}

const commentColumns = ['id', 'submission_id', 'author_id', 'author_name', 'body', 'reply_to', 'from_state', 'to_state', 'kind', 'version', 'created_at'] as const;
const unlockColumns = ['id', 'submission_id', 'reason', 'requested_by', 'requested_by_name', 'requested_at', 'decision', 'decided_by_name', 'decided_at', 'decision_reason'] as const;

/** A review change of one record: the new state, version + 1, who and when. */
export async function setReviewState(db: Kysely<Database>, id: string, state: string, reviewerId: string): Promise<SubmissionRow> {
  return (await db
    .updateTable('submission')
    .set({ status: state, version: sql<number>`version + 1`, reviewed_by: reviewerId, reviewed_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirstOrThrow()) as SubmissionRow;
}

export interface NewComment {
  submissionId: string;
  authorId: string;
  authorName: string;
  body: string;
  replyTo?: string | null;
  fromState?: string | null;
  toState?: string | null;
  kind: 'comment' | 'review' | 'unlock_request' | 'unlock_granted' | 'unlock_refused';
  version: number;
}

export async function insertComment(db: Kysely<Database>, c: NewComment): Promise<CommentRow> {
  return db
    .insertInto('submission_comment')
    .values({
      submission_id: c.submissionId,
      author_id: c.authorId,
      author_name: c.authorName,
      body: c.body,
      reply_to: c.replyTo ?? null,
      from_state: c.fromState ?? null,
      to_state: c.toState ?? null,
      kind: c.kind,
      version: c.version,
    })
    .returning(commentColumns)
    .executeTakeFirstOrThrow();
}

export async function findComment(db: Kysely<Database>, id: string): Promise<CommentRow | undefined> {
  return db.selectFrom('submission_comment').select(commentColumns).where('id', '=', id).executeTakeFirst();
}

/** A record's comments and review steps, oldest first. */
export async function listComments(db: Kysely<Database>, submissionId: string): Promise<CommentRow[]> {
  return db.selectFrom('submission_comment').select(commentColumns).where('submission_id', '=', submissionId).orderBy('created_at').orderBy('version').execute();
}

export async function findPendingUnlock(db: Kysely<Database>, submissionId: string): Promise<UnlockRow | undefined> {
  return db.selectFrom('submission_unlock_request').select(unlockColumns).where('submission_id', '=', submissionId).where('decision', 'is', null).executeTakeFirst();
}

/** The pending unlock request of each record that has one (a GraphQL loader's batch). */
export async function pendingUnlocksOf(db: Kysely<Database>, submissionIds: readonly string[]): Promise<Map<string, UnlockRow>> {
  if (submissionIds.length === 0) return new Map();
  const rows = await db.selectFrom('submission_unlock_request').select(unlockColumns).where('submission_id', 'in', submissionIds).where('decision', 'is', null).execute();
  return new Map(rows.map((r) => [r.submission_id, r]));
}

export async function insertUnlockRequest(db: Kysely<Database>, r: { submissionId: string; reason: string; requestedBy: string; requestedByName: string }): Promise<UnlockRow> {
  return db
    .insertInto('submission_unlock_request')
    .values({ submission_id: r.submissionId, reason: r.reason, requested_by: r.requestedBy, requested_by_name: r.requestedByName })
    .returning(unlockColumns)
    .executeTakeFirstOrThrow();
}

export async function decideUnlockRequest(db: Kysely<Database>, id: string, d: { decision: 'granted' | 'refused'; decidedBy: string; decidedByName: string; reason: string | null }): Promise<void> {
  await db
    .updateTable('submission_unlock_request')
    .set({ decision: d.decision, decided_by: d.decidedBy, decided_by_name: d.decidedByName, decided_at: sql<Date>`now()`, decision_reason: d.reason })
    .where('id', '=', id)
    .execute();
}

/** The data each edit replaced, oldest first (submission_version). */
export async function listEdits(db: Kysely<Database>, submissionId: string) {
  return db
    .selectFrom('submission_version as v')
    .leftJoin('app_user as u', 'u.id', 'v.edited_by')
    .select(['v.version', 'v.data', 'v.status', 'v.next_version', 'v.next_status', 'v.edited_at', 'u.display_name as by_name'])
    .where('v.submission_id', '=', submissionId)
    .orderBy('v.version')
    .execute();
}

/** Display names by user id. */
export async function userNames(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** Ids as a uuid[] parameter (checked as UUIDs before they get here). */
const uuidArray = (ids: readonly string[]) => sql`cast(${`{${ids.join(',')}}`} as uuid[])`;

/**
 * Locks the records of these ids that lie inside the scope, in id order (two bulk reviews of
 * overlapping sets wait for each other instead of deadlocking), and returns their current state.
 * Ids missing from the answer do not exist for the reviewer.
 */
export async function lockForBulkReview(db: Kysely<Database>, ids: readonly string[], scope: Scope): Promise<Array<{ id: string; status: string }>> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('submission')
    .select(['id', 'status'])
    .where(sql<boolean>`id = any(${uuidArray(ids)})`)
    .where((eb) => areaCondition(eb, scope))
    .orderBy('id')
    .forUpdate()
    .execute();
}

/**
 * One statement for every record of a bulk review (already locked and checked): the new state,
 * version + 1 and reviewer on each row, a review comment and a submission.review audit event (with
 * the record's place) per row. Returns how many rows changed.
 */
export async function bulkSetState(
  db: Kysely<Database>,
  ids: readonly string[],
  to: string,
  who: { id: string; name: string; username: string; ip: string | null },
  body: string,
): Promise<number> {
  if (ids.length === 0) return 0;
  const { rows } = await sql<{ n: string }>`
    with old as (select id, status from submission where id = any(${uuidArray(ids)})),
    upd as (
      update submission s set status = ${to}, version = s.version + 1, reviewed_by = ${who.id}, reviewed_at = now()
      from old where s.id = old.id
      returning s.id, s.version, s.geo_code, old.status as from_state
    ),
    com as (
      insert into submission_comment (submission_id, author_id, author_name, body, from_state, to_state, kind, version)
      select id, ${who.id}, ${who.name}, ${body}, from_state, ${to}, 'review', version from upd
    ),
    aud as (
      insert into audit_event (actor_id, actor_name, action, entity, entity_id, before, after, ip, geo_code)
      select ${who.id}, ${who.username}, 'submission.review', 'submission', cast(id as text),
        jsonb_build_object('state', from_state, 'version', version - 1),
        jsonb_build_object('state', ${to}::text, 'version', version, 'comment', ${body}::text, 'bulk', true), ${who.ip}, geo_code
      from upd
    )
    select count(*) as n from upd`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** How many records (of one side: real or training) wait on the actor: sent back to them, waiting for their review, unlock requests in their review area. */
export async function attentionCounts(db: Kysely<Database>, userId: string, review: Scope, training: boolean): Promise<{ sentBack: number; toReview: number; unlocks: number }> {
  const sentBack = db.selectFrom('submission').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'has_issues').where('submitted_by', '=', userId).where('training', '=', training);
  const toReview = db.selectFrom('submission').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'received').where('training', '=', training).where((eb) => areaCondition(eb, review));
  const unlocks = db
    .selectFrom('submission_unlock_request as r')
    .innerJoin('submission', 'submission.id', 'r.submission_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('r.decision', 'is', null)
    .where('submission.training', '=', training)
    .where((eb) => areaCondition(eb as never, review));
  const row = await db
    .selectNoFrom((eb) => [eb.selectFrom(sentBack.as('a')).select('a.n').as('sent_back'), eb.selectFrom(toReview.as('b')).select('b.n').as('to_review'), eb.selectFrom(unlocks.as('c')).select('c.n').as('unlocks')])
    .executeTakeFirstOrThrow();
  return { sentBack: Number(row.sent_back ?? 0), toReview: Number(row.to_review ?? 0), unlocks: Number(row.unlocks ?? 0) };
}

/** The newest `first` records of each attention kind (the service merges them). */
export async function attentionItems(db: Kysely<Database>, userId: string, review: Scope, training: boolean, first: number): Promise<Array<{ kind: string; row: SubmissionRow; at: Date }>> {
  const sentBack = await db
    .selectFrom('submission')
    .select(columns)
    .where('status', '=', 'has_issues')
    .where('submitted_by', '=', userId)
    .where('training', '=', training)
    .orderBy('reviewed_at', 'desc')
    .limit(first)
    .execute();
  const toReview = await db
    .selectFrom('submission')
    .select(columns)
    .where('status', '=', 'received')
    .where('training', '=', training)
    .where((eb) => areaCondition(eb, review))
    .orderBy('seq', 'desc')
    .limit(first)
    .execute();
  const unlocks = await db
    .selectFrom('submission')
    .innerJoin('submission_unlock_request as r', 'r.submission_id', 'submission.id')
    .select(columns.map((c) => `submission.${c}` as const))
    .select('r.requested_at')
    .where('r.decision', 'is', null)
    .where('submission.training', '=', training)
    .where((eb) => areaCondition(eb as never, review))
    .orderBy('r.requested_at', 'desc')
    .limit(first)
    .execute();
  return [
    ...sentBack.map((r) => ({ kind: 'sent_back', row: r as SubmissionRow, at: r.reviewed_at ?? r.updated_at })),
    ...toReview.map((r) => ({ kind: 'to_review', row: r as SubmissionRow, at: r.updated_at })),
    ...unlocks.map(({ requested_at, ...r }) => ({ kind: 'unlock_request', row: r as SubmissionRow, at: requested_at })),
  ];
}
