// The server's single form-engine validator (validators compiled once per key@version). Patterns
// run on re2js, a linear-time engine, so no stored pattern can stall a request, whatever its age.
import { RE2JS } from 're2js';
import { createValidator, re2Matcher, type PatternMatcher } from '../../form-engine/index';

export type SubmissionValidator = ReturnType<typeof createValidator>;

/** Compiles RE2 syntax with re2js; throws on syntax re2js refuses. */
export function compileRe2(source: string): PatternMatcher {
  const re = RE2JS.compile(source);
  return { test: (value) => re.matcher(value).find() };
}

export function createSubmissionValidator(): SubmissionValidator {
  return createValidator({ pattern: (pattern) => re2Matcher(pattern, compileRe2) });
}
