// Login throttling per account and per client address: after too many failures in a window, sign-in
// is refused with 429 and Retry-After until the window ends. Kept in memory (one server process);
// a restart clears it, which is acceptable for the threat (online guessing).
export interface ThrottleLimits {
  perAccount: number;
  perAddress: number;
  windowMs: number;
}

export const defaultLimits: ThrottleLimits = { perAccount: 5, perAddress: 30, windowMs: 15 * 60_000 };

interface Window {
  failures: number;
  resetAt: number;
}

export class LoginThrottle {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly limits: ThrottleLimits = defaultLimits, private readonly now: () => number = Date.now) {}

  /** Seconds to wait before another attempt is allowed, or 0. */
  retryAfter(username: string, ip: string): number {
    const t = this.now();
    const wait = (key: string, limit: number) => {
      const w = this.windows.get(key);
      return w && w.resetAt > t && w.failures >= limit ? Math.ceil((w.resetAt - t) / 1000) : 0;
    };
    return Math.max(wait(`u:${username.toLowerCase()}`, this.limits.perAccount), wait(`a:${ip}`, this.limits.perAddress));
  }

  recordFailure(username: string, ip: string): void {
    const t = this.now();
    for (const key of [`u:${username.toLowerCase()}`, `a:${ip}`]) {
      const w = this.windows.get(key);
      if (!w || w.resetAt <= t) this.windows.set(key, { failures: 1, resetAt: t + this.limits.windowMs });
      else w.failures += 1;
    }
    if (this.windows.size > 50_000) this.prune(t);
  }

  recordSuccess(username: string): void {
    this.windows.delete(`u:${username.toLowerCase()}`);
  }

  private prune(t: number): void {
    for (const [key, w] of this.windows) if (w.resetAt <= t) this.windows.delete(key);
  }
}
