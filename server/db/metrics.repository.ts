// What /metrics reads from the database at scrape time, so every instance reports the same shared
// state: how far behind each published indicator's roll-ups are, and which imports hold their lock.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';

export interface IndicatorFreshness {
  key: string;
  version: number;
  /** Seconds since the last successful pass (now() - checked_through); null: never built yet. */
  lagSeconds: number | null;
  failed: boolean;
}

/** One row per published indicator (latest published version of each key). */
export async function indicatorFreshness(db: Kysely<Database>): Promise<IndicatorFreshness[]> {
  const rows = await db
    .selectFrom('definition as d')
    .leftJoin('indicator_state as s', (j) => j.onRef('s.indicator_key', '=', 'd.key').onRef('s.indicator_version', '=', 'd.version'))
    .where('d.kind', '=', 'indicator')
    .where('d.status', '=', 'published')
    .distinctOn('d.key')
    .orderBy('d.key')
    .orderBy('d.version', 'desc')
    .select([
      'd.key',
      'd.version',
      sql<string | null>`extract(epoch from (now() - s.checked_through))`.as('lag'),
      sql<boolean>`s.failed_at is not null`.as('failed'),
    ])
    .execute();
  return rows.map((r) => ({ key: r.key, version: r.version, lagSeconds: r.lag === null ? null : Number(r.lag), failed: r.failed === true }));
}

/** Import kinds whose lock is held and not expired (a geography or provider import is running). */
export async function runningImports(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('import_lock').select('kind').where('expires_at', '>', sql<Date>`now()`).execute();
  return rows.map((r) => r.kind);
}

export interface WebhookQueue {
  /** Deliveries waiting or being sent, and those given up on in the last day. */
  pending: number;
  delivering: number;
  failedLastDay: number;
  /** Seconds the oldest due delivery has waited (0 when none is due). */
  oldestDueSeconds: number;
}

/** The webhook queue as every instance sees it (the partial index on due deliveries serves the first two). */
export async function webhookQueue(db: Kysely<Database>): Promise<WebhookQueue> {
  const row = await db
    .selectFrom('webhook_delivery')
    .select([
      sql<string>`count(*) filter (where status = 'pending')`.as('pending'),
      sql<string>`count(*) filter (where status = 'delivering')`.as('delivering'),
      sql<string>`count(*) filter (where status = 'failed' and last_attempt_at > now() - interval '1 day')`.as('failed'),
      sql<string | null>`extract(epoch from (now() - min(next_attempt_at) filter (where status in ('pending', 'delivering') and next_attempt_at <= now())))`.as('oldest'),
    ])
    .where((eb) => eb.or([eb('status', 'in', ['pending', 'delivering']), eb('last_attempt_at', '>', sql<Date>`now() - interval '1 day'`)]))
    .executeTakeFirstOrThrow();
  return { pending: Number(row.pending), delivering: Number(row.delivering), failedLastDay: Number(row.failed), oldestDueSeconds: row.oldest === null ? 0 : Math.max(0, Number(row.oldest)) };
}
