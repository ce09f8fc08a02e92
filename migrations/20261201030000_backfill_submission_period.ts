// Records without an answered event date had no period and vanished from period views and the monthly
// report. Their period is now the day they were sent, in Cambodia time (as the server fills it on every
// write); indicator roll-ups are rebuilt so they count these records in their month.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const result = await sql`update submission set period = cast(timezone('Asia/Phnom_Penh', created_at) as date) where period is null`.execute(db);
  // A full rebuild is exact: it recomputes every place against the stored leaf aggregates.
  if (Number(result.numAffectedRows ?? 0) > 0) await sql`update indicator_state set built_at = null`.execute(db);
}

export async function down(): Promise<void> {
  // Which periods were backfilled is not recorded; they stay (they are correct under either rule).
}
