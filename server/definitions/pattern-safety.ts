// Save-time pattern checks needing server-only libraries: a pattern must compile under re2js (the
// server's linear-time engine, submissions/validator.ts), and, since formio.js runs it on the
// browser's backtracking RegExp engine, recheck must show it runs in linear time; otherwise it is
// refused (INVALID_DEFINITION + path).
// recheck analyses the pattern as written, with the `u` flag; the text formio.js runs differs only
// in spelling each character set as one atom whose alternatives start with different code units,
// which changes no backtracking behaviour beyond a constant factor.
import { check } from 'recheck';
import { findPatterns, re2Matcher, type DefinitionProblem } from '../../form-engine/index';
import { compileRe2 } from '../submissions/validator';

/** How long one pattern's analysis may take before it counts as unproven (and is refused). */
const CHECK_TIMEOUT_MS = 5_000;
/** Budget for all patterns of one definition, so a save cannot be made to run for minutes. */
const TOTAL_BUDGET_MS = 15_000;

const UNPROVEN = { en: 'this pattern could not be proven to run in linear time; simplify it', km: 'មិនអាចបញ្ជាក់ថាលំនាំនេះដំណើរការលឿនគ្រប់គ្រាន់បានទេ។ សូមធ្វើឱ្យសាមញ្ញ' };

export async function patternTimeProblems(definition: unknown): Promise<DefinitionProblem[]> {
  const problems: DefinitionProblem[] = [];
  const deadline = Date.now() + TOTAL_BUDGET_MS;
  const verdicts = new Map<string, DefinitionProblem['message'] | null>();
  for (const { path, pattern } of findPatterns(definition)) {
    // The engine writes only RE2-expressible patterns; refuse rather than trust that if re2js disagrees.
    let compiles = true;
    re2Matcher(pattern, (source) => {
      try {
        return compileRe2(source);
      } catch (error) {
        compiles = false;
        throw error;
      }
    });
    if (!compiles) {
      problems.push({ code: 'INVALID_DEFINITION', path, message: { en: 'this pattern cannot run on the server’s linear-time engine (RE2)', km: 'លំនាំនេះមិនអាចដំណើរការលើម៉ាស៊ីនមេ (RE2) បានទេ' } });
      continue;
    }
    if (!verdicts.has(pattern)) verdicts.set(pattern, await timeProblem(pattern, deadline - Date.now()));
    const why = verdicts.get(pattern);
    if (why) problems.push({ code: 'INVALID_DEFINITION', path, message: why });
  }
  return problems;
}

async function timeProblem(pattern: string, budget: number): Promise<DefinitionProblem['message'] | null> {
  if (budget <= 0) return UNPROVEN;
  const result = await check(pattern, 'u', { timeout: Math.min(CHECK_TIMEOUT_MS, budget) });
  if (result.status === 'safe') return null;
  if (result.status === 'unknown') return UNPROVEN;
  return {
    en: `this pattern can take ${result.complexity.type} time on some answers (for example nested repeats like (a+)+); simplify it or anchor it with ^…$`,
    km: 'លំនាំនេះអាចប្រើពេលយូរខ្លាំងលើចម្លើយខ្លះ (ឧ. ការធ្វើម្តងទៀតក្នុងការធ្វើម្តងទៀត ដូចជា (a+)+)។ សូមធ្វើឱ្យសាមញ្ញ ឬប្រើ ^…$',
  };
}
