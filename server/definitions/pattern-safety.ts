// Save-time ReDoS check: formio.js runs a definition's patterns on the browser's backtracking
// RegExp engine, so a pattern that recheck cannot show to run in linear time is refused
// (INVALID_DEFINITION + path). The server itself matches with re2js (submissions/validator.ts).
// recheck analyses the pattern as written, with the `u` flag; the text formio.js runs differs only
// in spelling each character set as one atom whose alternatives start with different code units,
// which changes no backtracking behaviour beyond a constant factor.
import { check } from 'recheck';
import { findPatterns, type DefinitionProblem } from '../../form-engine/index';

/** How long one pattern's analysis may take before it counts as unproven (and is refused). */
const CHECK_TIMEOUT_MS = 5_000;

export async function patternTimeProblems(definition: unknown): Promise<DefinitionProblem[]> {
  const problems: DefinitionProblem[] = [];
  for (const { path, pattern } of findPatterns(definition)) {
    const result = await check(pattern, 'u', { timeout: CHECK_TIMEOUT_MS });
    if (result.status === 'safe') continue;
    const why = result.status === 'vulnerable'
      ? { en: `this pattern can take ${result.complexity.type} time on some answers (for example nested repeats like (a+)+); simplify it or anchor it with ^…$`, km: `លំនាំនេះអាចប្រើពេលយូរខ្លាំងលើចម្លើយខ្លះ (ឧ. ការធ្វើម្តងទៀតក្នុងការធ្វើម្តងទៀត ដូចជា (a+)+)។ សូមធ្វើឱ្យសាមញ្ញ ឬប្រើ ^…$` }
      : { en: 'this pattern could not be proven to run in linear time; simplify it', km: 'មិនអាចបញ្ជាក់ថាលំនាំនេះដំណើរការលឿនគ្រប់គ្រាន់បានទេ។ សូមធ្វើឱ្យសាមញ្ញ' };
    problems.push({ code: 'INVALID_DEFINITION', path, message: why });
  }
  return problems;
}
