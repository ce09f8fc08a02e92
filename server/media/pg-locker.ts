// The tus lock of an upload, in PostgreSQL (decision 292): two app instances behind one proxy may get
// a client's retried PATCH while the first is still writing the same file, so the lock cannot be an
// in-process map (tus's MemoryLocker). A lock is a lease row (media_upload_lock): taken when absent
// or expired, renewed while held, deleted on release. A request that finds the lock held marks it
// `release_wanted`; the holder sees the mark at its next renewal and lets go (tus's requestRelease:
// an interrupted client's half-open PATCH must not block its resume), whichever instance holds it.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { ERRORS, type Lock, type Locker, type RequestRelease } from '@tus/utils';
import type { Database } from '../db/schema';

export interface PgLockerOptions {
  /** How long a holder that stopped renewing keeps the lock (a crashed instance's lock ends then). */
  leaseMs?: number;
  /** How often a holder renews its lease and looks for a release request. */
  renewMs?: number;
  /** How often a waiting request tries again. */
  retryMs?: number;
  /** How long a request waits for the lock before tus answers it with ERR_LOCK_TIMEOUT. */
  acquireTimeoutMs?: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

export class PgLocker implements Locker {
  readonly options: Required<PgLockerOptions>;
  constructor(
    readonly db: Kysely<Database>,
    options: PgLockerOptions = {},
  ) {
    this.options = { leaseMs: 30_000, renewMs: 1_000, retryMs: 100, acquireTimeoutMs: 30_000, ...options };
  }

  newLock(id: string): Lock {
    return new PgLock(this, id);
  }
}

class PgLock implements Lock {
  private readonly holder = randomUUID();
  private renewal: NodeJS.Timeout | undefined;

  constructor(
    private readonly locker: PgLocker,
    private readonly id: string,
  ) {}

  private async tryTake(): Promise<boolean> {
    const { db, options } = this.locker;
    const expires = sql<Date>`now() + ${`${options.leaseMs} milliseconds`}::interval`;
    const row = await db
      .insertInto('media_upload_lock')
      .values({ id: this.id, holder: this.holder, expires_at: expires })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({ holder: this.holder, expires_at: expires, release_wanted: false }).where('media_upload_lock.expires_at', '<', sql<Date>`now()`),
      )
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  async lock(signal: AbortSignal, requestRelease: RequestRelease): Promise<void> {
    const { db, options } = this.locker;
    const deadline = Date.now() + options.acquireTimeoutMs;
    while (!(await this.tryTake())) {
      if (signal.aborted || Date.now() > deadline) throw ERRORS.ERR_LOCK_TIMEOUT;
      await db.updateTable('media_upload_lock').set({ release_wanted: true }).where('id', '=', this.id).execute();
      await sleep(options.retryMs, signal);
    }
    this.renewal = setInterval(() => {
      void this.renew(requestRelease).catch(() => undefined);
    }, options.renewMs);
    this.renewal.unref();
  }

  private async renew(requestRelease: RequestRelease): Promise<void> {
    const { db, options } = this.locker;
    const row = await db
      .updateTable('media_upload_lock')
      .set({ expires_at: sql<Date>`now() + ${`${options.leaseMs} milliseconds`}::interval` })
      .where('id', '=', this.id)
      .where('holder', '=', this.holder)
      .returning('release_wanted')
      .executeTakeFirst();
    if (row?.release_wanted) await requestRelease();
  }

  async unlock(): Promise<void> {
    if (this.renewal) clearInterval(this.renewal);
    this.renewal = undefined;
    await this.locker.db.deleteFrom('media_upload_lock').where('id', '=', this.id).where('holder', '=', this.holder).execute();
  }
}
