// Cross-field rules the meta-schema cannot express: widget/type/keyword consistency, enum labels,
// x-order and x-sections listing every property exactly once, `required` naming real properties.
import type { Bilingual, Definition, DefinitionProblem, FieldSchema } from '../model/types';
import { WIDGET_RULES, COMMON_KEYWORDS } from '../model/widget-rules';
import { widgetOf } from '../model/widgets';
import { defaultProblem } from './check-default';
import { joinPath, problem } from './problem';

type Report = (path: string, message: Bilingual) => void;

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const inB = new Set(b);
  return a.every((k) => inB.has(k));
}

function checkObject(
  object: { properties: Record<string, FieldSchema>; required?: string[]; 'x-order'?: string[] },
  path: string,
  report: Report,
  inRepeat: boolean,
): void {
  const keys = Object.keys(object.properties);
  for (const key of object.required ?? []) {
    if (!Object.hasOwn(object.properties, key)) report(joinPath(path, 'required'), { en: `"${key}" is required but not defined`, km: `"${key}" ត្រូវបានទាមទារ ប៉ុន្តែមិនមាន` });
  }
  const order = object['x-order'];
  if (order && !sameSet(order, keys)) {
    report(joinPath(path, 'x-order'), { en: 'x-order must list every property exactly once', km: 'x-order ត្រូវរាយគ្រប់វាលម្តងគត់' });
  }
  for (const key of keys) checkField(object.properties[key] as FieldSchema, joinPath(path, 'properties', key), report, inRepeat);
}

function checkField(field: FieldSchema, path: string, report: Report, inRepeat: boolean): void {
  const widget = widgetOf(field);
  const rule = WIDGET_RULES[widget];
  if (!rule.types.includes(field.type)) {
    report(joinPath(path, 'type'), { en: `Widget "${widget}" cannot hold type "${field.type}"`, km: `ធាតុ "${widget}" មិនអាចមានប្រភេទ "${field.type}"` });
  }
  for (const keyword of Object.keys(field)) {
    if (!COMMON_KEYWORDS.includes(keyword) && !rule.allowed.includes(keyword)) {
      report(joinPath(path, keyword), { en: `"${keyword}" is not allowed for widget "${widget}"`, km: `"${keyword}" មិនអនុញ្ញាតសម្រាប់ធាតុ "${widget}"` });
    }
  }
  for (const keyword of rule.required) {
    if (!(keyword in field)) report(joinPath(path, keyword), { en: `"${keyword}" is required for widget "${widget}"`, km: `"${keyword}" ត្រូវការសម្រាប់ធាតុ "${widget}"` });
  }
  checkWidgetDetails(field, widget, path, report, inRepeat);
}

/** Pairs of limits where the first may not exceed the second (no answer could meet both). */
const BOUNDS: ReadonlyArray<readonly ['minimum' | 'minLength' | 'minItems', 'maximum' | 'maxLength' | 'maxItems', string, string]> = [
  ['minimum', 'maximum', 'The smallest value is above the largest', 'តម្លៃតូចបំផុតធំជាងតម្លៃធំបំផុត'],
  ['minLength', 'maxLength', 'The fewest characters are more than the most', 'តួអក្សរតិចបំផុតច្រើនជាងតួអក្សរច្រើនបំផុត'],
  ['minItems', 'maxItems', 'The fewest rows or choices are more than the most', 'ជួរ ឬជម្រើសតិចបំផុតច្រើនជាងច្រើនបំផុត'],
];

