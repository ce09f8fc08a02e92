// Throttling of password guesses: sign-in per account and per client address, password change per
// account. After too many failures in a fixed window, attempts are refused (RATE_LIMITED, 429 with
// Retry-After) until the window ends. The counters live in PostgreSQL (attempt_counter), so every app
// instance sharing the database counts together and a restart does not reset them; times come from
// the database clock. An attempt is counted when it begins, by one atomic upsert, so parallel guesses
// cannot all pass a check before any failure is recorded; success gives the count back. Calls run
// outside the request's transaction (a refused attempt rolls that transaction back).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

export interface ThrottleLimits {
  perAccount: number;
  perAddress: number;
  windowMs: number;
}

export const defaultLimits: ThrottleLimits = { perAccount: 5, perAddress: 30, windowMs: 15 * 60_000 };

interface Rule {
  key: string;
  limit: number;
}

const accountKey = (username: string) => `login:user:${username.toLowerCase()}`;
const addressKey = (ip: string) => `login:ip:${ip}`;
const passwordChangeKey = (userId: string) => `password-change:user:${userId}`;

export class LoginThrottle {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly limits: ThrottleLimits = defaultLimits,
  ) {}

  /** Counts a sign-in attempt; returns the seconds to wait when it is over a limit (refuse it), else 0. */
  beginSignIn(username: string, ip: string): Promise<number> {
    return this.take([
      { key: accountKey(username), limit: this.limits.perAccount },
      { key: addressKey(ip), limit: this.limits.perAddress },
    ]);
  }

  /** The attempt was right: the account starts afresh and the address gets its attempt back. */
  async signInSucceeded(username: string, ip: string): Promise<void> {
    await this.clear(accountKey(username));
    await this.giveBack(addressKey(ip));
  }

  /** Counts a try of the signed-in user's current password (changePassword), like beginSignIn. */
  beginPasswordChange(userId: string): Promise<number> {
    return this.take([{ key: passwordChangeKey(userId), limit: this.limits.perAccount }]);
  }

  async passwordChangeSucceeded(userId: string): Promise<void> {
    await this.clear(passwordChangeKey(userId));
  }

  /** Refused before the current password was checked (e.g. the new one is too weak): not a guess. */
  async passwordChangeNotTried(userId: string): Promise<void> {
    await this.giveBack(passwordChangeKey(userId));
  }

  /** One attempt more on every key, in one statement: a new window starts when none is running. */
  private async take(rules: Rule[]): Promise<number> {
    // Expired windows are removed as attempts arrive, so the table holds only live counters.
    await this.db.deleteFrom('attempt_counter').where('resets_at', '<=', sql<Date>`now()`).execute();
    const resetsAt = sql<Date>`now() + make_interval(secs => ${this.limits.windowMs / 1000})`;
    const rows = await this.db
      .insertInto('attempt_counter')
      .values(rules.map((r) => ({ key: r.key, failures: 1, resets_at: resetsAt })))
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: sql<number>`case when attempt_counter.resets_at > now() then attempt_counter.failures + 1 else 1 end`,
          resets_at: sql<Date>`case when attempt_counter.resets_at > now() then attempt_counter.resets_at else excluded.resets_at end`,
        }),
      )
      .returning(['key', 'failures', sql<number>`ceil(extract(epoch from resets_at - now()))::int`.as('seconds')])
      .execute();
    let wait = 0;
    for (const row of rows) {
      const rule = rules.find((r) => r.key === row.key);
      if (rule && row.failures > rule.limit) wait = Math.max(wait, Math.max(1, Number(row.seconds)));
    }
    return wait;
  }

  private async giveBack(key: string): Promise<void> {
    await this.db.updateTable('attempt_counter').set({ failures: sql<number>`greatest(failures - 1, 0)` }).where('key', '=', key).execute();
  }

  private async clear(key: string): Promise<void> {
    await this.db.deleteFrom('attempt_counter').where('key', '=', key).execute();
  }
}
