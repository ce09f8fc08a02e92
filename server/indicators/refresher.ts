// Keeps indicator roll-ups fresh: a new published version is built in full; afterwards, about every
// second, new submissions are added incrementally and the places with edited submissions are
// recomputed exactly. Safe with any number of app instances on one database: each indicator's pass
// runs in its own transaction under a per-indicator lock, and its bookmark is the database snapshot
// of its last pass (transaction visibility), so a late commit is counted once, never skipped or
// doubled. One indicator failing is recorded on it (for editors) and does not stop the others.
import type { Kysely } from 'kysely';
import type { IndicatorDefinition } from '../../form-engine/index';
import type { Database, IndicatorDefinitionRow } from '../db/schema';
import { listLatest } from '../definitions/definitions.repository';
import { refreshFailure } from './sql-check';
import { addNewSubmissions, buildState, currentSnapshot, databaseNow, editedLeafs, forgetSeenMoves, lockIndicator, rebuildAll, refreshLeafs, saveBuildState, saveFailure } from './rollup.repository';

export class IndicatorRefresher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly onError: (error: unknown, indicator?: { key: string; version: number }) => void,
    private readonly intervalMs = 1_000,
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

  /** Asks for a refresh soon; concurrent asks in this process collapse into one more pass. */
  nudge(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.refreshNow()
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.running = undefined;
        if (this.again && this.timer) {
          this.again = false;
          this.nudge();
        }
      });
  }

  /**
   * One pass over every published indicator (tests and the bench call it directly). A failing
   * indicator is marked failed and the pass goes on with the others.
   */
  async refreshNow(): Promise<void> {
    const indicators = (await listLatest(this.db, 'published')).filter((d): d is IndicatorDefinitionRow => d.kind === 'indicator');
    for (const row of indicators) {
      const def = row.schema;
      try {
        await this.refreshOne(row.key, row.version, def);
      } catch (error) {
        await this.recordFailure(row.key, row.version, def, error).catch((e: unknown) => this.onError(e, { key: row.key, version: row.version }));
      }
    }
    await forgetSeenMoves(this.db);
  }

  /** Stores the failure on the indicator; logs it when it is new (not on every pass of the same one). */
  private async recordFailure(key: string, version: number, def: IndicatorDefinition, error: unknown): Promise<void> {
    const failure = refreshFailure(def, error);
    const before = await buildState(this.db, key, version);
    if (!before?.failed_at || before.error_code !== failure.code || before.error_detail !== failure.detail) this.onError(error, { key, version });
    await saveFailure(this.db, key, version, failure);
  }

  private async refreshOne(key: string, version: number, def: IndicatorDefinition): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await lockIndicator(trx, key, version);
      // Read after the lock: another instance may have just finished this indicator.
      const state = await buildState(trx, key, version);
      const upTo = await currentSnapshot(trx);
      const now = await databaseNow(trx);
      if (!state?.built_at || state.snapshot === null) {
        await rebuildAll(trx, key, version, def, upTo);
        await saveBuildState(trx, key, version, { built: true, through: now, snapshot: upTo });
        return;
      }
      await addNewSubmissions(trx, key, version, def, state.snapshot, upTo);
      const edited = await editedLeafs(trx, [...new Set(def.sources.map((s) => s.form))], state.snapshot, upTo);
      if (edited.length > 0) await refreshLeafs(trx, key, version, def, edited, upTo);
      await saveBuildState(trx, key, version, { built: false, through: now, snapshot: upTo });
    });
  }
}
