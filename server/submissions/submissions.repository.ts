// Submission rows (kysely only). Inserts are idempotent on the client-generated id.
import { CompiledQuery, sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Scope } from '../auth/scope';
import { codeStartsWith } from '../db/code-prefix';
import type { Database, SubmissionRow } from '../db/schema';
import type { SubmissionFilter } from './submission-filter';
import { submissionOutboxCte, submissionReaderRoles } from '../webhooks/webhooks.repository';

/**
 * Rows inside the scope: its areas (a SQL condition on the derived geography column) and, for a
 * form-limited API token, its forms. Every submission query that takes a scope goes through here.
 */
export function areaCondition(eb: ExpressionBuilder<Database, 'submission'>, scope: Scope): Expression<SqlBool> {
  const forms = scope.forms ? formCondition(eb, scope.forms) : null;
  const area = scope.all ? null : scope.prefixes.length === 0 ? sql<SqlBool>`false` : eb.or(scope.prefixes.map((p) => codeStartsWith('submission.geo_code', p)));
  if (forms && area) return eb.and([area, forms]);
  return area ?? forms ?? sql<SqlBool>`true`;
}

/** Rows of these forms only (a form-limited API token). */
export function formCondition(eb: ExpressionBuilder<Database, 'submission'>, forms: readonly string[]): Expression<SqlBool> {
  return forms.length === 0 ? sql<SqlBool>`false` : eb('submission.definition_key', 'in', forms);
}

export function whereSubmissions(
  eb: ExpressionBuilder<Database, 'submission'>,
  definitionKey: string,
  scope: Scope,
  filter: SubmissionFilter,
): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [eb('submission.definition_key', '=', definitionKey)];
  if (!scope.all || scope.forms) parts.push(areaCondition(eb, scope));
  if (filter.version != null) parts.push(eb('submission.definition_version', '=', filter.version));
  if (filter.geo) parts.push(codeStartsWith('submission.geo_code', filter.geo));
  if (filter.from) parts.push(eb('submission.period', '>=', filter.from));
  if (filter.to) parts.push(eb('submission.period', '<=', filter.to));
  if (filter.states && filter.states.length > 0) parts.push(eb('submission.status', 'in', filter.states));
  // Real records, or (in training mode, or when asked) the training ones: never both mixed.
  parts.push(eb('submission.training', '=', filter.training ?? false));
  return eb.and(parts);
}

export interface NewSubmission {
  id: string;
  definitionKey: string;
  definitionVersion: number;
  geoCode: string | null;
  period: string | null;
  data: unknown;
  submittedBy: string;
  /** Training record; null: the writer's training switch decides (read in the insert statement). */
  training: boolean | null;
}

/**
 * The period of a record without an answered event date: the day it was sent, in Cambodia time
 * (UTC+7, the programme's day; a record sent at 06:00 on 1 March is a March record). SQL, so it
 * reads the row's own created_at, never the app server's clock. (submission_insert_if_absent, the
 * SQL function of migration 20261201090000, writes the same zone for new rows.)
 */
export const PERIOD_TIME_ZONE = 'Asia/Phnom_Penh';
const SENT_DAY_NOW = `cast(timezone('${PERIOD_TIME_ZONE}', now()) as date)`;

export const columns = ['id', 'seq', 'definition_key', 'definition_version', 'geo_code', 'period', 'status', 'data', 'submitted_by', 'created_at', 'updated_at', 'training', 'version', 'reviewed_by', 'reviewed_at'] as const;

/** The columns an insert returns: the row without `data` (the caller has it). */
const INSERTED = 'returning id, seq, definition_key, definition_version, geo_code, period, status, submitted_by, created_at, updated_at, training, version, reviewed_by, reviewed_at';

/** The audit CTE of an insert statement: one submission.create event per row of `ins`. */
function auditCreated(actorNameParam: string, ipParam: string): string {
  return `aud as (
    insert into audit_event (actor_id, actor_name, action, entity, entity_id, ip, geo_code)
    select ins.submitted_by, ${actorNameParam}, 'submission.create', 'submission', cast(ins.id as text), ${ipParam}, ins.geo_code from ins
  )`;
}

