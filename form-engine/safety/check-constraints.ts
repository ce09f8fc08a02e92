// Why: a cross-field rule (`x-constraints`) names other fields by their data paths; a rule reading a
// field that does not exist (a typo, a renamed or removed field) would silently always see "no
// answer" and refuse or accept every record. So every name a rule reads must be a field: a root
// path (`participants.total`), or inside a repeat `row.<field of the same row>`. Rules sit on value
// fields only (Form.io validates a group or repeat as a whole differently), and `row.` only in repeats.
import type { Bilingual, Definition, DefinitionProblem, FieldSchema } from '../model/types';
import { walkLogic } from '../logic/walk';
import { widgetOf } from '../model/widgets';
import { joinPath, problem } from './problem';

type Report = (path: string, message: Bilingual) => void;

/** Data paths of every field outside repeats (groups dotted, repeats themselves included). */
function rootPaths(properties: Record<string, FieldSchema>, prefix: string, out: Set<string>): Set<string> {
  for (const [key, field] of Object.entries(properties)) {
    const path = prefix ? `${prefix}.${key}` : key;
    out.add(path);
    if (widgetOf(field) === 'group' && field.properties) rootPaths(field.properties, path, out);
  }
  return out;
}

/** Names read by a rule outside per-item scopes: `var` names and `missing` names. */
function namesRead(rule: unknown): string[] {
  const names: string[] = [];
  walkLogic(rule, (operator, args, _path, scoped) => {
    if (scoped) return;
    if (operator === 'var') {
      const name = args[0];
      if (typeof name === 'string' && name !== '') names.push(name);
      else if (typeof name === 'number') names.push(String(name));
    } else if (operator === 'missing') {
      for (const name of Array.isArray(args[0]) ? args[0] : args) if (typeof name === 'string') names.push(name);
    }
  });
  return names;
}

interface Scope {
  roots: ReadonlySet<string>;
  /** Keys of the current repeat row's fields, inside a repeat. */
  row?: ReadonlySet<string>;
}

function checkRules(field: FieldSchema, path: string, scope: Scope, report: Report): void {
  const rules = field['x-constraints'];
  if (!rules) return;
  const widget = widgetOf(field);
  if (widget === 'group' || widget === 'repeat') {
    report(joinPath(path, 'x-constraints'), { en: 'Rules go on the fields inside a group or repeat, not on the group itself', km: 'ច្បាប់ត្រូវដាក់លើវាលនៅក្នុងក្រុម ឬ repeat មិនមែនលើក្រុមខ្លួនឯងទេ' });
    return;
  }
  rules.forEach((constraint, i) => {
    const at = joinPath(path, 'x-constraints', i, 'rule');
    for (const name of new Set(namesRead(constraint.rule))) {
      const known = name.startsWith('row.') ? scope.row?.has(name.slice('row.'.length)) : scope.roots.has(name);
      if (known) continue;
      const message: Bilingual = name.startsWith('row.') && !scope.row
        ? { en: `"${name}": row. can only be used inside a repeat`, km: `"${name}"៖ row. អាចប្រើបានតែក្នុង repeat ប៉ុណ្ណោះ` }
        : { en: `The rule reads "${name}", which is not a field of this form`, km: `ច្បាប់អាន "${name}" ដែលមិនមែនជាវាលនៃទម្រង់នេះ` };
      report(at, message);
    }
  });
}

function checkObject(properties: Record<string, FieldSchema>, path: string, scope: Scope, report: Report): void {
  for (const [key, field] of Object.entries(properties)) {
    const here = joinPath(path, 'properties', key);
    checkRules(field, here, scope, report);
    const widget = widgetOf(field);
    if (widget === 'group' && field.properties) checkObject(field.properties, here, scope, report);
    if (widget === 'repeat' && field.items && 'properties' in field.items) {
      const items = field.items.properties;
      checkObject(items, joinPath(here, 'items'), { roots: scope.roots, row: new Set(Object.keys(items)) }, report);
    }
  }
}

export function checkConstraints(definition: Definition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const roots = rootPaths(definition.properties, '', new Set());
  checkObject(definition.properties, '', { roots }, (path, message) => problems.push(problem('INVALID_DEFINITION', path, message)));
  return problems;
}
