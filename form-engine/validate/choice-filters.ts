// Why: an answer that a field's x-choice-filter does not offer (given the answers so far) is refused
// with keyword `enum`, as an answer outside the listed options is; the fill page never offers it and
// clears it when an earlier answer changes. Runs after calculations and hidden fields are settled.
import type { FieldNode, FieldOption } from '../compile/field-node';
import { isOffered } from '../logic/choice-filter';
import type { ValidationError } from '../model/types';
import { messageFor } from './messages';
import { walkData, type DataObject } from './walk-data';

/** True when some field of the tree has a choice filter (the pass is skipped otherwise). */
export function hasChoiceFilters(nodes: readonly FieldNode[]): boolean {
  return nodes.some((node) => node.choiceFilter !== undefined || hasChoiceFilters(node.children));
}

const MESSAGE = messageFor('enum');
const byValue = new WeakMap<FieldNode, Map<unknown, FieldOption>>();

function optionsByValue(node: FieldNode): Map<unknown, FieldOption> {
  let map = byValue.get(node);
  if (!map) byValue.set(node, (map = new Map((node.options ?? []).map((o) => [o.value, o]))));
  return map;
}

/** `enum` errors for answers not offered; values outside the options are left to the schema check. */
export function unofferedChoices(nodes: readonly FieldNode[], data: DataObject): ValidationError[] {
  const errors: ValidationError[] = [];
  walkData(nodes, data, ({ node, holder, path, row }) => {
    const filter = node.choiceFilter;
    if (filter === undefined || !holder || !Object.hasOwn(holder, node.key)) return;
    const answer = holder[node.key];
    const options = optionsByValue(node);
    // Each listed value is judged once, however often a (hostile) multiselect repeats it.
    const verdicts = new Map<unknown, boolean>();
    const refused = (value: unknown): boolean => {
      const option = options.get(value);
      if (option === undefined) return false;
      if (!verdicts.has(value)) verdicts.set(value, !isOffered(filter, option, data, row));
      return verdicts.get(value) === true;
    };
    if (node.widget === 'multiselect') {
      if (Array.isArray(answer)) answer.forEach((value, i) => refused(value) && errors.push({ path: `${path}.${i}`, keyword: 'enum', message: MESSAGE }));
    } else if (refused(answer)) errors.push({ path, keyword: 'enum', message: MESSAGE });
  });
  return errors;
}
