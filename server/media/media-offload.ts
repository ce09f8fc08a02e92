// Moves stored media files from MEDIA_DIR to S3-compatible object storage (issue 15.4; decision 320),
// the way ODK Central moves blobs: every upload lands on the disk (tus resumes into a file), and once
// it is checked and stored, a sweep copies it to the bucket, checks the copy's size and SHA-256, marks
// the row `stored_in = 's3'` and only then removes the local file. Nothing is lost when the bucket is
// away: the file stays on the disk, readable, and the next sweep tries again. Every instance sweeps;
// the claim is a lease in media_file (`for update skip locked`), so two instances never copy one file
// at the same time and none holds a transaction open over the network.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { putChecked, type ObjectStore } from './object-store';
import { claimOnDisk, markInBucket, releaseOffload, type OnDiskFile } from './media.repository';

export interface MediaOffloadOptions {
  dir: string;
  sweepMs: number;
  batch?: number;
  /** How long a claim holds a file; longer than copying one can take. */
  leaseMs?: number;
  onError?: (error: unknown, id?: string) => void;
}

export class MediaOffloader {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly db: Kysely<Database>,
    readonly store: ObjectStore,
    private readonly options: MediaOffloadOptions,
  ) {}

  start(): void {
    if (this.stopped) return;
    this.timer ??= setInterval(() => this.nudge(), this.options.sweepMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    this.store.close();
  }

  /** A sweep soon (a file was just stored); one more after the running one. Only once started (tests drive a stopped one). */
  nudge(): void {
    if (this.stopped || !this.timer) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined, (error: unknown) => this.options.onError?.(error))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }

  /** Sweeps until nothing is left to claim; how many files were moved (tests call it directly). */
  async drain(): Promise<number> {
    let moved = 0;
    for (;;) {
      const claimed = await claimOnDisk(this.db, this.options.batch ?? 5, this.options.leaseMs ?? 10 * 60_000);
      for (const file of claimed) {
        if (this.stopped) {
          await releaseOffload(this.db, file.id, 0);
          continue;
        }
        if (await this.move(file)) moved += 1;
      }
      if (claimed.length === 0 || this.stopped) return moved;
    }
  }

  private async move(file: OnDiskFile): Promise<boolean> {
    const path = join(this.options.dir, file.id);
    try {
      await putChecked(this.store, file.id, path, file.size, { contentType: file.contentType, sha256: file.sha256 });
      await markInBucket(this.db, file.id);
    } catch (error) {
      // Tried again after a sweep's interval, not in this drain (which would spin on a bucket that is away).
      await releaseOffload(this.db, file.id, this.options.sweepMs).catch(() => undefined);
      this.options.onError?.(error, file.id);
      return false;
    }
    // The row says 's3' now: the local copy (and tus's .json beside it) may go.
    await rm(path, { force: true });
    await rm(`${path}.json`, { force: true });
    return true;
  }
}
