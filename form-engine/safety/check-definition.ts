// Decides whether a definition may be stored: meta-schema and structure errors are
// INVALID_DEFINITION; JSONLogic outside the allow-list, templates or HTML in text are UNSAFE.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { disallowedOperations } from '../logic/collect-vars';
import { metaSchema } from '../model/meta-schema';
import type { Definition, DefinitionProblem } from '../model/types';
import { createAjv } from '../validate/ajv';
import { checkConstraints } from './check-constraints';
import { checkDefinitionSize, checkLimits } from './check-limits';
import { checkStructure } from './check-structure';
import { choiceFilterProblems } from './check-choice-filter';
import { unsafeEnumValues } from './enum-values';
import { patternProblems } from './check-patterns';
import { joinPath, problem } from './problem';
import { hasMarkup, hasTemplate } from './unsafe-text';

let compiled: ValidateFunction | undefined;

function metaValidator(): ValidateFunction {
  compiled ??= createAjv().compile(metaSchema);
  return compiled;
}

function pointerToPath(pointer: string): string {
  return pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
}

function metaProblem(error: ErrorObject): DefinitionProblem {
  const base = pointerToPath(error.instancePath);
  const extra = error.params as { additionalProperty?: string; missingProperty?: string };
  const name = extra.additionalProperty ?? extra.missingProperty;
  const path = joinPath(base, name ?? '');
  const what = error.keyword === 'additionalProperties' ? 'is not allowed here' : error.message ?? 'is invalid';
  return problem('INVALID_DEFINITION', path, { en: `${path || 'definition'}: ${what}`, km: `${path || 'និយមន័យ'}: មិនត្រឹមត្រូវ` });
}

const TEXT_KEYS = new Set(['x-title', 'x-description', 'x-label', 'x-help', 'title', 'help']);

/** Scans localized texts and JSONLogic anywhere in the (possibly malformed) definition. */
function unsafeProblems(node: unknown, path: string, out: DefinitionProblem[]): void {
  if (typeof node !== 'object' || node === null) return;
  for (const [key, value] of Object.entries(node)) {
    const here = joinPath(path, key);
    if (key === 'x-visible-when' || key === 'x-calculate' || key === 'x-choice-filter') {
      for (const bad of disallowedOperations(value)) {
        out.push(problem('UNSAFE_DEFINITION', here + bad.path, { en: `JSONLogic operation "${bad.operator}" is not allowed`, km: `ប្រតិបត្តិការ JSONLogic "${bad.operator}" មិនត្រូវបានអនុញ្ញាត` }));
      }
    } else if (key === 'x-constraints' && Array.isArray(value)) {
      constraintProblems(value, here, out);
    } else if (TEXT_KEYS.has(key) || key === 'x-enum-labels') {
      scanTexts(value, here, out);
    } else if (typeof value === 'object') {
      unsafeProblems(value, here, out);
    }
  }
}

/** Rules of `x-constraints` are JSONLogic from the allow-list; their messages are plain text. */
function constraintProblems(list: unknown[], path: string, out: DefinitionProblem[]): void {
  list.forEach((item, i) => {
    if (typeof item !== 'object' || item === null) return;
    const { rule, message } = item as { rule?: unknown; message?: unknown };
    for (const bad of disallowedOperations(rule)) {
      out.push(problem('UNSAFE_DEFINITION', joinPath(path, i, 'rule') + bad.path, { en: `JSONLogic operation "${bad.operator}" is not allowed`, km: `ប្រតិបត្តិការ JSONLogic "${bad.operator}" មិនត្រូវបានអនុញ្ញាត` }));
    }
    scanTexts(message, joinPath(path, i, 'message'), out);
  });
}

function scanTexts(node: unknown, path: string, out: DefinitionProblem[]): void {
  if (typeof node === 'string') {
    if (hasTemplate(node)) out.push(problem('UNSAFE_DEFINITION', path, { en: 'Template expressions ({{ }}) are not allowed in text', km: 'មិនអនុញ្ញាតឱ្យប្រើកន្សោមគំរូ ({{ }}) ក្នុងអត្ថបទ' }));
    if (hasMarkup(node)) out.push(problem('UNSAFE_DEFINITION', path, { en: 'HTML markup is not allowed in text', km: 'មិនអនុញ្ញាតឱ្យប្រើ HTML ក្នុងអត្ថបទ' }));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  for (const [key, value] of Object.entries(node)) scanTexts(value, joinPath(path, key), out);
}

export function checkDefinition(definition: unknown): DefinitionProblem[] {
  // Size first, iteratively: every later step recurses or is linear only within these limits.
  const oversize = checkDefinitionSize(definition);
  if (oversize.length > 0) return oversize;
  const unsafe: DefinitionProblem[] = [];
  unsafeProblems(definition, '', unsafe);
  unsafeEnumValues(definition, '', unsafe);
  const validate = metaValidator();
  if (!validate(definition)) return [...unsafe, ...(validate.errors ?? []).map(metaProblem)];
  const beyond = checkLimits(definition as Definition);
  if (beyond.length > 0) return [...unsafe, ...beyond];
  const structure = checkStructure(definition as Definition);
  // References are resolved against the field tree, so only once the structure is sound.
  const references = structure.length > 0 ? [] : choiceFilterProblems(definition as Definition);
  const rules = structure.length > 0 ? [] : checkConstraints(definition as Definition);
  return [...unsafe, ...patternProblems(definition), ...structure, ...references, ...rules];
}
