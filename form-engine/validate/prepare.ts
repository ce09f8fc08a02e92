// Turns submitted data into what is validated and stored: empty answers dropped, x-calculate
// values computed (they overwrite the client's), hidden fields removed (also inside repeat rows).
import type { FieldNode } from '../compile/field-node';
import { flattenNodes } from '../compile/compile';
import { isEmptyGps } from '../model/gps';
import { LIMITS } from '../model/limits';
import { LogicMemo } from './logic-memo';
import type { PlanNode } from './plan';
import type { RuledField } from './check-rules';
import { isObject, walkData, type DataObject } from './walk-data';

/** '' and null mean "not answered" (Form.io submits them for untouched inputs); so do [] for a multiselect and a GPS point with no parts. */
export function isEmptyAnswer(node: FieldNode, value: unknown): boolean {
  if (value === '' || value === null) return true;
  if (node.widget === 'gps') return isEmptyGps(value);
  return node.widget === 'multiselect' && Array.isArray(value) && value.length === 0;
}

const TEXT_WIDGETS = new Set(['text', 'textarea', 'date', 'geography', 'provider']);

/**
 * Whitespace-only text does not answer a required question (formio.js trims before its required
 * check too). Other rules still see the text as typed, on both sides, and a blank optional answer
 * that passes them is kept as typed.
 */
export function isBlankText(node: FieldNode, value: unknown): boolean {
  return TEXT_WIDGETS.has(node.widget) && typeof value === 'string' && value.trim() === '';
}

export function applyCalculations(nodes: readonly FieldNode[], data: DataObject): void {
  const memo = new LogicMemo();
  walkData(nodes, data, ({ node, holder, path, row }) => {
    if (!holder) return;
    if (node.widget === 'group' && !Object.hasOwn(holder, node.key) && flattenNodes(node.children).some((n) => n.calculate)) {
      holder[node.key] = Object.create(null);
      memo.changed(path);
    }
    if (!node.calculate) return;
    const value = memo.evaluate(node.calculate, data, row);
    const had = Object.hasOwn(holder, node.key);
    if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) {
      if (!had) return;
      delete holder[node.key];
    } else {
      if (had && holder[node.key] === value) return;
      holder[node.key] = value;
    }
    memo.changed(path);
  });
}

/**
 * Removes hidden fields in display order (a later condition sees earlier hidden fields as
 * absent, as in Form.io) and reports visible required fields that are missing. Walks the plan
 * directly (no visitor, no path per field): subtrees without conditions or required fields are
 * skipped, and a path is built only for a field that is reported or removed.
 */
export function removeHiddenAndFindMissing(roots: readonly PlanNode[], data: DataObject, ruled?: RuledField[]): string[] {
  const missing: string[] = [];
  // Conditions of repeat fields that do not read `row` are evaluated once per relevant change.
  hideAndFind(roots, data, data, undefined, '', new LogicMemo(data, { truthOnly: true }), missing, ruled);
  return missing;
}

function pathOf(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

function hideAndFind(
  plans: readonly PlanNode[],
  holder: DataObject | undefined,
  data: DataObject,
  row: DataObject | undefined,
  prefix: string,
  memo: LogicMemo,
  missing: string[],
  ruled?: RuledField[],
): void {
  for (const plan of plans) {
    if (!plan.checks) continue;
    const { node } = plan;
    const has = holder !== undefined && Object.hasOwn(holder, node.key);
    if (node.visibleWhen && !memo.truthy(node.visibleWhen, data, row)) {
      if (has) {
        delete (holder as DataObject)[node.key];
        memo.changed(pathOf(prefix, node.key));
      }
      continue;
    }
    const value = has ? (holder as DataObject)[node.key] : undefined;
    if (node.required && (value === undefined || (plan.blankIsMissing && typeof value === 'string' && value.trim() === ''))) missing.push(pathOf(prefix, node.key));
    // Rules run once every hidden field is gone (validate/check-rules.ts): collect the visible ones.
    if (node.rules && ruled) ruled.push({ node, row, path: pathOf(prefix, node.key) });
    if (plan.children.length === 0) continue;
    if (node.widget === 'group') hideAndFind(plan.children, isObject(value) ? value : undefined, data, row, pathOf(prefix, node.key), memo, missing, ruled);
    else if (node.widget === 'repeat' && Array.isArray(value)) {
      // Rows beyond the limit are not cleaned: Ajv refuses them (maxItems, see data-schema.ts).
      const rows = Math.min(value.length, LIMITS.repeatRows);
      const path = pathOf(prefix, node.key);
      for (let i = 0; i < rows; i++) {
        const item: unknown = value[i];
        if (isObject(item)) hideAndFind(plan.children, item, data, item, `${path}.${i}`, memo, missing, ruled);
      }
    }
  }
}

export { isObject };
