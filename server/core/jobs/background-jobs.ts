// Why: background jobs (the geography import, the submission import) keep their state in a database
// row so that a poll on any app instance answers it; what they share is how the running instance
// writes that row — throttled (at most one write per interval, outside the job's own statements or
// transaction, so it is visible at once) and in order (a final write never overtakes a progress
// write) — and how the instance keeps its running work so a shutdown can stop it and wait for it.
// The rows, their SQL and what "lost" means stay with each domain (geo-jobs.ts, data-import-jobs.ts).

/** One job's throttled, ordered row writes. */
export class ProgressWriter {
  private chain: Promise<void> = Promise.resolve();
  private pending = false;
  private lastAt = Date.now();

  constructor(
    private readonly write: () => Promise<void>,
    private readonly everyMs: number,
    private readonly log: (error: unknown) => void,
  ) {}

  /** Schedules a write unless one is waiting or the last one started less than `everyMs` ago. */
  nudge(): void {
    if (this.pending || Date.now() - this.lastAt < this.everyMs) return;
    this.pending = true;
    this.chain = this.chain.then(async () => {
      this.pending = false;
      this.lastAt = Date.now();
      await this.write().catch(this.log);
    });
  }

  /** Runs `last` after every write already scheduled (the job's final write), and waits for it. */
  async finish(last: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(() => last().catch(this.log));
    await this.chain;
  }
}

/** The background work of one instance: kept so a shutdown can ask it to stop and wait for it. */
export class BackgroundWork {
  private readonly tasks = new Set<Promise<void>>();
  private readonly controller = new AbortController();

  /** Aborted when the instance shuts down: a job that can stop between steps does so. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  track(task: Promise<void>): void {
    this.tasks.add(task);
    void task.finally(() => this.tasks.delete(task));
  }

  /** Resolves when every tracked job has ended (and written its last state). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.tasks]);
  }

  /** Asks the running jobs to stop at their next step, then waits for them. */
  async stop(): Promise<void> {
    this.controller.abort();
    await this.settled();
  }
}