/**
 * Inserts the row and its audit event unless the id exists or a place code fails the gazetteer rule
 * (see places.ts), in ONE statement (so it is atomic without an explicit transaction and costs one
 * round trip); returns the new row, or undefined when nothing was written (the id was taken, or a
 * place was refused: the caller tells which). This is the hottest statement in the product, so it is
 * a PL/pgSQL function (migration 20261201090000): its plan is kept per connection instead of being
 * made again on every call, which cost more than the insert itself. Fully parameterised.
 */
const INSERT_IF_ABSENT = `
  select id, seq, definition_key, definition_version, geo_code, period, status, submitted_by, created_at, updated_at, training
  from submission_insert_if_absent(cast($1 as uuid), cast($2 as text), cast($3 as integer), cast($4 as text),
    cast($5 as date), cast(cast($6 as text) as jsonb), cast($7 as uuid), cast($8 as text), cast($9 as text), cast($10 as text[]),
    cast($11 as boolean), cast($12 as text[]))`;

/** A text[] literal of place codes (digits only: checked before they get here). */
function codesLiteral(codes: readonly string[]): string {
  if (!codes.every((c) => /^\d+$/.test(c))) throw new Error('bad place code');
  return `{${codes.join(',')}}`;
}

export async function insertIfAbsent(
  db: Kysely<Database>,
  s: NewSubmission,
  audit: { actorName: string; ip: string | null },
  placeCodes: readonly string[],
): Promise<SubmissionRow | undefined> {
  const result = await db.executeQuery<Omit<SubmissionRow, 'data' | 'version' | 'reviewed_by' | 'reviewed_at'>>(
    CompiledQuery.raw(INSERT_IF_ABSENT, [s.id, s.definitionKey, s.definitionVersion, s.geoCode, s.period, JSON.stringify(s.data), s.submittedBy, audit.actorName, audit.ip, codesLiteral(placeCodes), s.training, submissionReaderRoles()]),
  );
  const row = result.rows[0];
  return row && newRow(row, s.data);
}

/**
 * A row the insert function just made, whole. Not reading `data` back: the caller has it, and 2 KB of
 * jsonb back and forth costs both sides. A new row is version 1 and not reviewed yet (the function
 * returns the columns it had when made).
 */
function newRow(row: Omit<SubmissionRow, 'data' | 'version' | 'reviewed_by' | 'reviewed_at'>, data: unknown): SubmissionRow {
  return { ...row, data, version: 1, reviewed_by: null, reviewed_at: null };
}

/** One row of a group commit (insert-coalescer.ts): a `submit` call's row, audit and place codes. */
export interface PendingInsert {
  row: NewSubmission;
  audit: { actorName: string; ip: string | null };
  placeCodes: readonly string[];
}

/** INSERT_IF_ABSENT for several `submit` calls in one statement (migration 20261208090000). */
const INSERT_MANY_IF_ABSENT = `
  select ord, id, seq, definition_key, definition_version, geo_code, period, status, submitted_by, created_at, updated_at, training
  from submission_insert_many_if_absent(cast($1 as jsonb), cast($2 as text[]))`;

/**
 * insertIfAbsent for many calls at once: answer `i` is the new row of `pending[i]`, or undefined when
 * nothing was written for it (the caller tells why, as after insertIfAbsent). One statement, so one
 * transaction: if it fails, nothing of it was written.
 */
export async function insertManyIfAbsent(db: Kysely<Database>, pending: readonly PendingInsert[]): Promise<Array<SubmissionRow | undefined>> {
  const json = JSON.stringify(
    pending.map(({ row: s, audit, placeCodes }, ord) => {
      codesLiteral(placeCodes); // the same check of the codes as the single-row insert
      return { ord, id: s.id, definition_key: s.definitionKey, definition_version: s.definitionVersion, geo_code: s.geoCode, period: s.period, data: s.data, submitted_by: s.submittedBy, actor_name: audit.actorName, ip: audit.ip, codes: placeCodes, training: s.training };
    }),
  );
  const result = await db.executeQuery<Omit<SubmissionRow, 'data' | 'version' | 'reviewed_by' | 'reviewed_at'> & { ord: number }>(
    CompiledQuery.raw(INSERT_MANY_IF_ABSENT, [json, submissionReaderRoles()]),
  );
  const answers = new Array<SubmissionRow | undefined>(pending.length);
  for (const { ord, ...row } of result.rows) answers[ord] = newRow(row, (pending[ord] as PendingInsert).row.data);
  return answers;
}