function checkWidgetDetails(field: FieldSchema, widget: string, path: string, report: Report, inRepeat: boolean): void {
  const values = field.enum ?? (field.items && 'enum' in field.items ? field.items.enum : undefined);
  if (values && field['x-enum-labels'] && !sameSet(Object.keys(field['x-enum-labels']), values.map(String))) {
    report(joinPath(path, 'x-enum-labels'), { en: 'x-enum-labels must label every enum value exactly once', km: 'x-enum-labels ត្រូវមានស្លាកសម្រាប់តម្លៃនីមួយៗ' });
  }
  if (field.enum && field.enum.some((v) => (field.type === 'integer' ? typeof v !== 'number' : typeof v !== 'string'))) {
    report(joinPath(path, 'enum'), { en: `Every enum value must be of type "${field.type}"`, km: `តម្លៃ enum ទាំងអស់ត្រូវជាប្រភេទ "${field.type}"` });
  }
  if (widget === 'faces' && (field.minimum !== 1 || field.maximum !== 5)) {
    report(path, { en: 'The faces widget needs minimum 1 and maximum 5', km: 'ធាតុមុខត្រូវមាន minimum 1 និង maximum 5' });
  }
  if (widget === 'multiselect' && field.items && !('enum' in field.items)) {
    report(joinPath(path, 'items'), { en: 'A multiselect needs items with an enum', km: 'multiselect ត្រូវការ items ជាមួយ enum' });
  }
  for (const [low, high, en, km] of BOUNDS) {
    const a = field[low];
    const b = field[high];
    if (typeof a === 'number' && typeof b === 'number' && a > b) report(joinPath(path, low), { en: `${en}: ${a} is more than ${b}`, km: `${km}៖ ${a} ធំជាង ${b}` });
  }
  const badDefault = inRepeat && field.default !== undefined ? { en: 'Fields of repeat rows cannot have a default answer yet', km: 'វាលនៃជួរដដែលៗមិនទាន់អាចមានចម្លើយលំនាំដើមទេ' } : defaultProblem(field);
  if (badDefault) report(joinPath(path, 'default'), badDefault);
  if (widget === 'group' && field.properties) checkObject(field as Parameters<typeof checkObject>[0], path, report, inRepeat);
  if (widget === 'repeat' && field.items) checkRepeatItems(field, path, report, inRepeat);
}

function checkRepeatItems(field: FieldSchema, path: string, report: Report, inRepeat: boolean): void {
  const items = field.items;
  const itemsPath = joinPath(path, 'items');
  if (!items || !('properties' in items)) {
    report(itemsPath, { en: 'A repeat needs items of type object', km: 'repeat ត្រូវការ items ជាប្រភេទ object' });
    return;
  }
  if (inRepeat) report(path, { en: 'A repeat cannot be nested in another repeat', km: 'repeat មិនអាចនៅក្នុង repeat មួយទៀតបានទេ' });
  for (const [key, child] of Object.entries(items.properties)) {
    if (widgetOf(child) === 'group') {
      report(joinPath(itemsPath, 'properties', key), { en: 'A repeat item cannot contain a group', km: 'ធាតុ repeat មិនអាចមាន group បានទេ' });
    }
  }
  checkObject(items, itemsPath, report, true);
}

function checkRoot(definition: Definition, report: Report): void {
  const keys = Object.keys(definition.properties);
  const sections = definition['x-sections'];
  if (sections) {
    const listed = sections.flatMap((s) => s.fields);
    if (!sameSet(listed, keys)) {
      report('x-sections', { en: 'x-sections must place every property in exactly one section', km: 'x-sections ត្រូវដាក់វាលនីមួយៗក្នុងផ្នែកតែមួយ' });
    }
    const sectionKeys = sections.map((s) => s.key);
    if (new Set(sectionKeys).size !== sectionKeys.length) report('x-sections', { en: 'Section keys must be unique', km: 'កូដផ្នែកមិនអាចស្ទួនគ្នា' });
    const order = definition['x-order'];
    if (order && order.join() !== listed.join()) {
      report('x-order', { en: 'x-order must follow the order of x-sections', km: 'x-order ត្រូវតាមលំដាប់ x-sections' });
    }
  } else if (keys.length > 1 && !definition['x-order']) {
    report('x-order', { en: 'x-order is required when there are several fields and no sections', km: 'x-order ត្រូវការ នៅពេលមានវាលច្រើន ហើយគ្មានផ្នែក' });
  }
  checkObject({ ...definition, 'x-order': sections ? undefined : definition['x-order'] }, '', report, false);
}

export function checkStructure(definition: Definition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  checkRoot(definition, (path, message) => problems.push(problem('INVALID_DEFINITION', path, message)));
  return problems;
}
