// Rows for the CSV export, shaped by PostgreSQL: each exported field's answer as its JSON text
// (`data #> path`), the submission time already as ISO text, and no other column. PostgreSQL then does
// the JSON work on its own core while Node only writes CSV (issue 14: CSV at COPY's pace), instead of
// Node parsing every whole document and writing parts of it back out as JSON.
import { expressionBuilder, sql, type CompiledQuery, type Kysely } from 'kysely';
import type { Scope } from '../auth/scope';
import type { Database } from '../db/schema';
import type { SubmissionFilter } from '../submissions/submission-filter';
import { whereSubmissions } from '../submissions/submissions.repository';
import type { LineSql } from './csv-sql';

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

/** One record's CSV line written by PostgreSQL, or (line null) its texts for Node to write it. */
export interface ExportLineRow {
  line: string | null;
  /** JSON array: id, version, geo code, period, status, created_at, then each path's answer text. */
  raw: string | null;
  /** The JSON text of each repeat group's cell (`j0`, `j1` …). */
  [json: `j${number}`]: string | null;
}

/** The lines query of csv-sql.ts for the records an export reads: same where clause (area limits in SQL) and order. */
export function exportLinesQuery(db: Kysely<Database>, definitionKey: string, scope: Scope, filter: SubmissionFilter, lines: LineSql): CompiledQuery<ExportLineRow> {
  const eb = expressionBuilder<Database, 'submission'>();
  const json = lines.json.map((j, i) => sql`, ${j} as ${sql.id(`j${i}`)}`);
  return sql<ExportLineRow>`select l.line${sql.join(json, sql``)}, ${lines.raw} as raw from submission, ${lines.from} where ${whereSubmissions(eb, definitionKey, scope, filter)} order by submission.seq`.compile(db);
}

/** The lines query through a cursor (PGlite, and PostgreSQL without COPY). */
export async function* streamExportLines(db: Kysely<Database>, query: CompiledQuery<ExportLineRow>): AsyncGenerator<ExportLineRow> {
  for await (const result of db.getExecutor().stream(query, BATCH)) yield* result.rows;
}
