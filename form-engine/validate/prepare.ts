// Turns submitted data into what is validated and stored: empty answers dropped, x-calculate
// values computed (they overwrite the client's), hidden fields removed (also inside repeat rows).
import type { FieldNode } from '../compile/field-node';
import { flattenNodes } from '../compile/compile';
import { isTruthy } from '../logic/evaluate';
import { LogicMemo } from './logic-memo';
import { isObject, walkData, type DataObject } from './walk-data';

/** '' and null mean "not answered" (Form.io submits them for untouched inputs); so does [] for a multiselect. */
export function isEmptyAnswer(node: FieldNode, value: unknown): boolean {
  if (value === '' || value === null) return true;
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

export function dropEmptyAnswers(nodes: readonly FieldNode[], data: DataObject): void {
  walkData(nodes, data, ({ node, holder }) => {
    if (holder && Object.hasOwn(holder, node.key) && isEmptyAnswer(node, holder[node.key])) delete holder[node.key];
  });
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
 * absent, as in Form.io) and reports visible required fields that are missing.
 */
export function removeHiddenAndFindMissing(nodes: readonly FieldNode[], data: DataObject): string[] {
  const missing: string[] = [];
  // Conditions of repeat fields that do not read `row` are evaluated once per relevant change.
  const memo = new LogicMemo();
  walkData(nodes, data, ({ node, holder, path, row }) => {
    if (node.visibleWhen && !isTruthy(memo.evaluate(node.visibleWhen, data, row))) {
      if (holder && Object.hasOwn(holder, node.key)) {
        delete holder[node.key];
        memo.changed(path);
      }
      return false;
    }
    if (node.required && (holder === undefined || !Object.hasOwn(holder, node.key) || holder[node.key] === undefined || isBlankText(node, holder[node.key]))) missing.push(path);
    return true;
  });
  return missing;
}

export { isObject };