/**
 * The batch form of INSERT_IF_ABSENT (syncSubmissions): every row and its audit event in ONE
 * statement, the rows passed as one JSON parameter (jsonb_to_recordset) so the statement text is the
 * same for 1 or 100 rows. Rows are inserted in id order, so two instances storing overlapping batches
 * take the id locks in the same order (no deadlock). The gazetteer was checked before (one query for
 * the whole batch); ids already taken are skipped and told apart by findStoredForBatch.
 */
const INSERT_BATCH_IF_ABSENT = `
  with ins as (
    insert into submission as s (id, definition_key, definition_version, geo_code, period, data, submitted_by, training)
    select r.id, r.definition_key, r.definition_version, r.geo_code, coalesce(r.period, ${SENT_DAY_NOW}), r.data, cast($2 as uuid),
      coalesce(r.training, (select w.training_mode from app_user w where w.id = cast($2 as uuid)), false)
    from jsonb_to_recordset(cast($1 as jsonb)) as r(id uuid, definition_key text, definition_version integer, geo_code text, period date, data jsonb, training boolean)
    order by r.id
    on conflict (id) do nothing
    ${INSERTED}, s as rec
  ), ${auditCreated('$3', '$4')},
  ${submissionOutboxCte('hook', 'ins', 'submission.created', '$5')}
  select ${INSERTED.replace('returning ', '')} from ins`;

/** The new rows by id (without `data`: the caller has it); ids absent from the answer were not written. */
export async function insertBatchIfAbsent(
  db: Kysely<Database>,
  rows: readonly NewSubmission[],
  audit: { submittedBy: string; actorName: string; ip: string | null },
): Promise<Map<string, Omit<SubmissionRow, 'data'>>> {
  if (rows.length === 0) return new Map();
  const json = JSON.stringify(
    rows.map((s) => ({ id: s.id, definition_key: s.definitionKey, definition_version: s.definitionVersion, geo_code: s.geoCode, period: s.period, data: s.data, training: s.training })),
  );
  const result = await db.executeQuery<Omit<SubmissionRow, 'data'>>(CompiledQuery.raw(INSERT_BATCH_IF_ABSENT, [json, audit.submittedBy, audit.actorName, audit.ip, submissionReaderRoles()]));
  return new Map(result.rows.map((r) => [r.id, r]));
}

const FIND_STORED_FOR_BATCH = `
  select s.id, s.seq, s.definition_key, s.definition_version, s.geo_code, s.period, s.status, s.submitted_by, s.created_at, s.updated_at, s.training,
    s.version, s.reviewed_by, s.reviewed_at, s.data = r.data as same
  from jsonb_to_recordset(cast($1 as jsonb)) as r(id uuid, data jsonb)
  join submission s on s.id = r.id`;

/**
 * findWithSameData for many ids in one query: the stored rows (without `data`) and whether each one's
 * data equals the data sent under its id (jsonb equality). Ids with nothing stored are absent.
 */
export async function findStoredForBatch(db: Kysely<Database>, sent: ReadonlyArray<{ id: string; data: unknown }>): Promise<Map<string, Omit<SubmissionRow, 'data'> & { same: boolean }>> {
  if (sent.length === 0) return new Map();
  const json = JSON.stringify(sent.map((s) => ({ id: s.id, data: s.data })));
  const result = await db.executeQuery<Omit<SubmissionRow, 'data'> & { same: boolean }>(CompiledQuery.raw(FIND_STORED_FOR_BATCH, [json]));
  return new Map(result.rows.map((r) => [r.id, r]));
}

/** For each code found: whether it is retired and whether the gazetteer lists units below it. */
export async function gazetteerFacts(db: Kysely<Database>, codes: readonly string[]): Promise<Map<string, { retired: boolean; hasChildren: boolean }>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('geo_unit as u')
    .select(['u.code', sql<boolean>`u.retired_at is not null`.as('retired'), sql<boolean>`exists (select 1 from geo_unit k where k.parent_code = u.code)`.as('has_children')])
    .where('u.code', 'in', codes)
    .execute();
  return new Map(rows.map((r) => [r.code, { retired: r.retired, hasChildren: r.has_children }]));
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

