// Rows for the CSV export, shaped by PostgreSQL: each exported field's answer as its JSON text
// (`data #> path`), the submission time already as ISO text, and no other column. PostgreSQL then does
// the JSON work on its own core while Node only writes CSV (issue 14: CSV at COPY's pace), instead of
// Node parsing every whole document and writing parts of it back out as JSON.
import { sql, type Kysely } from 'kysely';
import type { Scope } from '../auth/scope';
import type { Database } from '../db/schema';
import type { SubmissionFilter } from '../submissions/submission-filter';
import { whereSubmissions } from '../submissions/submissions.repository';

export interface ExportTextRow {
  id: string;
  definition_version: number;
  geo_code: string | null;
  period: string | null;
  status: string;
  /** `Date#toISOString()` of created_at, written by PostgreSQL. */
  created_at: string;
  /** The answer at each requested path as JSON text (jsonb's), null where the record has none. */
  [column: `c${number}`]: string | null;
}

/** Rows a cursor fetches at a time: fewer round trips than the 500 of other streams. */
const BATCH = 2_000;

export function streamExportRows(db: Kysely<Database>, definitionKey: string, scope: Scope, filter: SubmissionFilter, paths: readonly string[]): AsyncIterableIterator<ExportTextRow> {
  return db
    .selectFrom('submission')
    .select(['id', 'definition_version', 'geo_code', 'period', 'status'])
    // toISOString's shape; milliseconds truncated as JavaScript's Date truncates microseconds.
    .select(sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.as('created_at'))
    .select(paths.map((p, i) => sql<string | null>`(data #> ${p.split('.')}::text[])::text`.as(`c${i}`)))
    .where((eb) => whereSubmissions(eb, definitionKey, scope, filter))
    .orderBy('seq', 'asc')
    .stream(BATCH) as AsyncIterableIterator<ExportTextRow>;
}
