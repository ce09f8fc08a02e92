// Filters shared by the data table, exports and counts, applied in SQL together with the actor's scope.
import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { Scope } from '../auth/scope';
import type { Database } from '../db/schema';
import { isGeoCode } from '../geo/geo-codes';
import { Problem } from '../http/problems';

export interface SubmissionFilter {
  version?: number | null;
  /** NCDD code prefix: a province, district, commune or village. */
  geo?: string | null;
  /** Inclusive period bounds, YYYY-MM-DD. */
  from?: string | null;
  to?: string | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function checkFilter(filter: SubmissionFilter): void {
  const bad = (path: string) =>
    new Problem('BAD_INPUT', { errors: [{ path: `filter.${path}`, keyword: 'format', message: { en: 'Invalid filter value.', km: 'តម្លៃតម្រងមិនត្រឹមត្រូវ។' } }] });
  if (filter.geo && !isGeoCode(filter.geo)) throw bad('geo');
  if (filter.from && !DATE.test(filter.from)) throw bad('from');
  if (filter.to && !DATE.test(filter.to)) throw bad('to');
  if (filter.version != null && (!Number.isInteger(filter.version) || filter.version < 1)) throw bad('version');
}

/** Rows inside the scope's areas (a SQL condition on the derived geography column). */
export function areaCondition(eb: ExpressionBuilder<Database, 'submission'>, scope: Scope): Expression<SqlBool> {
  if (scope.all) return sql<SqlBool>`true`;
  return scope.prefixes.length === 0 ? sql<SqlBool>`false` : eb.or(scope.prefixes.map((p) => eb('submission.geo_code', 'like', `${p}%`)));
}

export function whereSubmissions(
  eb: ExpressionBuilder<Database, 'submission'>,
  definitionKey: string,
  scope: Scope,
  filter: SubmissionFilter,
): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [eb('submission.definition_key', '=', definitionKey)];
  if (!scope.all) parts.push(areaCondition(eb, scope));
  if (filter.version != null) parts.push(eb('submission.definition_version', '=', filter.version));
  if (filter.geo) parts.push(eb('submission.geo_code', 'like', `${filter.geo}%`));
  if (filter.from) parts.push(eb('submission.period', '>=', filter.from));
  if (filter.to) parts.push(eb('submission.period', '<=', filter.to));
  return eb.and(parts);
}
