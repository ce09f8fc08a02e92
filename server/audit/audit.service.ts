// Searching the audit trail (admins only), newest first with keyset paging on the event id.
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/permissions';
import type { Database } from '../db/schema';
import { Problem } from '../http/problems';

export interface AuditFilter {
  actor?: string | null;
  action?: string | null;
  entity?: string | null;
  entityId?: string | null;
  from?: string | null;
  to?: string | null;
}

export async function searchAudit(db: Kysely<Database>, actor: Actor | null, filter: AuditFilter, first = 50, after?: string | null) {
  requireActor(actor, 'audit.read');
  if (!Number.isInteger(first) || first < 1 || first > 500) throw new Problem('BAD_INPUT', { errors: [{ path: 'first', keyword: 'range', message: { en: 'first must be between 1 and 500.', km: 'first ត្រូវនៅចន្លោះ ១ និង ៥០០។' } }] });
  if (after != null && !/^\d{1,19}$/.test(after)) throw new Problem('BAD_INPUT', { errors: [{ path: 'after', keyword: 'format', message: { en: 'Unknown cursor.', km: 'cursor មិនស្គាល់។' } }] });
  for (const key of ['from', 'to'] as const) {
    if (filter[key] && Number.isNaN(Date.parse(filter[key]!))) throw new Problem('BAD_INPUT', { errors: [{ path: `filter.${key}`, keyword: 'format', message: { en: 'Use a date like 2026-01-31.', km: 'សូមប្រើកាលបរិច្ឆេទដូចជា 2026-01-31។' } }] });
  }
  let q = db.selectFrom('audit_event').select(['id', 'at', 'actor_name', 'action', 'entity', 'entity_id', 'before', 'after', 'ip']);
  if (filter.actor) q = q.where('actor_name', '=', filter.actor);
  if (filter.action) q = q.where('action', 'like', `${filter.action.replace(/[%_]/g, '')}%`);
  if (filter.entity) q = q.where('entity', '=', filter.entity);
  if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
  if (filter.from) q = q.where('at', '>=', new Date(filter.from));
  if (filter.to) q = q.where('at', '<', new Date(new Date(filter.to).getTime() + (filter.to.length === 10 ? 86_400_000 : 0)));
  if (after) q = q.where('id', '<', after);
  const rows = await q.orderBy('id', 'desc').limit(first + 1).execute();
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}
