// Searching the audit trail, newest first with keyset paging on the event id. Entries about area-bound
// records (submissions) carry the record's place and are limited in SQL to the reader's area, like the
// records themselves: `before` only when the record was inside the area before the change, `after`
// only when it is inside after. Entries about area-less things (definitions, users) need only the grant.
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/permissions';
import { scopeOf } from '../auth/scope';
import type { Database } from '../db/schema';
import { badParam, checkCursor, checkPageSize, isCalendarDate } from '../core/params';
import { findAuditEvents, type AuditFilter } from './audit.repository';

export type { AuditFilter };

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
  const rows = await findAuditEvents(db, scope, filter, first, after);
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}
