// Option values end up in the fill page's HTML (radio/select `value` attributes, ids) and in data
// tables, so they are tokens, not text: letters, digits, `_`, `.`, `-`. The meta-schema enforces
// the token shape (INVALID_DEFINITION); this scan reports markup or templates as UNSAFE_DEFINITION
// wherever an enum value or an x-enum-labels key appears, even in a malformed definition.
import type { DefinitionProblem } from '../model/types';
import { joinPath, problem } from './problem';
import { hasMarkup, hasTemplate } from './unsafe-text';

function unsafeValue(value: unknown): boolean {
  return typeof value === 'string' && (hasMarkup(value) || hasTemplate(value) || /["'<>&`]/.test(value));
}

const MESSAGE = { en: 'Option values may not contain markup, quotes or templates', km: 'តម្លៃជម្រើសមិនអាចមាន HTML សញ្ញាសម្រង់ ឬកន្សោមគំរូបានទេ' };

export function unsafeEnumValues(node: unknown, path = '', out: DefinitionProblem[] = []): DefinitionProblem[] {
  if (typeof node !== 'object' || node === null) return out;
  for (const [key, value] of Object.entries(node)) {
    const here = joinPath(path, key);
    if (key === 'enum' && Array.isArray(value)) {
      value.forEach((v, i) => {
        if (unsafeValue(v)) out.push(problem('UNSAFE_DEFINITION', joinPath(here, i), MESSAGE));
      });
    } else if (key === 'x-enum-labels' && typeof value === 'object' && value !== null) {
      for (const label of Object.keys(value)) if (unsafeValue(label)) out.push(problem('UNSAFE_DEFINITION', joinPath(here, label), MESSAGE));
    } else if (typeof value === 'object') {
      unsafeEnumValues(value, here, out);
    }
  }
  return out;
}
