// Review and corrections (issue 12), the rules only (no SQL): who may move a record between review
// states, comment on it, ask for and decide an unlock; bulk review; the readable history; "needs my
// attention". Reviewers act with submission.review over the record's place; records outside it do
// not exist for them (NOT_FOUND, as getSubmission). Every change writes an audit event with the
// record's place. Mutations take the caller's transaction.
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import { can, requireActor } from '../auth/permissions';
import { recordCovered, recordInScope, scopeOf } from '../auth/scope';
import { recordAudit } from '../audit/audit.repository';
import { enqueueSubmissionEvents } from '../webhooks/webhooks.repository';
import { Problem, type LocalizedMessage } from '../core/problems';
import type { Database, SubmissionRow } from '../db/schema';
import type { DefinitionCache } from '../definitions/definition-cache';
import { diffData, localize } from '../../form-engine/index';
import { findById, findForUpdate } from './submissions.repository';
import {
  attentionCounts,
  attentionItems,
  bulkSetState,
  decideUnlockRequest,
  findComment,
  findPendingUnlock,
  insertComment,
  insertUnlockRequest,
  listComments,
  listEdits,
  lockForBulkReview,
  pendingUnlocksOf,
  setReviewState,
  userNames,
  type CommentRow,
  type UnlockRow,
} from './review.repository';
export type { CommentRow, UnlockRow };
import { canMove, isLocked, isReviewState, MAX_BULK, MAX_COMMENT, needsComment, type ReviewState } from './review-states';
import { badInput, checkVersion, invalidTransition } from './review-problems';
import { UUID } from '../core/params';


/** What the actor may do with one record (the Submission type's canEdit / canReview). */
export function mayEdit(actor: Actor | null, row: Pick<SubmissionRow, 'geo_code' | 'definition_key' | 'submitted_by' | 'status'>): boolean {
  return !!actor && !actor.mustChangePassword && can(actor, 'submission.edit') && recordCovered(scopeOf(actor, 'submission.edit'), row) && !isLocked(row.status);
}

export function mayReview(actor: Actor | null, row: Pick<SubmissionRow, 'geo_code' | 'definition_key'>): boolean {
  return !!actor && !actor.mustChangePassword && can(actor, 'submission.review') && recordInScope(scopeOf(actor, 'submission.review'), row);
}

/** The record under lock when it lies in the reviewer's area, else NOT_FOUND. */
async function reviewable(trx: Kysely<Database>, who: Actor, id: string): Promise<SubmissionRow> {
  if (!UUID.test(id)) throw new Problem('NOT_FOUND');
  const row = await findForUpdate(trx, id.toLowerCase());
  if (!row || !recordInScope(scopeOf(who, 'submission.review'), row)) throw new Problem('NOT_FOUND');
  return row;
}

/** The record when the actor may read, edit or review it (comments, history, unlock requests), else NOT_FOUND. */
async function visible(db: Kysely<Database>, who: Actor, id: string, lock: boolean): Promise<SubmissionRow> {
  if (!can(who, 'submission.read') && !can(who, 'submission.review') && !can(who, 'submission.edit')) throw new Problem('FORBIDDEN');
  if (!UUID.test(id)) throw new Problem('NOT_FOUND');
  const row = lock ? await findForUpdate(db, id.toLowerCase()) : await findById(db, id.toLowerCase());
  if (!row) throw new Problem('NOT_FOUND');
  const seen =
    recordInScope(scopeOf(who, 'submission.read'), row) ||
    recordInScope(scopeOf(who, 'submission.review'), row) ||
    recordCovered(scopeOf(who, 'submission.edit'), row);
  if (!seen) throw new Problem('NOT_FOUND');
  return row;
}

function text(value: string | null | undefined, path: string, required: boolean): string {
  const body = (value ?? '').trim();
  if (required && body === '') throw badInput(path, 'required', 'Write a comment: say what is wrong or why.', 'សូមសរសេរមតិយោបល់៖ ប្រាប់ថាមានបញ្ហាអ្វី ឬហេតុអ្វី។');
  if (body.length > MAX_COMMENT) throw badInput(path, 'maxLength', `Keep it under ${MAX_COMMENT} characters.`, `សូមសរសេរឱ្យតិចជាង ${MAX_COMMENT} តួអក្សរ។`);
  return body;
}

function targetState(state: string): ReviewState {
  if (!isReviewState(state)) throw badInput('state', 'enum', 'Unknown review state.', 'ស្ថានភាពពិនិត្យមិនស្គាល់។');
  return state;
}

