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
