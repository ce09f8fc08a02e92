// Refuses `pattern`s outside the supported language (patterns/parse.ts: no backreferences or
// lookaround, repeat counts ≤ 1000) or longer than MAX_PATTERN_LENGTH, with the pattern's path.
// Whether a pattern runs in linear time on a backtracking engine is a server-side check
// (server/definitions/pattern-safety.ts), as it needs a ReDoS analyser.
import type { DefinitionProblem } from '../model/types';
import { MAX_PATTERN_LENGTH, patternProblem } from '../patterns/compile';
import { khmerReason } from '../patterns/reasons';
import { joinPath, problem } from './problem';

/** Every string `pattern` keyword in a (possibly malformed) definition, with its dotted path. */
export function findPatterns(node: unknown, path = '', out: Array<{ path: string; pattern: string }> = []): Array<{ path: string; pattern: string }> {
  if (typeof node !== 'object' || node === null) return out;
  for (const [key, value] of Object.entries(node)) {
    const here = joinPath(path, key);
    if (key === 'pattern' && typeof value === 'string') out.push({ path: here, pattern: value });
    else if (typeof value === 'object' && !key.startsWith('x-')) findPatterns(value, here, out);
  }
  return out;
}

export function patternProblems(definition: unknown): DefinitionProblem[] {
  return findPatterns(definition).flatMap(({ path, pattern }) => {
    const reason = pattern.length > MAX_PATTERN_LENGTH ? `longer than ${MAX_PATTERN_LENGTH} characters` : patternProblem(pattern);
    return reason ? [problem('INVALID_DEFINITION', path, { en: `Unsupported pattern: ${reason}`, km: `លំនាំ (pattern) មិនអាចប្រើបាន៖ ${khmerReason(reason)}` })] : [];
  });
}