export async function reviewSubmission(
  trx: Kysely<Database>,
  actor: Actor | null,
  input: { id: string; state: string; comment?: string | null; expectedVersion?: number | null },
): Promise<SubmissionRow> {
  const who = requireActor(actor, 'submission.review');
  const to = targetState(input.state);
  const row = await reviewable(trx, who, input.id);
  checkVersion(row, input.expectedVersion);
  const from = row.status as ReviewState;
  if (from === to || !canMove(from, to)) throw invalidTransition(from, to);
  const comment = text(input.comment, 'comment', needsComment(to));
  const updated = await setReviewState(trx, row.id, to, who.id);
  await insertComment(trx, { submissionId: row.id, authorId: who.id, authorName: who.displayName, body: comment, fromState: from, toState: to, kind: 'review', version: updated.version });
  await recordAudit(trx, {
    actorId: who.id,
    actorName: who.username,
    action: 'submission.review',
    entity: 'submission',
    entityId: row.id,
    before: { state: from, version: row.version },
    after: { state: to, version: updated.version, comment },
    ip: who.ip,
    geoCode: row.geo_code,
  });
  await enqueueSubmissionEvents(trx, 'submission.reviewed', [row.id], { review: { from, to, comment: comment || null } });
  return updated;
}

export interface BulkReviewOutcome {
  changed: number;
  unchanged: number;
  refused: Array<{ id: string; code: 'NOT_FOUND' | 'INVALID_TRANSITION' }>;
}

/**
 * How a bulk review shares the database with phones that submit meanwhile (decision 333): its rows
 * change `rows` at a time, and after each statement it waits `yieldRatio` times as long as the
 * statement took, leaving the database that share of its time (as PostgreSQL's own
 * vacuum_cost_delay does for maintenance). 0: no wait (PGlite, where a waiting transaction would
 * hold the only connection and stop everyone).
 */
