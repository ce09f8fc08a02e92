// Why: XLSForm's cascading selects (`choice_filter`, e.g. `province=${province}`) read columns of the
// choices sheet; SA Studio keeps them as option attributes (`x-enum-data`) and a JSONLogic filter
// (`x-choice-filter`) where `choice.<column>` is the option's attribute and `choice.value` its name.
// Only the columns the filter reads are carried over; a value that cannot be an attribute, or a filter
// outside the XPath subset, comes back as the issue to report on the cell.
import type { Bilingual, FieldSchema, JsonLogic } from '../model/types';
import type { FieldNode } from './survey-tree';
import type { Choice } from './types';
import { translateXPath, type XPathContext } from './xpath-to-logic';

const ATTRIBUTE_VALUE = /^[A-Za-z0-9_.-]{1,64}$/;
const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const FILTERABLE = new Set(['select', 'radio', 'multiselect']);

type Keywords = Pick<FieldSchema, 'x-enum-data' | 'x-choice-filter'>;
type EnumData = NonNullable<FieldSchema['x-enum-data']>;

/** The options' attributes for the columns read, or the first bad cell. */
function attributesOf(choices: readonly Choice[], columns: readonly string[]): { data: EnumData } | { bad: { choice: Choice; column: string } } {
  const data: EnumData = {};
  for (const choice of choices) {
    const own: Record<string, string> = {};
    for (const column of columns) {
      const value = choice.columns[column];
      if (value === undefined || value === '') continue;
      if (!ATTRIBUTE_VALUE.test(value)) return { bad: { choice, column } };
      own[column] = value;
    }
    if (Object.keys(own).length > 0) data[choice.name] = own;
  }
  return { data };
}

/** The keywords for a select's choice_filter cell; undefined when it has none, or the issue. */
export function choiceFilterOf(node: FieldNode, schema: FieldSchema, choices: readonly Choice[] | undefined, xpath: XPathContext): { keywords: Keywords } | { issue: Bilingual } | undefined {
  const source = node.row.cells.choice_filter;
  if (!source) return undefined;
  if (!choices || !FILTERABLE.has(String(schema['x-widget']))) {
    return { issue: { en: 'Not kept: a choice_filter is read only on select_one and select_multiple questions.', km: 'មិនត្រូវបានរក្សាទុក៖ choice_filter ត្រូវបានអានតែលើសំណួរ select_one និង select_multiple ប៉ុណ្ណោះ។' } };
  }
  const known = new Set(choices.flatMap((c) => Object.keys(c.columns)));
  const read = new Set<string>();
  const result = translateXPath(source, {
    ...xpath,
    choice: (name) => {
      if (name === 'name') return 'choice.value';
      if (!known.has(name) || !ATTRIBUTE_NAME.test(name)) return undefined;
      read.add(name);
      return `choice.${name}`;
    },
  });
  const refuse = (en: string, km: string) => ({ issue: { en: `Not kept: ${en} in "${source}"; every choice is offered.`, km: `មិនត្រូវបានរក្សាទុក៖ ${km} ក្នុង "${source}"។ ជម្រើសទាំងអស់ត្រូវបានបង្ហាញ។` } });
  if (!result.ok) return refuse(`${result.error.message.en} (${result.error.code})`, `${result.error.message.km} (${result.error.code})`);
  if (typeof result.logic !== 'object' || result.logic === null) return refuse('a filter that does not depend on the choice', 'តម្រងដែលមិនអាស្រ័យលើជម្រើស');
  const attributes = attributesOf(choices, [...read]);
  if ('bad' in attributes) {
    const { choice, column } = attributes.bad;
    return refuse(`the choice "${choice.name}" has "${choice.columns[column]}" in the column "${column}" (1–64 letters, digits, _, . or -)`, `ជម្រើស "${choice.name}" មាន "${choice.columns[column]}" ក្នុងជួរឈរ "${column}" (អក្សរ លេខ _ . ឬ - ចំនួន ១–៦៤)`);
  }
  return { keywords: { ...(Object.keys(attributes.data).length > 0 ? { 'x-enum-data': attributes.data } : {}), 'x-choice-filter': result.logic as JsonLogic } };
}
