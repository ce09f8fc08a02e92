// JSON Schema `pattern` matches anywhere in the string; Form.io anchors its pattern as ^...$.
// Wrapping keeps the same meaning, and unwrapping restores the definition's pattern exactly.
const PREFIX = '[\\s\\S]*(?:';
const SUFFIX = ')[\\s\\S]*';

export function toFormioPattern(pattern: string): string {
  return `${PREFIX}${pattern}${SUFFIX}`;
}

export function fromFormioPattern(pattern: string): string {
  if (pattern.startsWith(PREFIX) && pattern.endsWith(SUFFIX)) return pattern.slice(PREFIX.length, -SUFFIX.length);
  return `^(?:${pattern})$`;
}

/** Form.io pattern for `format: date` text fields (calendar validity is checked by the server). */
export const DATE_PATTERN = '\\d{4}-\\d{2}-\\d{2}';
