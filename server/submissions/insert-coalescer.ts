// Why: group commit for `submit` (decision 331). Each `submit` is one atomic statement; when many
// phones send at once, one instance would run as many statements, round trips and commits. Here the
// rows that wait while earlier statements are in flight go together in ONE statement (migration
// 20261208090000): a single caller waits at most to the end of the event loop's turn (then its row goes alone), and
// under load the database does one commit for many rows. Each caller still gets its own answer only
// after the statement that holds its row has committed, and nothing here is needed for correctness:
// the queue only decides which rows share a statement (any number of instances may do this side by
// side; rows are locked in id order inside the statement). When a shared statement fails, every row
// in it is sent again alone, so only the row at fault gets the error.
import type { Kysely } from 'kysely';
import type { Database, SubmissionRow } from '../db/schema';
import { insertIfAbsent, insertManyIfAbsent, type PendingInsert } from './submissions.repository';

interface Waiting {
  pending: PendingInsert;
  resolve: (row: SubmissionRow | undefined) => void;
  reject: (error: unknown) => void;
}

export interface CoalescerOptions {
  /** Statements of this instance in flight at once before rows wait to share the next one. */
  maxInFlight: number;
  /** The most rows one statement carries. */
  maxRows: number;
}

/** In flight per engine: PGlite runs one statement at a time; PostgreSQL overlaps two. */
export const COALESCE_IN_FLIGHT = { postgres: 2, pglite: 1 } as const;
/** At 2 KB a record, 64 rows are ~130 KB: one statement, still well under any parameter limit. */
export const COALESCE_MAX_ROWS = 64;

export class InsertCoalescer {
  private readonly queue: Waiting[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly listeners = new Set<(rows: number) => void>();

  constructor(
    /** The database the statements run on: a caller inside a transaction does not come here. */
    readonly db: Kysely<Database>,
    private readonly options: CoalescerOptions,
  ) {}

  /** Tells `listener` the row count of every statement sent (metrics, tests); returns the way to stop. */
  observe(listener: (rows: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** insertIfAbsent, possibly sharing its statement with other waiting rows. */
  insert(pending: PendingInsert): Promise<SubmissionRow | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ pending, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Sends at the end of this turn of the event loop, not at once: the calls whose checks finish in the
   * same turn join (on PGlite, which runs each statement in this very thread, nothing is ever "in
   * flight" while other requests run, so this turn is the only chance to share).
   */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxRows);
      this.inFlight++;
      void this.send(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  private async send(batch: Waiting[]): Promise<void> {
    for (const listener of this.listeners) listener(batch.length);
    if (batch.length > 1) {
      let answers: Array<SubmissionRow | undefined> | undefined;
      try {
        answers = await insertManyIfAbsent(this.db, batch.map((w) => w.pending));
      } catch {
        // Nothing of the shared statement was written: each row again on its own, below.
      }
      if (answers) {
        batch.forEach((w, i) => w.resolve(answers[i]));
        return;
      }
    }
    await Promise.all(batch.map((w) => this.alone(w)));
  }

  private async alone(w: Waiting): Promise<void> {
    try {
      w.resolve(await insertIfAbsent(this.db, w.pending.row, w.pending.audit, w.pending.placeCodes));
    } catch (error) {
      w.reject(error);
    }
  }
}