export interface BulkPace {
  rows: number;
  yieldRatio: number;
  /** How to wait (tests watch it); default a timer. */
  wait?: (ms: number) => Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const BULK_PACE: Readonly<Record<'postgres' | 'pglite', BulkPace>> = {
  postgres: { rows: 1000, yieldRatio: 3 },
  pglite: { rows: MAX_BULK, yieldRatio: 0 },
};

/**
 * Moves many records to one state in the caller's ONE transaction: records outside the reviewer's
 * area or missing are refused NOT_FOUND, those already in the state are unchanged, those the rules
 * do not let move are refused INVALID_TRANSITION; the rest change together (set-based statements,
 * `pace.rows` at a time).
 */
export async function reviewSubmissions(
  trx: Kysely<Database>,
  actor: Actor | null,
  input: { ids: readonly string[]; state: string; comment?: string | null },
  pace: BulkPace = BULK_PACE.pglite,
): Promise<BulkReviewOutcome> {
  const who = requireActor(actor, 'submission.review');
  const to = targetState(input.state);
  if (input.ids.length === 0 || input.ids.length > MAX_BULK) throw badInput('ids', 'range', `Choose between 1 and ${MAX_BULK} records.`, `សូមជ្រើសរើសកំណត់ត្រាពី ១ ដល់ ${MAX_BULK}។`);
  const comment = text(input.comment, 'comment', needsComment(to));
  // Each record once (ids compared in lower case); refusals name the id as it was sent.
  const sent = new Map<string, string>();
  for (const id of input.ids) if (!sent.has(id.toLowerCase())) sent.set(id.toLowerCase(), id);
  const ids = [...sent.keys()];
  const wellFormed = ids.filter((id) => UUID.test(id));
  const found = new Map((await lockForBulkReview(trx, wellFormed, scopeOf(who, 'submission.review'))).map((r) => [r.id, r.status as ReviewState]));
  const outcome: BulkReviewOutcome = { changed: 0, unchanged: 0, refused: [] };
  const moving: string[] = [];
  for (const id of ids) {
    const from = found.get(id);
    if (from === undefined) outcome.refused.push({ id: sent.get(id)!, code: 'NOT_FOUND' });
    else if (from === to) outcome.unchanged++;
    else if (!canMove(from, to)) outcome.refused.push({ id: sent.get(id)!, code: 'INVALID_TRANSITION' });
    else moving.push(id);
  }
  const reviewer = { id: who.id, name: who.displayName, username: who.username, ip: who.ip };
  for (let at = 0; at < moving.length; at += pace.rows) {
    const started = performance.now();
    outcome.changed += await bulkSetState(trx, moving.slice(at, at + pace.rows), to, reviewer, comment);
    const waitMs = (performance.now() - started) * pace.yieldRatio;
    if (waitMs > 0 && at + pace.rows < moving.length) await (pace.wait ?? sleep)(waitMs);
  }
  await enqueueSubmissionEvents(trx, 'submission.reviewed', moving, { review: { to, comment: comment || null } });
  return outcome;
}

export async function commentSubmission(trx: Kysely<Database>, actor: Actor | null, input: { id: string; body: string; replyTo?: string | null }): Promise<CommentRow> {
  const who = requireActor(actor);
  if (!can(who, 'submission.review') && !can(who, 'submission.edit')) throw new Problem('FORBIDDEN');
  const row = await visible(trx, who, input.id, false);
  // Reviewers of the place and whoever may correct the record talk about it; readers only read.
  if (!recordInScope(scopeOf(who, 'submission.review'), row) && !recordCovered(scopeOf(who, 'submission.edit'), row)) throw new Problem('FORBIDDEN');
  const body = text(input.body, 'body', true);
  if (input.replyTo) {
    const parent = UUID.test(input.replyTo) ? await findComment(trx, input.replyTo.toLowerCase()) : undefined;
    if (!parent || parent.submission_id !== row.id) throw badInput('replyTo', 'exists', 'Reply to a comment of this record.', 'សូមឆ្លើយតបមតិយោបល់នៃកំណត់ត្រានេះ។');
  }
  const comment = await insertComment(trx, { submissionId: row.id, authorId: who.id, authorName: who.displayName, body, replyTo: input.replyTo?.toLowerCase() ?? null, kind: 'comment', version: row.version });
  await recordAudit(trx, { actorId: who.id, actorName: who.username, action: 'submission.comment', entity: 'submission', entityId: row.id, after: { comment: comment.id, body }, ip: who.ip, geoCode: row.geo_code });
  return comment;
}

export async function requestUnlock(trx: Kysely<Database>, actor: Actor | null, input: { id: string; reason: string }): Promise<UnlockRow> {
  const who = requireActor(actor, 'submission.edit');
  if (!UUID.test(input.id)) throw new Problem('NOT_FOUND');
  const row = await findForUpdate(trx, input.id.toLowerCase());
  if (!row || !recordCovered(scopeOf(who, 'submission.edit'), row)) throw new Problem('NOT_FOUND');
  const reason = text(input.reason, 'reason', true);
  if (!isLocked(row.status)) {
    const message = { en: 'Only an approved (locked) record needs an unlock.', km: 'មានតែកំណត់ត្រាដែលបានអនុម័ត (ចាក់សោ) ទេ ដែលត្រូវការដោះសោ។' };
    throw new Problem('INVALID_TRANSITION', { message, errors: [{ path: 'id', keyword: 'locked', message }] });
  }
  if (await findPendingUnlock(trx, row.id)) {
    const message = { en: 'An unlock request for this record is already waiting for a reviewer.', km: 'សំណើដោះសោសម្រាប់កំណត់ត្រានេះកំពុងរង់ចាំអ្នកពិនិត្យរួចហើយ។' };
    throw new Problem('CONFLICT', { message, errors: [{ path: 'id', keyword: 'pending', message }] });
  }
  const request = await insertUnlockRequest(trx, { submissionId: row.id, reason, requestedBy: who.id, requestedByName: who.displayName });
  await insertComment(trx, { submissionId: row.id, authorId: who.id, authorName: who.displayName, body: reason, kind: 'unlock_request', version: row.version });
  await recordAudit(trx, { actorId: who.id, actorName: who.username, action: 'submission.unlock_request', entity: 'submission', entityId: row.id, after: { request: request.id, reason }, ip: who.ip, geoCode: row.geo_code });
  return request;
}

/** A reviewer grants (the record goes back to has_issues, editable) or refuses the pending unlock request. */
export async function decideUnlock(trx: Kysely<Database>, actor: Actor | null, input: { id: string; grant: boolean; reason?: string | null }): Promise<SubmissionRow> {
  const who = requireActor(actor, 'submission.review');
  const row = await reviewable(trx, who, input.id);
  const pending = await findPendingUnlock(trx, row.id);
  if (!pending || !isLocked(row.status)) {
    const message = { en: 'There is no unlock request waiting for this record.', km: 'គ្មានសំណើដោះសោកំពុងរង់ចាំសម្រាប់កំណត់ត្រានេះទេ។' };
    throw new Problem('INVALID_TRANSITION', { message, errors: [{ path: 'id', keyword: 'pending', message }] });
  }
  const reason = text(input.reason, 'reason', false);
  await decideUnlockRequest(trx, pending.id, { decision: input.grant ? 'granted' : 'refused', decidedBy: who.id, decidedByName: who.displayName, reason: reason || null });
  const updated = input.grant ? await setReviewState(trx, row.id, 'has_issues', who.id) : row;
  await insertComment(trx, {
    submissionId: row.id,
    authorId: who.id,
    authorName: who.displayName,
    body: reason,
    kind: input.grant ? 'unlock_granted' : 'unlock_refused',
    fromState: row.status,
    toState: updated.status,
    version: updated.version,
  });
  await recordAudit(trx, {
    actorId: who.id,
    actorName: who.username,
    action: 'submission.unlock',
    entity: 'submission',
    entityId: row.id,
    before: { state: row.status, version: row.version, request: pending.id },
    after: { state: updated.status, version: updated.version, granted: input.grant, reason },
    ip: who.ip,
    geoCode: row.geo_code,
  });
  // A granted unlock changes the review state (approved → has_issues): receivers hear of it as a review.
  if (input.grant) await enqueueSubmissionEvents(trx, 'submission.reviewed', [row.id], { review: { from: row.status, to: updated.status, comment: reason || null, unlock: true } });
  return updated;
}

export async function submissionComments(db: Kysely<Database>, actor: Actor | null, id: string): Promise<CommentRow[]> {
  const who = requireActor(actor);
  const row = await visible(db, who, id, false);
  return listComments(db, row.id);
}

export interface HistoryEntry {
  version: number;
  at: Date;
  byName: string | null;
  action: 'created' | 'edited' | 'reviewed' | 'unlock_requested' | 'unlocked' | 'unlock_refused';
  state: string | null;
  changes: Array<{ path: string; label: LocalizedMessage; before: unknown; after: unknown }>;
  comment: string | null;
}

const actionOfKind: Record<string, HistoryEntry['action']> = { review: 'reviewed', unlock_request: 'unlock_requested', unlock_granted: 'unlocked', unlock_refused: 'unlock_refused' };

/** Every step of a record, oldest first: sent, each edit (field changes labelled from its pinned version), review changes and unlock steps. */
export async function submissionHistory(db: Kysely<Database>, actor: Actor | null, id: string, definitions: DefinitionCache): Promise<HistoryEntry[]> {
  const who = requireActor(actor);
  const row = await visible(db, who, id, false);
  const [edits, comments, def] = [await listEdits(db, row.id), await listComments(db, row.id), await definitions.get(db, row.definition_key, row.definition_version)];
  const names = row.submitted_by ? await userNames(db, [row.submitted_by]) : new Map<string, string>();
  const entries: HistoryEntry[] = [
    { version: 1, at: row.created_at, byName: (row.submitted_by && names.get(row.submitted_by)) ?? null, action: 'created', state: 'received', changes: [], comment: null },
  ];
  edits.forEach((edit, i) => {
    const after = i + 1 < edits.length ? edits[i + 1]!.data : row.data;
    const changes = def && def.kind === 'form' ? diffData(def.schema, edit.data, after) : [];
    entries.push({
      version: edit.next_version ?? edit.version + 1,
      at: edit.edited_at,
      byName: edit.by_name,
      action: 'edited',
      state: edit.next_status ?? edit.status,
      changes: changes.map((c) => ({ path: c.path, label: { km: localize(c.label, 'km'), en: localize(c.label, 'en') }, before: c.before, after: c.after })),
      comment: null,
    });
  });
  for (const c of comments) {
    const action = actionOfKind[c.kind];
    if (action) entries.push({ version: c.version, at: c.created_at, byName: c.author_name, action, state: c.to_state, changes: [], comment: c.body || null });
  }
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime() || a.version - b.version);
}

