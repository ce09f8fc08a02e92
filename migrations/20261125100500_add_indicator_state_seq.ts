// Remembers up to which submission (sequence number) each indicator's roll-ups include new rows, so
// new submissions are added incrementally rather than by recomputing their places.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('indicator_state').addColumn('seq_through', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('indicator_state').dropColumn('seq_through').execute();
}
