// Batch submit for the offline field app (issue 9): a phone sends its outbox as up to
// LIMITS.syncRecords records and gets one answer per record, in input order. Each record is held to
// exactly what `submit` checks (prepareSubmission, the same gazetteer rule, the same idempotency rule),
// but the batch costs a fixed number of statements: records are checked in JS, the gazetteer facts of
// every named place are read in one query, the accepted rows and their audit events are written by ONE
// atomic statement (so, like `submit`, no explicit transaction), and the ids that were not written are
// looked up in one query to tell an idempotent resend (DUPLICATE) from another record (CONFLICT).
// A refused record never blocks the others.
import type { Kysely } from 'kysely';
import { LIMITS } from '../../form-engine/index';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/permissions';
import { scopeOf } from '../auth/scope';
import type { Database, SubmissionRow } from '../db/schema';
import { Problem, isProblem } from '../core/problems';
import { gazetteerCodes, gazetteerErrors, gazetteerProblem } from './places';
import { findStoredForBatch, gazetteerFacts, insertBatchIfAbsent } from './submissions.repository';
import { linkMedia } from '../media/media.service';
import {
  idTaken,
  isSameSubmission,
  prepareSubmission,
  type PreparedSubmission,
  type SubmissionDeps,
  type SubmitInput,
} from './submissions.service';

export type SyncStatus = 'STORED' | 'DUPLICATE' | 'CONFLICT' | 'INVALID' | 'FORBIDDEN';

export interface SyncResult {
  /** The id as the client sent it. */
  id: string;
  status: SyncStatus;
  /** Why the record was refused (CONFLICT, INVALID, FORBIDDEN). */
  problem?: Problem;
  /** The stored row (STORED, DUPLICATE). */
  submission?: SubmissionRow;
}

/** The status a refusal of `submit` becomes for one record of a batch. */
function statusOf(problem: Problem): SyncStatus {
  if (problem.code === 'FORBIDDEN' || problem.code === 'TOKEN_FORM_NOT_ALLOWED') return 'FORBIDDEN';
  if (problem.code === 'SUBMISSION_ID_TAKEN' || problem.code === 'CONFLICT') return 'CONFLICT';
  return 'INVALID';
}

function refused(id: string, problem: Problem): SyncResult {
  return { id, status: statusOf(problem), problem };
}

/** A row seen as taken was gone by the lookup (deleted meanwhile), twice: resending settles it. */
function changedWhileSending(): Problem {
  return new Problem('CONFLICT', { message: { en: 'This record changed on the server while it was being sent. Please send it again.', km: 'កំណត់ត្រានេះបានផ្លាស់ប្តូរនៅលើម៉ាស៊ីនមេ ពេលកំពុងបញ្ជូន។ សូមបញ្ជូនវាម្តងទៀត។' } });
}

function badBatch(path: string, keyword: string, en: string, km: string): Problem {
  return new Problem('BAD_INPUT', { message: { en, km }, errors: [{ path, keyword, message: { en, km } }] });
}

/** Whole-call refusals: too many records, or one id twice (the client's outbox would be corrupt). */
function checkBatch(records: readonly SubmitInput[]): void {
  const max = LIMITS.syncRecords;
  if (records.length > max) {
    throw badBatch('records', 'maxItems', `Send at most ${max} records at once (${records.length} sent).`, `សូមបញ្ជូនយ៉ាងច្រើន ${max} កំណត់ត្រាក្នុងពេលតែមួយ (បានបញ្ជូន ${records.length})។`);
  }
  const first = new Map<string, number>();
  records.forEach((r, i) => {
    const id = r.id.toLowerCase();
    const seen = first.get(id);
    if (seen !== undefined) {
      throw badBatch(`records.${i}.id`, 'unique', `Record ${i} has the same id as record ${seen}.`, `កំណត់ត្រាទី ${i} មាន id ដូចគ្នានឹងកំណត់ត្រាទី ${seen}។`);
    }
    first.set(id, i);
  });
}

interface Pending {
  index: number;
  prepared: PreparedSubmission;
  /** Set when the gazetteer refuses a place: not written, but an identical stored row still wins. */
  placeProblem?: Problem;
}

export async function syncSubmissions(db: Kysely<Database>, actor: Actor | null, records: readonly SubmitInput[], deps: SubmissionDeps): Promise<SyncResult[]> {
  const who = requireActor(actor, 'submission.create');
  checkBatch(records);
  const scope = scopeOf(who, 'submission.create');
  const results: Array<SyncResult | undefined> = records.map(() => undefined);
  let pending: Pending[] = [];
  for (const [index, input] of records.entries()) {
    try {
      pending.push({ index, prepared: await prepareSubmission(db, deps, who, scope, input) });
    } catch (error) {
      if (!isProblem(error)) throw error;
      results[index] = refused(input.id, error);
    }
  }

  // One gazetteer query for every place of the batch, then the same rule as checkGazetteer per record.
  const codes = [...new Set(pending.flatMap((p) => gazetteerCodes(p.prepared.facets)))];
  const units = await gazetteerFacts(db, codes);
  for (const p of pending) {
    const errors = gazetteerErrors(units, p.prepared.facets, p.prepared.rules);
    if (errors.length > 0) p.placeProblem = gazetteerProblem(errors);
  }

  const audit = { submittedBy: who.id, actorName: who.username, ip: who.ip };
  // A second attempt only when a row seen as taken vanished before the lookup (deleted meanwhile).
  for (let attempt = 0; attempt < 2 && pending.length > 0; attempt++) {
    const inserted = await insertBatchIfAbsent(db, pending.filter((p) => !p.placeProblem).map((p) => p.prepared.row), audit);
    const notWritten = pending.filter((p) => !inserted.has(p.prepared.row.id));
    for (const p of pending) {
      const row = inserted.get(p.prepared.row.id);
      if (row) {
        await linkMedia(db, p.prepared.mediaIds, row.id);
        results[p.index] = { id: records[p.index]!.id, status: 'STORED', submission: { ...row, data: p.prepared.row.data } };
      }
    }
    const stored = await findStoredForBatch(db, notWritten.map((p) => p.prepared.row));
    const retry: Pending[] = [];
    for (const p of notWritten) {
      const id = records[p.index]!.id;
      const existing = stored.get(p.prepared.row.id);
      if (existing) {
        const { same: _same, ...row } = existing;
        // Equal jsonb: the data sent is the data stored, so it need not be read back.
        results[p.index] = isSameSubmission(existing, p.prepared.row) ? { id, status: 'DUPLICATE', submission: { ...row, data: p.prepared.row.data } } : refused(id, idTaken());
      } else if (p.placeProblem) {
        results[p.index] = refused(id, p.placeProblem);
      } else {
        retry.push(p);
      }
    }
    pending = retry;
  }
  for (const p of pending) results[p.index] = refused(records[p.index]!.id, changedWhileSending());
  return results as SyncResult[];
}