export interface Attention {
  sentBackToMe: number;
  waitingForReview: number;
  unlockRequests: number;
  items: Array<{ kind: string; row: SubmissionRow }>;
}

/** What needs the actor (in their training mode's side): their records sent back, records waiting for their review, unlock requests in their review area. */
export async function attention(db: Kysely<Database>, actor: Actor | null, first = 20): Promise<Attention> {
  const who = requireActor(actor);
  if (!Number.isInteger(first) || first < 1 || first > 100) throw badInput('first', 'range', 'first must be between 1 and 100.', 'first ត្រូវនៅចន្លោះ ១ និង ១០០។');
  const review = scopeOf(who, 'submission.review');
  // Training records in training mode, real ones otherwise (as the data table and exports).
  const counts = await attentionCounts(db, who.id, review, who.trainingMode);
  const items = (await attentionItems(db, who.id, review, who.trainingMode, first)).sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, first);
  return { sentBackToMe: counts.sentBack, waitingForReview: counts.toReview, unlockRequests: counts.unlocks, items: items.map(({ kind, row }) => ({ kind, row })) };
}

/** Display names of users (loaders: who sent, who reviewed). Names are shown with records the caller already sees. */
export async function displayNames(db: Kysely<Database>, ids: ReadonlyArray<string | null>): Promise<Map<string, string>> {
  return userNames(db, [...new Set(ids.filter((id): id is string => id !== null))]);
}

/** The pending unlock request of each record (loaders: the records were already checked by the query that returned them). */
export async function pendingUnlocks(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, UnlockRow>> {
  return pendingUnlocksOf(db, [...new Set(ids)]);
}
