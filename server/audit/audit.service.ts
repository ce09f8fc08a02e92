// Searching the audit trail, newest first with keyset paging on the event id. Entries about area-bound
// records (submissions) carry the record's place and are limited in SQL to the reader's area, like the
// records themselves: `before` only when the record was inside the area before the change, `after`
// only when it is inside after. Entries about area-less things (definitions, users) need only the grant.
import { sql, type ExpressionBuilder, type Kysely, type SqlBool, type Expression } from 'kysely';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/permissions';
import { scopeOf, type Scope } from '../auth/scope';
import type { Database } from '../db/schema';
import { badParam, checkCursor, checkPageSize, isCalendarDate } from '../core/params';

export interface AuditFilter {
  actor?: string | null;
  action?: string | null;
  entity?: string | null;
  entityId?: string | null;
  from?: string | null;
  to?: string | null;
}

type Column = 'audit_event.geo_code' | 'audit_event.before_geo_code';

/** The column is null (area-less) or inside one of the scope's areas. */
function openTo(eb: ExpressionBuilder<Database, 'audit_event'>, scope: Scope & { all: false }, column: Expression<string | null> | Column): Expression<SqlBool> {
  const col = typeof column === 'string' ? eb.ref(column) : column;
  return eb.or([eb(col, 'is', null), ...scope.prefixes.map((p) => eb(col, 'like', `${p}%`))]);
}

function checkTime(value: string | null | undefined, path: string): void {
  if (!value) return;
  const ok = value.length === 10 ? isCalendarDate(value) : /^\d{4}-\d{2}-\d{2}T/.test(value) && isCalendarDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value));
  if (!ok) throw badParam(path, 'format', 'Use a date like 2026-01-31.', 'សូមប្រើកាលបរិច្ឆេទដូចជា 2026-01-31។');
}

export async function searchAudit(db: Kysely<Database>, actor: Actor | null, filter: AuditFilter, first = 50, after?: string | null) {
  const who = requireActor(actor, 'audit.read');
  checkPageSize(first);
  checkCursor(after);
  checkTime(filter.from, 'filter.from');
  checkTime(filter.to, 'filter.to');
  const scope = scopeOf(who, 'audit.read');
  const open = (eb: ExpressionBuilder<Database, 'audit_event'>, column: Expression<string | null> | Column): Expression<SqlBool> =>
    scope.all ? sql<SqlBool>`true` : openTo(eb, scope, column);
  let q = db
    .selectFrom('audit_event')
    .select(['id', 'at', 'actor_name', 'action', 'entity', 'entity_id', 'ip'])
    .select((eb) => [
      eb.case().when(open(eb, eb.fn.coalesce('audit_event.before_geo_code', 'audit_event.geo_code'))).then(eb.ref('before')).else(null).end().as('before'),
      eb.case().when(open(eb, 'audit_event.geo_code')).then(eb.ref('after')).else(null).end().as('after'),
    ]);
  if (!scope.all) {
    const { prefixes } = scope;
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('geo_code', 'is', null), eb('before_geo_code', 'is', null)]),
        ...prefixes.flatMap((p) => [eb('geo_code', 'like', `${p}%`), eb('before_geo_code', 'like', `${p}%`)]),
      ]),
    );
  }
  if (filter.actor) q = q.where('actor_name', '=', filter.actor);
  if (filter.action) q = q.where('action', 'like', `${filter.action.replace(/[%_\\]/g, '')}%`);
  if (filter.entity) q = q.where('entity', '=', filter.entity);
  if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
  if (filter.from) q = q.where('at', '>=', new Date(filter.from));
  if (filter.to) q = q.where('at', '<', new Date(new Date(filter.to).getTime() + (filter.to.length === 10 ? 86_400_000 : 0)));
  if (after) q = q.where('id', '<', after);
  const rows = await q.orderBy('id', 'desc').limit(first + 1).execute();
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}
