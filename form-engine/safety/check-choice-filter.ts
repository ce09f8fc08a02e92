// Why: a cascading-choice filter (x-choice-filter) that names a field or an option attribute that
// does not exist would silently offer nothing (or everything) on phones; refuse it when the form is
// saved, with the path of the bad reference. Runs after the structure check (sound field tree).
import { CHOICE_SCOPE } from '../logic/choice-filter';
import { walkLogic } from '../logic/walk';
import type { Bilingual, Definition, DefinitionProblem, FieldSchema } from '../model/types';
import { widgetOf } from '../model/widgets';
import { joinPath, problem } from './problem';

interface Holder {
  properties: Record<string, FieldSchema>;
  /** Schema path of the `properties` owner (`''`, `properties.g`, `properties.rows.items`). */
  schemaPath: string;
  /** Data path prefix for root-readable fields; undefined inside a repeat item. */
  dataPrefix: string | undefined;
  /** Keys of the repeat item's fields (readable as `row.<key>`), inside a repeat. */
  rowKeys?: ReadonlySet<string>;
}

type Report = (path: string, message: Bilingual) => void;

/** Data paths of every field outside repeat items (groups, repeats themselves included). */
function rootPaths(properties: Record<string, FieldSchema>, prefix: string, out: Set<string>): Set<string> {
  for (const [key, field] of Object.entries(properties)) {
    const path = prefix ? `${prefix}.${key}` : key;
    out.add(path);
    if (widgetOf(field) === 'group' && field.properties) rootPaths(field.properties, path, out);
  }
  return out;
}

/** `name` without trailing list indexes (`multi.0` reads the first pick of `multi`). */
function fieldPart(name: string): string {
  return name.replace(/(\.\d+)+$/, '');
}

function checkFilter(field: FieldSchema, key: string, holder: Holder, roots: ReadonlySet<string>, report: Report): void {
  const filterPath = joinPath(holder.schemaPath, 'properties', key, 'x-choice-filter');
  const attributes = new Set(Object.values(field['x-enum-data'] ?? {}).flatMap((a) => Object.keys(a)));
  const own = holder.dataPrefix === undefined ? `row.${key}` : holder.dataPrefix ? `${holder.dataPrefix}.${key}` : key;
  walkLogic(field['x-choice-filter'], (operator, args, path, scoped) => {
    if (operator !== 'var' || scoped) return;
    const name = args[0];
    const at = filterPath + path;
    if (typeof name !== 'string' || name === '') {
      report(at, { en: 'A choice filter must name a field or an option attribute', km: 'តម្រងជម្រើសត្រូវដាក់ឈ្មោះវាល ឬលក្ខណៈជម្រើស' });
      return;
    }
    if (name === CHOICE_SCOPE || name.startsWith(`${CHOICE_SCOPE}.`)) {
      const attribute = name.slice(CHOICE_SCOPE.length + 1);
      if (attribute !== 'value' && !attributes.has(attribute)) {
        report(at, { en: `Options have no attribute "${attribute}" (add it to x-enum-data)`, km: `ជម្រើសមិនមានលក្ខណៈ "${attribute}" ទេ (បន្ថែមវាក្នុង x-enum-data)` });
      }
      return;
    }
    const target = fieldPart(name);
    if (target === own) {
      report(at, { en: 'A choice filter cannot read its own field', km: 'តម្រងជម្រើសមិនអាចអានវាលរបស់ខ្លួនឯងបានទេ' });
      return;
    }
    const known = target.startsWith('row.') ? holder.rowKeys?.has(target.slice(4)) === true : roots.has(target);
    if (!known) report(at, { en: `Unknown field "${name}"`, km: `មិនស្គាល់វាល "${name}"` });
  });
}

function checkEnumData(field: FieldSchema, key: string, holder: Holder, report: Report): void {
  const data = field['x-enum-data'];
  if (!data) return;
  const values = new Set((field.enum ?? (field.items && 'enum' in field.items ? field.items.enum : [])).map(String));
  const path = joinPath(holder.schemaPath, 'properties', key, 'x-enum-data');
  for (const [value, attributes] of Object.entries(data)) {
    if (!values.has(value)) report(joinPath(path, value), { en: `"${value}" is not one of the options`, km: `"${value}" មិនមែនជាជម្រើសមួយទេ` });
    if (Object.hasOwn(attributes, 'value')) report(joinPath(path, value, 'value'), { en: '"value" is the option itself: name the attribute otherwise', km: '"value" គឺជាជម្រើសខ្លួនឯង៖ សូមដាក់ឈ្មោះលក្ខណៈផ្សេង' });
  }
}

export function choiceFilterProblems(definition: Definition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const report: Report = (path, message) => problems.push(problem('INVALID_DEFINITION', path, message));
  const roots = rootPaths(definition.properties, '', new Set());
  const queue: Holder[] = [{ properties: definition.properties, schemaPath: '', dataPrefix: '' }];
  for (let i = 0; i < queue.length; i++) {
    const holder = queue[i] as Holder;
    for (const [key, field] of Object.entries(holder.properties)) {
      checkEnumData(field, key, holder, report);
      if (field['x-choice-filter'] !== undefined) checkFilter(field, key, holder, roots, report);
      const schemaPath = joinPath(holder.schemaPath, 'properties', key);
      const widget = widgetOf(field);
      if (widget === 'group' && field.properties) {
        const dataPrefix = holder.dataPrefix === undefined ? undefined : holder.dataPrefix ? `${holder.dataPrefix}.${key}` : key;
        queue.push({ properties: field.properties, schemaPath, dataPrefix, ...(holder.rowKeys ? { rowKeys: holder.rowKeys } : {}) });
      } else if (widget === 'repeat' && field.items && 'properties' in field.items) {
        const items = field.items.properties;
        queue.push({ properties: items, schemaPath: joinPath(schemaPath, 'items'), dataPrefix: undefined, rowKeys: new Set(Object.keys(items)) });
      }
    }
  }
  return problems;
}
