// Server and browser validation of submissions against a definition, with one Ajv instance and
// each definition compiled once per cache key (e.g. "csc-health-centre@1").
import type { ValidateFunction } from 'ajv';
import { compileDefinition } from '../compile/compile';
import type { FieldNode } from '../compile/field-node';
import type { Definition, ValidationError } from '../model/types';
import { nativeMatcher } from '../patterns/compile';
import { createAjv, type PatternEngine } from './ajv';
import { compareErrors, fromAjvError, uniqueErrors } from './ajv-errors';
import { ruleErrors, type RuledField } from './check-rules';
import { cleanCopy } from './clean-copy';
import { copyPlain } from './copy-data';
import { hasChoiceFilters, unofferedChoices } from './choice-filters';
import { checkDataLimits } from './data-limits';
import { dataSchema } from './data-schema';
import { messageFor } from './messages';
import { planOf, type Plan } from './plan';
import { applyCalculations, isObject, removeHiddenAndFindMissing } from './prepare';

export interface ValidationResult {
  errors: ValidationError[];
  /** The cleaned data: what the server stores. */
  data: unknown;
}

export interface Validator {
  validate(cacheKey: string, definition: Definition, data: unknown): ValidationResult;
}

interface Compiled {
  nodes: FieldNode[];
  plan: Plan;
  check: ValidateFunction;
  /** Some field has x-choice-filter (cascading choices). */
  filtered: boolean;
}

function run(compiled: Compiled, data: unknown): ValidationResult {
  // One pass checks the limits, copies and drops empty answers; on excess, findOversize names it.
  const copied = cleanCopy(data, compiled.plan.byKey);
  if ('excess' in copied) return { errors: copied.excess ? [copied.excess] : checkDataLimits(data), data: undefined };
  const cleaned = copied.value;
  let errors: ValidationError[] = [];
  if (isObject(cleaned)) {
    if (compiled.plan.calculates) applyCalculations(compiled.nodes, cleaned);
    const ruled: RuledField[] = [];
    for (const path of removeHiddenAndFindMissing(compiled.plan.roots, cleaned, ruled)) {
      errors.push({ path, keyword: 'required', message: messageFor('required') });
    }
    if (ruled.length > 0) errors.push(...ruleErrors(ruled, cleaned));
    if (compiled.filtered) errors.push(...unofferedChoices(compiled.nodes, cleaned));
  }
  if (!compiled.check(cleaned)) for (const e of compiled.check.errors ?? []) errors.push(fromAjvError(e));
  if (errors.length > 0) errors = uniqueErrors(errors).sort(compareErrors);
  return { errors, data: copyPlain(cleaned) };
}

function compileFor(ajv: ReturnType<typeof createAjv>, definition: Definition): Compiled {
  const nodes = compileDefinition(definition);
  return { nodes, plan: planOf(nodes), check: ajv.compile(dataSchema(definition)), filtered: hasChoiceFilters(nodes) };
}

/** `pattern` defaults to native JavaScript on the compiled pattern; the server injects re2js (linear time). */
export function createValidator(options: { pattern?: PatternEngine } = {}): Validator {
  const ajv = createAjv(options.pattern ?? nativeMatcher);
  const cache = new Map<string, Compiled>();
  return {
    validate(cacheKey, definition, data) {
      let compiled = cache.get(cacheKey);
      if (!compiled) {
        compiled = compileFor(ajv, definition);
        cache.set(cacheKey, compiled);
      }
      return run(compiled, data);
    },
  };
}

let sharedAjv: ReturnType<typeof createAjv> | undefined;
const byIdentity = new WeakMap<object, Compiled>();

/** Convenience: validates with module-level state keyed by the definition object's identity. */
export function validate(definition: Definition, data: unknown): ValidationResult {
  let compiled = byIdentity.get(definition);
  if (!compiled) {
    sharedAjv ??= createAjv(nativeMatcher);
    const schema = dataSchema(definition);
    const nodes = compileDefinition(definition);
    compiled = { nodes, plan: planOf(nodes), check: sharedAjv.compile(schema), filtered: hasChoiceFilters(nodes) };
    // Keep the shared Ajv from retaining every definition ever seen; the compiled function stays usable.
    sharedAjv.removeSchema(schema);
    byIdentity.set(definition, compiled);
  }
  return run(compiled, data);
}
