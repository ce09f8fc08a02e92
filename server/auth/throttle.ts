// Throttling of password guesses: sign-in per account and per client address, password change per
// account. After too many failures in a fixed window, attempts are refused (RATE_LIMITED, 429 with
// Retry-After) until the window ends. The counters live in PostgreSQL (attempt_counter), so every app
// instance sharing the database counts together and a restart does not reset them; times come from
// the database clock. Calls run outside the request's transaction (a failed attempt rolls back).
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

  /** Seconds to wait before another sign-in attempt is allowed, or 0. */
  retryAfter(username: string, ip: string): Promise<number> {
    return this.wait([
      { key: accountKey(username), limit: this.limits.perAccount },
      { key: addressKey(ip), limit: this.limits.perAddress },
    ]);
  }

  recordFailure(username: string, ip: string): Promise<void> {
    return this.fail([accountKey(username), addressKey(ip)]);
  }

  recordSuccess(username: string): Promise<void> {
    return this.clear(accountKey(username));
  }

  /** Seconds before the signed-in user may try their current password again, or 0. */
  passwordChangeRetryAfter(userId: string): Promise<number> {
    return this.wait([{ key: passwordChangeKey(userId), limit: this.limits.perAccount }]);
  }

  recordPasswordChangeFailure(userId: string): Promise<void> {
    return this.fail([passwordChangeKey(userId)]);
  }

  recordPasswordChangeSuccess(userId: string): Promise<void> {
    return this.clear(passwordChangeKey(userId));
  }

  private async wait(rules: Rule[]): Promise<number> {
    const rows = await this.db
      .selectFrom('attempt_counter')
      .select(['key', 'failures', sql<number>`ceil(extract(epoch from resets_at - now()))::int`.as('seconds')])
      .where('key', 'in', rules.map((r) => r.key))
      .where('resets_at', '>', sql<Date>`now()`)
      .execute();
    let wait = 0;
    for (const row of rows) {
      const rule = rules.find((r) => r.key === row.key);
      if (rule && row.failures >= rule.limit) wait = Math.max(wait, Math.max(1, Number(row.seconds)));
    }
    return wait;
  }

  /** Counts one failure per key: a new window starts when there is none or it has ended. */
  private async fail(keys: string[]): Promise<void> {
    // Expired windows are removed as new failures arrive, so the table holds only live counters.
    await this.db.deleteFrom('attempt_counter').where('resets_at', '<=', sql<Date>`now()`).execute();
    const resetsAt = sql<Date>`now() + make_interval(secs => ${this.limits.windowMs / 1000})`;
    await this.db
      .insertInto('attempt_counter')
      .values(keys.map((key) => ({ key, failures: 1, resets_at: resetsAt })))
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: sql<number>`case when attempt_counter.resets_at > now() then attempt_counter.failures + 1 else 1 end`,
          resets_at: sql<Date>`case when attempt_counter.resets_at > now() then attempt_counter.resets_at else excluded.resets_at end`,
        }),
      )
      .execute();
  }

  private async clear(key: string): Promise<void> {
    await this.db.deleteFrom('attempt_counter').where('key', '=', key).execute();
  }
}
