// Submission rows (kysely only). Inserts are idempotent on the client-generated id.
import { sql, type Kysely } from 'kysely';
import type { Scope } from '../auth/scope';
import type { Database } from '../db/schema';
import { whereSubmissions, type SubmissionFilter } from './submission-filter';

export interface SubmissionRow {
  id: string;
  seq: string;
  definition_key: string;
  definition_version: number;
  geo_code: string | null;
  period: string | null;
  status: string;
  data: unknown;
  submitted_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface NewSubmission {
  id: string;
  definitionKey: string;
  definitionVersion: number;
  geoCode: string | null;
  period: string | null;
  data: unknown;
  submittedBy: string;
}

const columns = ['id', 'seq', 'definition_key', 'definition_version', 'geo_code', 'period', 'status', 'data', 'submitted_by', 'created_at', 'updated_at'] as const;

/**
 * Inserts the row and its audit event unless the id exists, in ONE statement (so it is atomic without
 * an explicit transaction and costs one round trip); returns the new row, or undefined when the id
 * was taken (then nothing was written).
 */
export async function insertIfAbsent(db: Kysely<Database>, s: NewSubmission, audit: { actorName: string; ip: string | null }): Promise<SubmissionRow | undefined> {
  return (await db
    .with('ins', (qb) =>
      qb
        .insertInto('submission')
        .values({
          id: s.id,
          definition_key: s.definitionKey,
          definition_version: s.definitionVersion,
          geo_code: s.geoCode,
          period: s.period,
          data: JSON.stringify(s.data),
          submitted_by: s.submittedBy,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning(columns),
    )
    .with('aud', (qb) =>
      qb
        .insertInto('audit_event')
        .columns(['actor_id', 'actor_name', 'action', 'entity', 'entity_id', 'ip'])
        .expression((eb) =>
          eb
            .selectFrom('ins')
            .select([
              'ins.submitted_by',
              sql.val(audit.actorName).as('actor_name'),
              sql.lit('submission.create').as('action'),
              sql.lit('submission').as('entity'),
              sql<string>`cast(ins.id as text)`.as('entity_id'),
              sql.val(audit.ip).as('ip'),
            ]),
        ),
    )
    .selectFrom('ins')
    .selectAll()
    .executeTakeFirst()) as SubmissionRow | undefined;
}

/** The stored row plus whether its data equals `data` (jsonb equality, so key order does not matter). */
export async function findWithSameData(db: Kysely<Database>, id: string, data: unknown): Promise<(SubmissionRow & { same: boolean }) | undefined> {
  return (await db
    .selectFrom('submission')
    .select(columns)
    .select(sql<boolean>`data = cast(cast(${JSON.stringify(data)} as text) as jsonb)`.as('same'))
    .where('id', '=', id)
    .executeTakeFirst()) as (SubmissionRow & { same: boolean }) | undefined;
}

export async function findForUpdate(db: Kysely<Database>, id: string): Promise<SubmissionRow | undefined> {
  return (await db.selectFrom('submission').select(columns).where('id', '=', id).forUpdate().executeTakeFirst()) as SubmissionRow | undefined;
}

export async function findById(db: Kysely<Database>, id: string): Promise<SubmissionRow | undefined> {
  return (await db.selectFrom('submission').select(columns).where('id', '=', id).executeTakeFirst()) as SubmissionRow | undefined;
}

export async function archiveVersion(db: Kysely<Database>, row: SubmissionRow, editedBy: string): Promise<number> {
  const { n } = await db
    .selectFrom('submission_version')
    .select((eb) => eb.fn.coalesce(eb.fn.max('version'), sql<number>`0`).as('n'))
    .where('submission_id', '=', row.id)
    .executeTakeFirstOrThrow();
  const version = Number(n) + 1;
  await db
    .insertInto('submission_version')
    .values({ submission_id: row.id, version, data: JSON.stringify(row.data), status: row.status, edited_by: editedBy })
    .execute();
  return version;
}

export async function updateData(db: Kysely<Database>, id: string, data: unknown, geoCode: string | null, period: string | null): Promise<SubmissionRow> {
  return (await db
    .updateTable('submission')
    .set({ data: JSON.stringify(data), geo_code: geoCode, period, updated_at: new Date() })
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirstOrThrow()) as SubmissionRow;
}

export async function listPage(
  db: Kysely<Database>,
  definitionKey: string,
  scope: Scope,
  filter: SubmissionFilter,
  first: number,
  afterSeq: string | null,
): Promise<SubmissionRow[]> {
  let q = db.selectFrom('submission').select(columns).where((eb) => whereSubmissions(eb, definitionKey, scope, filter));
  if (afterSeq !== null) q = q.where('seq', '<', afterSeq);
  return (await q.orderBy('seq', 'desc').limit(first + 1).execute()) as SubmissionRow[];
}

export async function countMatching(db: Kysely<Database>, definitionKey: string, scope: Scope, filter: SubmissionFilter): Promise<number> {
  const row = await db
    .selectFrom('submission')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where((eb) => whereSubmissions(eb, definitionKey, scope, filter))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Streams matching rows oldest first in chunks (a server-side cursor on PostgreSQL). */
export function streamMatching(db: Kysely<Database>, definitionKey: string, scope: Scope, filter: SubmissionFilter): AsyncIterableIterator<SubmissionRow> {
  return db
    .selectFrom('submission')
    .select(columns)
    .where((eb) => whereSubmissions(eb, definitionKey, scope, filter))
    .orderBy('seq', 'asc')
    .stream(500) as AsyncIterableIterator<SubmissionRow>;
}

export async function listHistory(db: Kysely<Database>, ids: readonly string[]) {
  return db
    .selectFrom('submission_version')
    .select(['submission_id', 'version', 'data', 'status', 'edited_by', 'edited_at'])
    .where('submission_id', 'in', ids)
    .orderBy('submission_id')
    .orderBy('version')
    .execute();
}
