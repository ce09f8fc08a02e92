// Delivers the webhook queue (issue 14.6). Every instance runs one; all of their state is in
// webhook_delivery, so any number of instances share one database safely: a poll claims due rows with
// `for update skip locked` and a lease (locked_until), each claim raises `attempts`, and a result is
// written only under the attempts value its claim made (a worker that outlived its lease writes
// nothing). A dead instance's claims come due again when their lease runs out. Failed attempts are
// retried on a schedule with jitter (WEBHOOK_RETRY_SECONDS; 30 s, 2 min, 10 min, 1 h, 6 h, 12 h, 24 h by
// default: 8 attempts), then the delivery is `failed` (it can be redelivered by hand).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AddressPolicy } from './address-policy';
import { envelope, send, type AttemptOutcome, type SendOptions } from './webhook-sender';
import { claimDue, markAttemptFailed, markDelivered, purgeFinished, releaseClaim, type ClaimedDelivery } from './webhooks.repository';

export interface WebhookWorkerOptions {
  policy: AddressPolicy;
  pollMs: number;
  /** Seconds to wait after the 1st, 2nd, … failed attempt; its length + 1 is the number of attempts. */
  retrySeconds: readonly number[];
  timeoutMs: number;
  /** Deliveries claimed (and sent in parallel) per round. */
  batch?: number;
  /** How long a claim holds a delivery; longer than an attempt can take. */
  leaseMs?: number;
  /** Finished deliveries are kept this many days. */
  keepDays?: number;
  onError?: (error: unknown) => void;
  /** Tests only: the connect-time lookup. */
  lookup?: SendOptions['lookup'];
  random?: () => number;
}

/**
 * The wait before the next attempt after `attempts` attempts have failed, in ms, with ±20% jitter (so
 * deliveries that failed together do not all come back together); null when none is left.
 */
export function retryDelayMs(attempts: number, retrySeconds: readonly number[], random: () => number = Math.random): number | null {
  const base = retrySeconds[attempts - 1];
  if (base === undefined) return null;
  return base * 1000 * (0.8 + 0.4 * random());
}

const PURGE_EVERY_MS = 3_600_000;

export class WebhookWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly aborter = new AbortController();
  private lastPurge = 0;
  private stopped = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: WebhookWorkerOptions,
  ) {}

  private get leaseMs(): number {
    return this.options.leaseMs ?? this.options.timeoutMs + 50_000;
  }

  start(): void {
    if (this.stopped) return;
    this.timer ??= setInterval(() => this.nudge(), this.options.pollMs);
    this.timer.unref();
  }

  /** Stops polling, aborts attempts in flight (their claims are given back) and waits for the round. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    this.aborter.abort();
    await this.running;
  }

  /** One round soon, unless one is running (only once started: tests drive a stopped worker by hand). */
  nudge(): void {
    if (this.running || this.stopped || !this.timer) return;
    this.running = this.drain()
      .then(() => undefined, (error: unknown) => this.options.onError?.(error))
      .finally(() => {
        this.running = undefined;
      });
  }

  /** Rounds until nothing is due (tests call it directly); how many attempts were made. */
  async drain(): Promise<number> {
    let made = 0;
    for (;;) {
      const n = await this.runOnce();
      made += n;
      if (n < (this.options.batch ?? 10) || this.stopped) break;
    }
    if (Date.now() - this.lastPurge > PURGE_EVERY_MS && !this.stopped) {
      this.lastPurge = Date.now();
      await purgeFinished(this.db, this.options.keepDays ?? 30);
    }
    return made;
  }

  /** Claims one batch of due deliveries and attempts them; how many were claimed. */
  async runOnce(): Promise<number> {
    const claimed = await claimDue(this.db, this.options.batch ?? 10, this.leaseMs);
    await Promise.all(claimed.map((d) => this.attempt(d).catch((error: unknown) => this.options.onError?.(error))));
    return claimed.length;
  }

  private async attempt(d: ClaimedDelivery): Promise<void> {
    const maxAttempts = this.options.retrySeconds.length + 1;
    if (d.attempts > maxAttempts) {
      // Claimed again after its last attempt's instance died: nothing is left to try.
      await markAttemptFailed(this.db, d.id, d.attempts, { statusCode: null, error: 'the instance making the last attempt stopped before it finished', response: null }, null);
      return;
    }
    const outcome: AttemptOutcome = await send(
      { url: d.url, secret: d.secret, previousSecret: d.previous_secret, deliveryId: d.id, event: d.event, body: envelope(d) },
      { policy: this.options.policy, timeoutMs: this.options.timeoutMs, signal: this.aborter.signal, ...(this.options.lookup ? { lookup: this.options.lookup } : {}) },
    );
    if (this.aborter.signal.aborted && !outcome.ok) {
      await releaseClaim(this.db, d.id, d.attempts);
      return;
    }
    const result = { statusCode: outcome.statusCode, error: outcome.error, response: outcome.response };
    if (outcome.ok) await markDelivered(this.db, d.id, d.attempts, result);
    else await markAttemptFailed(this.db, d.id, d.attempts, result, retryDelayMs(d.attempts, this.options.retrySeconds, this.options.random));
  }
}
