// One meaning for a definition's `pattern` on every side: parsed once (parse.ts), then written for
// formio.js (JavaScript, no flags), for the browser's and server's Ajv (native JavaScript or an
// injected linear-time engine such as re2js). A pattern that cannot be parsed (an old stored
// definition from before these checks) matches nothing on every side: fail closed, never a 500.
import { LIMITS } from '../model/limits';
import { isAnchored, toJavaScript, toRe2 } from './emit';
import { parsePattern, PatternSyntaxError, type PatternNode } from './parse';

/** Longest `pattern` a definition may carry (characters as JavaScript counts them). */
export const MAX_PATTERN_LENGTH = LIMITS.patternLength;

export interface PatternMatcher {
  /** JSON Schema semantics: true when the pattern matches anywhere in `value`. */
  test(value: string): boolean;
}

/** Compiles a parsed pattern's RE2 text into a matcher (the server passes re2js here). */
export type Re2Compiler = (re2Source: string) => PatternMatcher;

const NEVER: PatternMatcher = { test: () => false };
const cache = new Map<string, PatternNode | PatternSyntaxError>();

function parsed(pattern: string): PatternNode | PatternSyntaxError {
  let entry = cache.get(pattern);
  if (entry) return entry;
  try {
    if (pattern.length > MAX_PATTERN_LENGTH) throw new PatternSyntaxError(`longer than ${MAX_PATTERN_LENGTH} characters`, MAX_PATTERN_LENGTH);
    entry = parsePattern(pattern);
  } catch (error) {
    if (!(error instanceof PatternSyntaxError)) throw error;
    entry = error;
  }
  if (cache.size > 2000) cache.clear();
  cache.set(pattern, entry);
  return entry;
}

/** Why `pattern` is refused, or undefined when it is in the supported language. */
export function patternProblem(pattern: string): string | undefined {
  const entry = parsed(pattern);
  return entry instanceof PatternSyntaxError ? entry.message : undefined;
}

/** The Form.io `validate.pattern` (formio anchors it as `^…$` and adds no flags). */
export function formioPatternSource(pattern: string): string {
  const entry = parsed(pattern);
  if (entry instanceof PatternSyntaxError) return '(?!)';
  const js = toJavaScript(entry);
  return isAnchored(entry) ? js : `[\\s\\S]*(?:${js})[\\s\\S]*`;
}

/** Native JavaScript matcher (browser): the same emitted text formio.js runs, unanchored. */
export function nativeMatcher(pattern: string): PatternMatcher {
  const entry = parsed(pattern);
  return entry instanceof PatternSyntaxError ? NEVER : new RegExp(toJavaScript(entry));
}

/** Matcher through an RE2 engine (server): linear time whatever the pattern. */
export function re2Matcher(pattern: string, compile: Re2Compiler): PatternMatcher {
  const entry = parsed(pattern);
  if (entry instanceof PatternSyntaxError) return NEVER;
  try {
    return compile(toRe2(entry));
  } catch {
    return NEVER;
  }
}
