// Boot policy when the database is not there yet (containers starting together, a database being
// restarted): retry with backoff for a bounded time, logging each attempt, then give up with a clear
// error so `npm start` exits non-zero. Errors that waiting cannot fix (wrong password, no such
// database) fail at once.
import { sql, type Kysely } from 'kysely';
import { isDatabaseUnavailable } from './db-errors';
import type { Database } from './schema';

export class DatabaseUnreachableError extends Error {}

export interface WaitOptions {
  /** 0 tries once. */
  timeoutMs: number;
  onRetry: (error: unknown, delayMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

export async function waitForDatabase(db: Kysely<Database>, options: WaitOptions): Promise<void> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = Date.now() + options.timeoutMs;
  let delay = 250;
  for (;;) {
    try {
      await sql`select 1`.execute(db);
      return;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      const left = deadline - Date.now();
      if (left <= 0) {
        const reason = error instanceof Error ? `${(error as { code?: string }).code ?? ''} ${error.message}`.trim() : String(error);
        throw new DatabaseUnreachableError(`the database did not answer within ${Math.round(options.timeoutMs / 1000)} s (${reason}). Check DATABASE_URL and that PostgreSQL is running; DATABASE_WAIT_SECONDS sets how long to wait.`);
      }
      const wait = Math.min(delay, left);
      options.onRetry(error, wait);
      await sleep(wait);
      delay = Math.min(delay * 2, 5_000);
    }
  }
}
