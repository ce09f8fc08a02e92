// The OData feed's queries (kysely only): one page of records, or of a repeat group's items, in the
// reader's area (the same whereSubmissions as the data table and exports), after a keyset position
// (`$skiptoken`: the last row's seq, and item number), plus an optional `$filter` condition and count.
// Pages follow the (definition_key, seq) index, so the millionth row costs what the first does.
import { sql, type ExpressionBuilder, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Scope } from '../auth/scope';
import type { Database } from '../db/schema';
import type { SubmissionFilter } from '../submissions/submission-filter';
import { whereSubmissions } from '../submissions/submissions.repository';
import type { FilterContext } from './odata-filter';

export interface RecordRow {
  seq: string;
  id: string;
  definition_version: number;
  geo_code: string | null;
  period: string | null;
  status: string;
  created_at: Date;
  updated_at: Date;
  data: unknown;
}

export interface ItemRow {
  seq: string;
  id: string;
  item: unknown;
  ord: string;
}

export interface PageQuery {
  definitionKey: string;
  scope: Scope;
  filter: SubmissionFilter;
  /** The `$filter` condition, made with the context below. */
  condition: ((ctx: FilterContext) => RawBuilder<SqlBool>) | null;
  after: { seq: string; ord: number } | null;
  skip: number;
  limit: number;
}

const recordContext: FilterContext = {
  answers: sql.ref('submission.data'),
  column: (name) => sql.ref(`submission.${name}`),
};

const itemContext: FilterContext = {
  answers: sql.ref('i.item'),
  column: (name) => sql.ref(`submission.${name}`),
  itemIndex: sql.ref('i.ord'),
};

function scoped(eb: ExpressionBuilder<Database, 'submission'>, query: PageQuery, ctx: FilterContext): ReturnType<typeof eb.and> {
  const parts = [whereSubmissions(eb, query.definitionKey, query.scope, query.filter)];
  if (query.condition) parts.push(query.condition(ctx));
  return eb.and(parts);
}

/** Rows come from a cursor in batches of this many, so a page is never held whole. */
const STREAM_BATCH = 500;

/** A page of records, streamed; the query (and its `$filter`) is built now, so a bad one throws before any row. */
export function recordPage(db: Kysely<Database>, query: PageQuery): AsyncIterableIterator<RecordRow> {
  let q = db
    .selectFrom('submission')
    .select(['seq', 'id', 'definition_version', 'geo_code', 'period', 'status', 'created_at', 'updated_at', 'data'])
    .where((eb) => scoped(eb, query, recordContext));
  if (query.after) q = q.where('seq', '>', query.after.seq);
  return q.orderBy('seq').limit(query.limit).offset(query.skip).stream(STREAM_BATCH) as AsyncIterableIterator<RecordRow>;
}

export async function countRecords(db: Kysely<Database>, query: PageQuery): Promise<number> {
  const row = await db
    .selectFrom('submission')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where((eb) => scoped(eb, query, recordContext))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Each record's items of the repeat at `path` (1-based `ord`), as rows. */
function items(path: readonly string[]) {
  const at = `{${path.join(',')}}`;
  return sql<{ item: unknown; ord: string }>`lateral (select value as item, ordinality as ord from jsonb_array_elements(case when jsonb_typeof(submission.data #> ${at}::text[]) = 'array' then submission.data #> ${at}::text[] else '[]'::jsonb end) with ordinality)`.as('i');
}

/** A page of a repeat group's items, streamed like recordPage. */
export function itemPage(db: Kysely<Database>, query: PageQuery, path: readonly string[]): AsyncIterableIterator<ItemRow> {
  let q = db
    .selectFrom('submission')
    .crossJoin(items(path))
    .select(['submission.seq as seq', 'submission.id as id', 'i.item as item', 'i.ord as ord'])
    .where((eb) => scoped(eb as unknown as ExpressionBuilder<Database, 'submission'>, query, itemContext));
  if (query.after) {
    const { seq, ord } = query.after;
    q = q.where(sql<SqlBool>`(submission.seq, i.ord) > (${seq}::bigint, ${ord}::bigint)`);
  }
  return q.orderBy('submission.seq').orderBy('i.ord').limit(query.limit).offset(query.skip).stream(STREAM_BATCH) as AsyncIterableIterator<ItemRow>;
}

export async function countItems(db: Kysely<Database>, query: PageQuery, path: readonly string[]): Promise<number> {
  const row = await db
    .selectFrom('submission')
    .crossJoin(items(path))
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where((eb) => scoped(eb as unknown as ExpressionBuilder<Database, 'submission'>, query, itemContext))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
