// Keeps indicator roll-ups fresh: a new published version is built in full; afterwards, about every
// second, new submissions are added incrementally and the places with edited submissions are
// recomputed exactly. Safe with any number of app instances on one database: each indicator's pass
// runs in its own transaction under a per-indicator lock, and its bookmark is the database snapshot
// of its last pass (transaction visibility), so a late commit is counted once, never skipped or
// doubled. One indicator failing is recorded on it (for editors) and does not stop the others.
// A first build (a minute or more at a million submissions) runs in a lane of its own, so it never
// holds up the others' freshness; in the background an indicator that another instance is refreshing
// is skipped (try-lock), not waited for.
import type { Kysely } from 'kysely';
import type { IndicatorDefinition } from '../../form-engine/index';
import type { Database, IndicatorDefinitionRow } from '../db/schema';
import { listLatest } from '../definitions/definitions.repository';
import { refreshFailure } from './sql-check';
import { addNewSubmissions, buildState, currentSnapshot, databaseNow, editedLeafs, forgetSeenMoves, lockIndicator, rebuildAll, tryLockIndicator, refreshLeafs, saveBuildState, saveFailure } from './rollup.repository';

type Row = IndicatorDefinitionRow;
/** What a refresh of one indicator did: refreshed, left for the build lane (never built), or skipped (locked elsewhere). */
type Outcome = 'done' | 'unbuilt' | 'busy';

export class IndicatorRefresher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private building: Promise<void> | undefined;
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
    await this.building;
  }

  /** Asks for a refresh soon; concurrent asks in this process collapse into one more pass. */
  nudge(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.backgroundPass()
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
   * One pass over every published indicator that waits for each one's lock, then builds the new
   * ones: when it returns, everything committed before it is counted (tests and the bench call it).
   * A failing indicator is marked failed and the pass goes on with the others.
   */
  async refreshNow(): Promise<void> {
    await this.build(await this.update(true), true);
    await forgetSeenMoves(this.db);
  }

  /** The timer's pass: built indicators only, skipping busy ones; new ones go to the build lane. */
  private async backgroundPass(): Promise<void> {
    const unbuilt = await this.update(false);
    if (unbuilt.length > 0 && !this.building) {
      this.building = this.build(unbuilt, false)
        .catch((error: unknown) => this.onError(error))
        .finally(() => (this.building = undefined));
    }
    await forgetSeenMoves(this.db);
  }

  /** Brings every built published indicator up to date; returns those never built. */
  private async update(wait: boolean): Promise<Row[]> {
    const published = (await listLatest(this.db, 'published')).filter((d): d is Row => d.kind === 'indicator');
    const unbuilt: Row[] = [];
    for (const row of published) if ((await this.guarded(row, 'update', wait)) === 'unbuilt') unbuilt.push(row);
    return unbuilt;
  }

  private async build(rows: readonly Row[], wait: boolean): Promise<void> {
    for (const row of rows) await this.guarded(row, 'build', wait);
  }

  private async guarded(row: Row, phase: 'update' | 'build', wait: boolean): Promise<Outcome> {
    try {
      return await this.refreshOne(row.key, row.version, row.schema, phase, wait);
    } catch (error) {
      await this.recordFailure(row.key, row.version, row.schema, error).catch((e: unknown) => this.onError(e, { key: row.key, version: row.version }));
      return 'done';
    }
  }

  /** Stores the failure on the indicator; logs it when it is new (not on every pass of the same one). */
  private async recordFailure(key: string, version: number, def: IndicatorDefinition, error: unknown): Promise<void> {
    const failure = refreshFailure(def, error);
    const before = await buildState(this.db, key, version);
    if (!before?.failed_at || before.error_code !== failure.code || before.error_detail !== failure.detail) this.onError(error, { key, version });
    await saveFailure(this.db, key, version, failure);
  }

  private async refreshOne(key: string, version: number, def: IndicatorDefinition, phase: 'update' | 'build', wait: boolean): Promise<Outcome> {
    return this.db.transaction().execute(async (trx): Promise<Outcome> => {
      if (wait) await lockIndicator(trx, key, version);
      else if (!(await tryLockIndicator(trx, key, version))) return 'busy';
      // Read after the lock: another instance may have just finished this indicator.
      const state = await buildState(trx, key, version);
      // The bookmark of a built indicator; null: never built.
      const bookmark = state?.built_at ? state.snapshot : null;
      if (bookmark === null && phase === 'update') return 'unbuilt';
      const upTo = await currentSnapshot(trx);
      const now = await databaseNow(trx);
      if (bookmark === null) {
        await rebuildAll(trx, key, version, def, upTo);
        await saveBuildState(trx, key, version, { built: true, through: now, snapshot: upTo });
        return 'done';
      }
      await addNewSubmissions(trx, key, version, def, bookmark, upTo);
      const edited = await editedLeafs(trx, [...new Set(def.sources.map((s) => s.form))], bookmark, upTo);
      if (edited.length > 0) await refreshLeafs(trx, key, version, def, edited, upTo);
      await saveBuildState(trx, key, version, { built: false, through: now, snapshot: upTo });
      return 'done';
    });
  }
}
