// Why: cross-field rules (`x-constraints`) judge the answers as they will be stored, so they run
// last: after calculations, after hidden fields are removed (a hidden field's rules do not run, and
// a rule reading a hidden field sees it as unanswered), on the cleaned data. Each rule that does not
// hold is one error at the field's own path, keyword `x-constraint`, with the officer's message.
import type { FieldNode } from '../compile/field-node';
import type { ValidationError } from '../model/types';
import { LogicMemo } from './logic-memo';
import type { DataObject } from './walk-data';

/** A visible field with rules, where it stands (its row inside a repeat). */
export interface RuledField {
  node: FieldNode;
  row: DataObject | undefined;
  path: string;
}

export function ruleErrors(ruled: readonly RuledField[], data: DataObject): ValidationError[] {
  const errors: ValidationError[] = [];
  // The data no longer changes: a rule of a repeat field that does not read `row.` is evaluated once.
  const memo = new LogicMemo(data, { truthOnly: true });
  for (const { node, row, path } of ruled) {
    for (const { rule, message } of node.rules ?? []) {
      if (!memo.truthy(rule, data, row)) errors.push({ path, keyword: 'x-constraint', message: { en: message.en, km: message.km } });
    }
  }
  return errors;
}
