// JSON Schema `pattern` matches anywhere in the string; Form.io anchors its pattern as ^...$ and
// compiles it without flags. toFormioPattern writes the pattern so formio.js gives the server's
// verdict (patterns/compile.ts); the definition's own text travels in `properties.pattern`.
import { formioPatternSource } from '../patterns/compile';

// How patterns were written before they were compiled (and how a pattern typed in the builder is read).
const PREFIX = '[\\s\\S]*(?:';
const SUFFIX = ')[\\s\\S]*';

export function toFormioPattern(pattern: string): string {
  return formioPatternSource(pattern);
}

export function fromFormioPattern(pattern: string): string {
  if (pattern.startsWith(PREFIX) && pattern.endsWith(SUFFIX)) return pattern.slice(PREFIX.length, -SUFFIX.length);
  return `^(?:${pattern})$`;
}

/** Form.io pattern for `format: date` text fields (calendar validity is checked by the server). */
export const DATE_PATTERN = '\\d{4}-\\d{2}-\\d{2}';