/** Keeps the data an edit replaces, under the version it had, with the version and state the edit makes. */
export async function archiveVersion(db: Kysely<Database>, row: SubmissionRow, editedBy: string, next: { version: number; status: string }): Promise<void> {
  await db
    .insertInto('submission_version')
    .values({ submission_id: row.id, version: row.version, data: JSON.stringify(row.data), status: row.status, edited_by: editedBy, next_version: next.version, next_status: next.status })
    .execute();
}

export async function updateData(
  db: Kysely<Database>,
  id: string,
  change: { data: unknown; geoCode: string | null; period: string | null; status: string },
): Promise<SubmissionRow> {
  return (await db
    .updateTable('submission')
    .set({
      data: JSON.stringify(change.data),
      geo_code: change.geoCode,
      period: sql<string>`coalesce(cast(${change.period} as date), cast(timezone(${PERIOD_TIME_ZONE}, created_at) as date))`,
      status: change.status,
      version: sql<number>`version + 1`,
      updated_at: sql<Date>`now()`,
    })
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

/** Submission counts per form key inside the scope, for many keys at once (a GraphQL loader). */
export async function countByKeys(db: Kysely<Database>, keys: readonly string[], scope: Scope, training: boolean): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .selectFrom('submission')
    .select(['definition_key', (eb) => eb.fn.countAll<string>().as('n')])
    .where('definition_key', 'in', keys)
    .where('training', '=', training)
    .where((eb) => areaCondition(eb, scope))
    .groupBy('definition_key')
    .execute();
  return new Map(rows.map((r) => [r.definition_key, Number(r.n)]));
}

/** Submissions per definition key inside the scope: in the month (YYYY-MM) and in the year (YYYY). */
export async function countByKeyInPeriod(db: Kysely<Database>, scope: Scope, month: string, year: string): Promise<Array<{ key: string; month: string; year: string }>> {
  return db
    .selectFrom('submission')
    .select(['definition_key as key', sql<string>`count(*) filter (where to_char(period, 'YYYY-MM') = ${month})`.as('month'), sql<string>`count(*)`.as('year')])
    .where((eb) => areaCondition(eb, scope))
    .where('training', '=', false)
    .where(sql<boolean>`to_char(period, 'YYYY') = ${year}`)
    .groupBy('definition_key')
    .execute();
}

/** Training records that `scope` reaches (inside its areas, or the writer's own when `ownerId` is set). */
function trainingReach(eb: ExpressionBuilder<Database, 'submission'>, scope: Scope, ownerId: string | null): Expression<SqlBool> {
  const reach = ownerId ? eb('submission.submitted_by', '=', ownerId) : areaCondition(eb, scope);
  return eb.and([eb('submission.training', '=', true), reach, ...(ownerId && scope.forms ? [formCondition(eb, scope.forms)] : [])]);
}

/** Training records in reach, per form key. */
export async function countTraining(db: Kysely<Database>, scope: Scope, ownerId: string | null): Promise<Array<{ key: string; n: number }>> {
  const rows = await db
    .selectFrom('submission')
    .select(['definition_key as key', (eb) => eb.fn.countAll<string>().as('n')])
    .where((eb) => trainingReach(eb, scope, ownerId))
    .groupBy('definition_key')
    .orderBy('definition_key')
    .execute();
  return rows.map((r) => ({ key: r.key, n: Number(r.n) }));
}

/**
 * Deletes the training records in reach (their history goes with them: submission_version cascades;
 * the delete trigger notes their places, so indicators re-check them and find nothing to change).
 * Returns how many went, per place, for the audit entries.
 */
export async function deleteTraining(db: Kysely<Database>, scope: Scope, ownerId: string | null): Promise<Array<{ geoCode: string | null; n: number }>> {
  const rows = await db
    .with('gone', (q) => q.deleteFrom('submission').where((eb) => trainingReach(eb, scope, ownerId)).returning(['geo_code']))
    .selectFrom('gone')
    .select(['gone.geo_code', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('gone.geo_code')
    .execute();
  return rows.map((r) => ({ geoCode: r.geo_code, n: Number(r.n) }));
}
