// Report narratives (kysely only): one row per month and area. Every read and write carries the
// caller's area as a SQL condition, so a narrative outside it is neither returned nor written.
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Scope } from '../auth/scope';
import { codeStartsWith } from '../db/code-prefix';
import type { Database } from '../db/schema';

export interface NarrativeRow {
  month: string;
  geo_code: string;
  body_km: string;
  body_en: string;
  updated_by_name: string;
  updated_at: Date;
}

/** `code` lies inside the scope's area (a country-wide scope: everywhere). */
function inArea(scope: Scope, code: Expression<string> | string): Expression<SqlBool> {
  if (scope.all) return sql<SqlBool>`true`;
  if (scope.prefixes.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(scope.prefixes.map((p) => codeStartsWith(code, p)), sql` or `)})`;
}

export async function findNarrative(db: Kysely<Database>, scope: Scope, month: string, geoCode: string): Promise<NarrativeRow | undefined> {
  return db
    .selectFrom('report_narrative')
    .select(['month', 'geo_code', 'body_km', 'body_en', 'updated_by_name', 'updated_at'])
    .where('month', '=', month)
    .where('geo_code', '=', geoCode)
    .where(() => inArea(scope, 'report_narrative.geo_code'))
    .executeTakeFirst();
}

/** Writes the narrative when its area is inside `scope`; undefined when it is not (nothing written). */
export async function upsertNarrative(
  trx: Kysely<Database>,
  scope: Scope,
  row: { month: string; geoCode: string; bodyKm: string; bodyEn: string; userId: string; userName: string },
): Promise<NarrativeRow | undefined> {
  return trx
    .insertInto('report_narrative')
    .columns(['month', 'geo_code', 'body_km', 'body_en', 'updated_by', 'updated_by_name'])
    // insert … select … where: a row outside the area is simply not written (one statement).
    .expression(
      trx
        .selectNoFrom([
          sql<string>`${row.month}::text`.as('month'),
          sql<string>`${row.geoCode}::text`.as('geo_code'),
          sql<string>`${row.bodyKm}::text`.as('body_km'),
          sql<string>`${row.bodyEn}::text`.as('body_en'),
          sql<string>`${row.userId}::uuid`.as('updated_by'),
          sql<string>`${row.userName}::text`.as('updated_by_name'),
        ])
        .where(() => inArea(scope, sql<string>`${row.geoCode}::text`)),
    )
    .onConflict((oc) => oc.columns(['month', 'geo_code']).doUpdateSet({ body_km: row.bodyKm, body_en: row.bodyEn, updated_by: row.userId, updated_by_name: row.userName, updated_at: sql`now()` }))
    .returning(['month', 'geo_code', 'body_km', 'body_en', 'updated_by_name', 'updated_at'])
    .executeTakeFirst();
}
