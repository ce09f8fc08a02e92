// Server and browser validation of submissions against a definition, with one Ajv instance and
// each definition compiled once per cache key (e.g. "csc-health-centre@1").
import type { ValidateFunction } from 'ajv';
import { compileDefinition } from '../compile/compile';
import type { FieldNode } from '../compile/field-node';
import type { Definition, ValidationError } from '../model/types';
import { nativeMatcher } from '../patterns/compile';
import { createAjv, type PatternEngine } from './ajv';
import { compareErrors, fromAjvError, uniqueErrors } from './ajv-errors';
import { copyBare, copyPlain } from './copy-data';
import { checkDataLimits } from './data-limits';
import { dataSchema } from './data-schema';
import { messageFor } from './messages';
import { applyCalculations, dropEmptyAnswers, isObject, removeHiddenAndFindMissing } from './prepare';

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
  check: ValidateFunction;
}

function run(compiled: Compiled, data: unknown): ValidationResult {
  const oversize = checkDataLimits(data);
  if (oversize.length > 0) return { errors: oversize, data: undefined };
  const cleaned = copyBare(data);
  const missing: ValidationError[] = [];
  if (isObject(cleaned)) {
    dropEmptyAnswers(compiled.nodes, cleaned);
    applyCalculations(compiled.nodes, cleaned);
    for (const path of removeHiddenAndFindMissing(compiled.nodes, cleaned)) {
      missing.push({ path, keyword: 'required', message: messageFor('required') });
    }
  }
  const schemaErrors = compiled.check(cleaned) ? [] : (compiled.check.errors ?? []).map(fromAjvError);
  return { errors: uniqueErrors([...missing, ...schemaErrors]).sort(compareErrors), data: copyPlain(cleaned) };
}

function compile(ajv: ReturnType<typeof createAjv>, definition: Definition): Compiled {
  return { nodes: compileDefinition(definition), check: ajv.compile(dataSchema(definition)) };
}

/** `pattern` defaults to native JavaScript on the compiled pattern; the server injects re2js (linear time). */
export function createValidator(options: { pattern?: PatternEngine } = {}): Validator {
  const ajv = createAjv(options.pattern ?? nativeMatcher);
  const cache = new Map<string, Compiled>();
  return {
    validate(cacheKey, definition, data) {
      let compiled = cache.get(cacheKey);
      if (!compiled) {
        compiled = compile(ajv, definition);
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
    compiled = { nodes: compileDefinition(definition), check: sharedAjv.compile(schema) };
    // Keep the shared Ajv from retaining every definition ever seen; the compiled function stays usable.
    sharedAjv.removeSchema(schema);
    byIdentity.set(definition, compiled);
  }
  return run(compiled, data);
}
