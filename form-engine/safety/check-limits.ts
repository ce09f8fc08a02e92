// Refuses definitions beyond the documented limits (model/limits.ts) with the path of the excess.
// The size check runs first on raw JSON, iteratively; the typed checks run on meta-schema-valid
// definitions before the structure check. Both are linear and non-recursive.
import { LIMITS, RESERVED_FIELD_NAMES } from '../model/limits';
import type { Bilingual, Definition, DefinitionProblem, FieldSchema } from '../model/types';
import { widgetOf } from '../model/widgets';
import { findOversize, type SizeCaps } from './json-size';
import { LIMIT_MESSAGES, oversizeMessage } from './limit-messages';
import { joinPath, problem } from './problem';

const DEFINITION_CAPS: SizeCaps = { depth: LIMITS.definitionDepth, nodes: LIMITS.definitionNodes, stringLength: LIMITS.textLength };
/** Form.io JSON spells the same form with about 1.7 times as many values as its definition. */
// Form.io JSON carries compiled patterns (patterns/compile.ts), whose code-point sets can be far longer
// than the pattern typed: the per-string cap is wider there; the node and depth caps still hold.
export const FORMIO_CAPS: SizeCaps = { ...DEFINITION_CAPS, nodes: 2 * LIMITS.definitionNodes, stringLength: 100 * LIMITS.textLength };

/** Depth, total size and string length of the raw document; at most one problem. */
export function checkDefinitionSize(definition: unknown, caps: SizeCaps = DEFINITION_CAPS): DefinitionProblem[] {
  const found = findOversize(definition, caps);
  return found ? [problem('INVALID_DEFINITION', joinPath(...found.segments), oversizeMessage(found, caps))] : [];
}

type Report = (path: string, message: Bilingual) => void;

/** Operation nesting and size of one JSONLogic expression, walked with an explicit stack. */
function checkLogic(logic: unknown, path: string, report: Report): void {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: logic, depth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (++nodes > LIMITS.logicNodes) return report(path, LIMIT_MESSAGES.logicNodes(LIMITS.logicNodes));
    if (typeof node !== 'object' || node === null) continue;
    const inner = Array.isArray(node) ? depth : depth + 1;
    if (inner > LIMITS.logicDepth) return report(path, LIMIT_MESSAGES.logicDepth(LIMITS.logicDepth));
    for (const child of Object.values(node)) stack.push({ node: child, depth: inner });
  }
}

function checkOptions(values: ReadonlyArray<string | number>, path: string, report: Report): void {
  if (values.length > LIMITS.options) return report(path, LIMIT_MESSAGES.options(LIMITS.options));
  // A Set, not Ajv's uniqueItems: that one compares mixed-type items pairwise (quadratic).
  const seen = new Set<string | number>();
  values.forEach((value, i) => {
    if (typeof value === 'string' && value.length > LIMITS.optionLength) report(joinPath(path, i), LIMIT_MESSAGES.optionLength(LIMITS.optionLength));
    if (seen.has(value)) report(joinPath(path, i), LIMIT_MESSAGES.duplicateOption(String(value)));
    seen.add(value);
  });
}

function checkField(field: FieldSchema, path: string, report: Report): void {
  if (field.enum) checkOptions(field.enum, joinPath(path, 'enum'), report);
  if (field.items && 'enum' in field.items) checkOptions(field.items.enum, joinPath(path, 'items', 'enum'), report);
  if (field.pattern !== undefined && field.pattern.length > LIMITS.patternLength) {
    report(joinPath(path, 'pattern'), LIMIT_MESSAGES.patternLength(LIMITS.patternLength));
  }
  for (const keyword of ['minItems', 'maxItems'] as const) {
    const value = field[keyword];
    if (widgetOf(field) === 'repeat' && value !== undefined && value > LIMITS.repeatRows) report(joinPath(path, keyword), LIMIT_MESSAGES.repeatRows(LIMITS.repeatRows));
  }
  for (const keyword of ['x-visible-when', 'x-calculate', 'x-choice-filter'] as const) {
    if (field[keyword] !== undefined) checkLogic(field[keyword], joinPath(path, keyword), report);
  }
  for (const [value, attributes] of Object.entries(field['x-enum-data'] ?? {})) {
    if (Object.keys(attributes).length > LIMITS.optionAttributes) report(joinPath(path, 'x-enum-data', value), LIMIT_MESSAGES.optionAttributes(LIMITS.optionAttributes));
  }
  const rules = field['x-constraints'] ?? [];
  if (rules.length > LIMITS.constraints) report(joinPath(path, 'x-constraints'), LIMIT_MESSAGES.constraints(LIMITS.constraints));
  else rules.forEach((c, i) => checkLogic(c.rule, joinPath(path, 'x-constraints', i, 'rule'), report));
}

interface Holder {
  properties: Record<string, FieldSchema>;
  path: string;
  level: number;
}

/** Field count, nesting, reserved names, options, patterns, repeat rows, logic and sections. */
export function checkLimits(definition: Definition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const report: Report = (path, message) => problems.push(problem('INVALID_DEFINITION', path, message));
  if ((definition['x-sections']?.length ?? 0) > LIMITS.sections) report('x-sections', LIMIT_MESSAGES.sections(LIMITS.sections));
  const queue: Holder[] = [{ properties: definition.properties, path: '', level: 1 }];
  let fields = 0;
  for (let i = 0; i < queue.length; i++) {
    const next = queue[i] as Holder;
    for (const [key, field] of Object.entries(next.properties)) {
      const path = joinPath(next.path, 'properties', key);
      if (++fields > LIMITS.fields) {
        report('properties', LIMIT_MESSAGES.fields(LIMITS.fields));
        return problems;
      }
      if (RESERVED_FIELD_NAMES.has(key)) report(path, LIMIT_MESSAGES.reservedName(key));
      checkField(field, path, report);
      const widget = widgetOf(field);
      const inner =
        widget === 'group' && field.properties
          ? { properties: field.properties, path }
          : widget === 'repeat' && field.items && 'properties' in field.items
            ? { properties: field.items.properties, path: joinPath(path, 'items') }
            : undefined;
      if (!inner) continue;
      // `next.level` counts the groups and repeats around this field; this one adds a level.
      if (next.level > LIMITS.fieldDepth) report(path, LIMIT_MESSAGES.fieldDepth(LIMITS.fieldDepth));
      else queue.push({ ...inner, level: next.level + 1 });
    }
  }
  return problems;
}
