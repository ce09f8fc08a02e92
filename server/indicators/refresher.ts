// Keeps indicator roll-ups fresh: a new published version is built in full; afterwards, about every
// second, new submissions are added incrementally (by sequence number, once settled) and the places
// with edited submissions are recomputed exactly. Overlapping edit windows are harmless because a
// place's recomputation is exact.
import type { Kysely } from 'kysely';
import type { IndicatorDefinition } from '../../form-engine/index';
import type { Database } from '../db/schema';
import { listLatest } from '../definitions/definitions.repository';
import { addNewSubmissions, buildState, databaseNow, editedLeafs, refreshLeafs, saveBuildState, settledSeq } from './rollup.repository';

const SAFETY_MS = 5_000;

export class IndicatorRefresher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly onError: (error: unknown) => void,
    private readonly intervalMs = 1_000,
    /** How old a submission must be before it is added (commits of single statements take ms). */
    public settleMs = 1_000,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => this.nudge(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Asks for a refresh soon; concurrent asks collapse into one more pass. */
  nudge(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.refreshNow()
      .catch(this.onError)
      .finally(() => {
        this.running = undefined;
        if (this.again && this.timer) {
          this.again = false;
          this.nudge();
        }
      });
  }

  /** One full pass over every published indicator (tests and the bench call it directly). */
  async refreshNow(): Promise<void> {
    const indicators = (await listLatest(this.db, 'published')).filter((d) => d.kind === 'indicator');
    // One bound for the whole pass, so every indicator includes the same submissions.
    const upTo = await settledSeq(this.db, this.settleMs);
    for (const row of indicators) {
      const def = row.schema as unknown as IndicatorDefinition;
      await this.db.transaction().execute(async (trx) => {
        const now = await databaseNow(trx);
        const state = await buildState(trx, row.key, row.version);
        if (!state?.built_at || state.seq_through === null) {
          await refreshLeafs(trx, row.key, row.version, def, null, upTo);
          await saveBuildState(trx, row.key, row.version, { built: true, through: now, seq: upTo });
          return;
        }
        const after = state.seq_through;
        const through = BigInt(upTo) > BigInt(after) ? upTo : after;
        if (through !== after) await addNewSubmissions(trx, row.key, row.version, def, after, through);
        const since = new Date((state.checked_through ?? state.built_at).getTime() - SAFETY_MS);
        const edited = await editedLeafs(trx, [...new Set(def.sources.map((s) => s.form))], since, through);
        if (edited.length > 0) await refreshLeafs(trx, row.key, row.version, def, edited, through);
        await saveBuildState(trx, row.key, row.version, { built: false, through: now, seq: through });
      });
    }
  }
}
