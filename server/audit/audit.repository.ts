// Append-only audit events; callers pass the transaction of the change they record.
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Scope } from '../auth/scope';
import { codeStartsWith } from '../db/code-prefix';
import type { Database } from '../db/schema';

export interface AuditInput {
  actorId: string | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  ip: string | null;
  /** The place of an area-bound record after the change; entries without one are area-less. */
  geoCode?: string | null;
  /** The place of the record before the change, when `before` data is recorded. */
  beforeGeoCode?: string | null;
}

export async function recordAudit(db: Kysely<Database>, event: AuditInput): Promise<void> {
  await db
    .insertInto('audit_event')
    .values({
      actor_id: event.actorId,
      actor_name: event.actorName,
      action: event.action,
      entity: event.entity,
      entity_id: event.entityId,
      before: event.before === undefined ? null : JSON.stringify(event.before),
      after: event.after === undefined ? null : JSON.stringify(event.after),
      ip: event.ip,
      geo_code: event.geoCode ?? null,
      before_geo_code: event.beforeGeoCode ?? null,
    })
    .execute();
}

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
  return eb.or([eb(col, 'is', null), ...scope.prefixes.map((p) => codeStartsWith(col, p))]);
}

/** One page (plus one row, to tell if there is a next) of the trail, newest first, inside the scope. */
export async function findAuditEvents(db: Kysely<Database>, scope: Scope, filter: AuditFilter, first: number, after?: string | null) {
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
        ...prefixes.flatMap((p) => [codeStartsWith('audit_event.geo_code', p), codeStartsWith('audit_event.before_geo_code', p)]),
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
  return q.orderBy('id', 'desc').limit(first + 1).execute();
}
