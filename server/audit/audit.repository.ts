// Append-only audit events; callers pass the transaction of the change they record.
import type { Kysely } from 'kysely';
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
