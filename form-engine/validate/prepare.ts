// Turns submitted data into what is validated and stored: empty answers dropped, x-calculate
// values computed (they overwrite the client's), hidden fields removed (also inside repeat rows).
import type { FieldNode } from '../compile/field-node';
import { flattenNodes } from '../compile/compile';
import { evaluateLogic, isTruthy } from '../logic/evaluate';
import { readPaths, removalAffects, type ReadPath } from '../logic/read-paths';
import { readsRow } from '../logic/reads-row';
import { isObject, walkData, type DataObject } from './walk-data';

/** '' and null mean "not answered" (Form.io submits them for untouched inputs); so does [] for a multiselect. */
export function isEmptyAnswer(node: FieldNode, value: unknown): boolean {
  if (value === '' || value === null) return true;
  return node.widget === 'multiselect' && Array.isArray(value) && value.length === 0;
}

export function dropEmptyAnswers(nodes: readonly FieldNode[], data: DataObject): void {
  walkData(nodes, data, ({ node, holder }) => {
    if (holder && Object.hasOwn(holder, node.key) && isEmptyAnswer(node, holder[node.key])) delete holder[node.key];
  });
}

export function applyCalculations(nodes: readonly FieldNode[], data: DataObject): void {
  walkData(nodes, data, ({ node, holder, row }) => {
    if (!holder) return;
    if (node.widget === 'group' && !Object.hasOwn(holder, node.key) && flattenNodes(node.children).some((n) => n.calculate)) {
      holder[node.key] = Object.create(null);
    }
    if (!node.calculate) return;
    const value = evaluateLogic(node.calculate, data, row);
    if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) delete holder[node.key];
    else holder[node.key] = value;
  });
}

export function isVisible(node: FieldNode, data: DataObject, row: DataObject | undefined): boolean {
  return !node.visibleWhen || isTruthy(evaluateLogic(node.visibleWhen, data, row));
}

/**
 * Conditions of repeat fields that do not read `row` give one value for every row until a
 * removal touches what they read (read-paths.ts): evaluating them once per such change, not once
 * per row, keeps a condition that scans every row (`some` over the repeat) linear in the rows.
 */
class ConditionMemo {
  private readonly values = new Map<object, { visible: boolean; reads: ReadPath[] | null }>();

  visible(node: FieldNode, data: DataObject, row: DataObject | undefined): boolean {
    const logic = node.visibleWhen;
    if (!logic || row === undefined || readsRow(logic)) return isVisible(node, data, row);
    const hit = this.values.get(logic);
    if (hit) return hit.visible;
    const visible = isVisible(node, data, row);
    this.values.set(logic, { visible, reads: readPaths(logic) });
    return visible;
  }

  removed(path: string): void {
    if (this.values.size === 0) return;
    const segments = path.split('.');
    for (const [logic, { reads }] of this.values) {
      if (!reads || reads.some((read) => removalAffects(segments, read))) this.values.delete(logic);
    }
  }
}

/**
 * Removes hidden fields in display order (a later condition sees earlier hidden fields as
 * absent, as in Form.io) and reports visible required fields that are missing.
 */
export function removeHiddenAndFindMissing(nodes: readonly FieldNode[], data: DataObject): string[] {
  const missing: string[] = [];
  const memo = new ConditionMemo();
  walkData(nodes, data, ({ node, holder, path, row }) => {
    if (!memo.visible(node, data, row)) {
      if (holder && Object.hasOwn(holder, node.key)) {
        delete holder[node.key];
        memo.removed(path);
      }
      return false;
    }
    if (node.required && (holder === undefined || !Object.hasOwn(holder, node.key) || holder[node.key] === undefined)) missing.push(path);
    return true;
  });
  return missing;
}

export { isObject };
