// Why: cascading choices travel in Form.io JSON as two properties (`choiceFilter`, `enumData`: the
// definition's JSONLogic and option attributes, as JSON text) so from-component reads them back
// unchanged, plus a `validate.json` rule so formio.js refuses an answer the filter does not offer,
// as the server does. Form.io's JSONLogic cannot read an option inside its own scope, so the rule is
// the filter unrolled over the options: options whose filter reads the same once `choice.…` is
// replaced by their attributes share one clause `input is not one of them, or the filter holds`.
import type { FieldNode, FieldOption } from '../compile/field-node';
import { choiceOf, CHOICE_SCOPE } from '../logic/choice-filter';
import { ITERATING_OPERATIONS } from '../logic/operations';
import type { FieldSchema, JsonLogic, LocalizedText } from '../model/types';
import { localize } from '../i18n/localize';
import { toFormioLogic } from './logic-paths';
import type { StringMap } from './types';

/** Above this many JSONLogic values the rule is left out (the server and the fill page still filter). */
export const FORMIO_FILTER_BUDGET = 10_000;

const NOT_OFFERED: LocalizedText = { en: 'This option is not offered for the answers above', km: 'ជម្រើសនេះមិនមានសម្រាប់ចម្លើយខាងលើទេ' };

function isOperation(node: unknown): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null && !Array.isArray(node) && Object.keys(node).length === 1;
}

/** The filter with every `choice.…` read (outside item scopes) replaced by this option's value. */
function bind(node: unknown, choice: Record<string, string | number>, scoped = false): unknown {
  if (Array.isArray(node)) return node.map((item) => bind(item, choice, scoped));
  if (typeof node !== 'object' || node === null) return node;
  if (!isOperation(node)) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, bind(v, choice, scoped)]));
  const [operator, raw] = Object.entries(node)[0] as [string, unknown];
  const args = Array.isArray(raw) ? raw : [raw];
  const name = args[0];
  if (operator === 'var' && !scoped && typeof name === 'string' && (name === CHOICE_SCOPE || name.startsWith(`${CHOICE_SCOPE}.`))) {
    const attribute = name.slice(CHOICE_SCOPE.length + 1);
    const value = Object.hasOwn(choice, attribute) ? choice[attribute] : undefined;
    return value ?? (args.length > 1 ? bind(args[1], choice, scoped) : null);
  }
  if (!Array.isArray(raw)) return { [operator]: bind(raw, choice, scoped) };
  return { [operator]: raw.map((arg, i) => bind(arg, choice, scoped || (ITERATING_OPERATIONS.has(operator) && i > 0))) };
}

function size(node: unknown): number {
  if (typeof node !== 'object' || node === null) return 1;
  return 1 + Object.values(node).reduce<number>((sum, child) => sum + size(child), 0);
}

/**
 * The condition formio.js's `validate.json` checks for a filtered field (true when every answer is
 * offered) and the message it shows otherwise; undefined beyond FORMIO_FILTER_BUDGET.
 */
export function filterRule(filter: JsonLogic, options: readonly FieldOption[], locale: string): FilterRule | undefined {
  const groups = new Map<string, { logic: unknown; values: Array<string | number> }>();
  for (const option of options) {
    const logic = toFormioLogic(bind(filter, choiceOf(option)));
    const id = JSON.stringify(logic);
    const group = groups.get(id) ?? groups.set(id, { logic, values: [] }).get(id)!;
    group.values.push(option.value);
  }
  // @formio/core runs validate.json once per picked value of a multiple select, so `input` is one value.
  const clauses = [...groups.values()].map(({ logic, values }) => ({ or: [{ '!': { in: [{ var: 'input' }, values] } }, logic] }));
  const when = { and: clauses };
  return size(when) > FORMIO_FILTER_BUDGET ? undefined : { when, message: localize(NOT_OFFERED, locale) };
}

export interface FilterRule {
  when: JsonLogic;
  message: string;
}

/** The Form.io parts of a filtered choice field: the stored properties and the validation rule. */
export function choiceFilterParts(node: FieldNode, locale: string): { properties: StringMap; rule?: FilterRule } {
  const properties: StringMap = {};
  if (node.schema['x-enum-data']) properties.enumData = JSON.stringify(node.schema['x-enum-data']);
  if (!node.choiceFilter) return { properties };
  properties.choiceFilter = JSON.stringify(node.choiceFilter);
  const rule = filterRule(node.choiceFilter, node.options ?? [], locale);
  return rule ? { properties, rule } : { properties };
}

/** JSON text as written; text that is not JSON is kept as is, so the meta-schema refuses it at its path. */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Reads `x-choice-filter` and `x-enum-data` back from a component's properties (definition spelling). */
export function choiceFilterFields(props: StringMap): Pick<FieldSchema, 'x-choice-filter' | 'x-enum-data'> {
  const out: Pick<FieldSchema, 'x-choice-filter' | 'x-enum-data'> = {};
  if (props.choiceFilter !== undefined) out['x-choice-filter'] = parsed(props.choiceFilter) as JsonLogic;
  if (props.enumData !== undefined) out['x-enum-data'] = parsed(props.enumData) as FieldSchema['x-enum-data'];
  return out;
}
