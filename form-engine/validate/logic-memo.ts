// Evaluates definition logic during one validation, reusing results across repeat rows: logic of a
// repeat field that does not read `row` has one value for every row until the data it reads
// changes (logic/read-paths.ts), so a condition or calculation that scans every row (`some` or
// `reduce` over the repeat) is evaluated once per relevant change, not once per row.
import { evaluateLogic, isTruthy, RowContext } from '../logic/evaluate';
import { changeAffects, readPaths, type ReadPath } from '../logic/read-paths';
import { readsRow } from '../logic/reads-row';
import { cachedTruth } from '../logic/truth-cache';
import type { DataObject } from './walk-data';

export class LogicMemo {
  private readonly values = new Map<object, { value: unknown; reads: ReadPath[] | null }>();
  private readonly context: RowContext | undefined;

  /** `truthOnly`: results are only tested for truthiness, so one evaluation context serves all rows. */
  constructor(data?: DataObject, options: { truthOnly?: boolean } = {}) {
    this.context = options.truthOnly ? new RowContext(data) : undefined;
  }

  private run(logic: object, data: DataObject, row: DataObject | undefined): unknown {
    return this.context ? this.context.evaluate(logic, row) : evaluateLogic(logic, data, row);
  }

  evaluate(logic: object, data: DataObject, row: DataObject | undefined): unknown {
    if (row === undefined || readsRow(logic)) return this.run(logic, data, row);
    const hit = this.values.get(logic);
    if (hit) return hit.value;
    const value = this.run(logic, data, row);
    // Objects and arrays are not cached: each row must get a value of its own.
    if (typeof value !== 'object' || value === null) this.values.set(logic, { value, reads: readPaths(logic) });
    return value;
  }

  /** Whether a condition holds; answers for the same values of what it reads are reused (logic/truth-cache.ts). */
  truthy(logic: object, data: DataObject, row: DataObject | undefined): boolean {
    const context = this.context;
    if (!context) return isTruthy(this.evaluate(logic, data, row));
    return cachedTruth(logic, context.base, row, () => isTruthy(this.evaluate(logic, data, row)));
  }

  /** Call after the value at the dotted data `path` is written or removed. */
  changed(path: string): void {
    if (this.values.size === 0) return;
    const segments = path.split('.');
    for (const [logic, { reads }] of this.values) {
      if (!reads || reads.some((read) => changeAffects(segments, read))) this.values.delete(logic);
    }
  }
}
