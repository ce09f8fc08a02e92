// The single place Ajv is configured: JSON Schema 2020-12, formats, every error reported, and the
// definition's x- annotations declared as a vocabulary so strict mode accepts them. Lengths count
// UTF-16 code units, as formio.js and the browser's maxlength do (docs: "Text length").
import { Ajv2020 } from 'ajv/dist/2020';
import addFormatsModule from 'ajv-formats';
import type { PatternMatcher } from '../patterns/compile';

export const X_KEYWORDS = [
  'x-kind', 'x-title', 'x-description', 'x-sections', 'x-order', 'x-label', 'x-help', 'x-widget',
  'x-visible-when', 'x-calculate', 'x-geo-level', 'x-provider-kind', 'x-enum-labels',
] as const;

// ajv-formats ships CommonJS; depending on the bundler its default export may be wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

/** Compiles a definition's `pattern` into a matcher; the default is the engine's own (see patterns/compile.ts). */
export type PatternEngine = (pattern: string) => PatternMatcher;

function ajvRegExp(engine: PatternEngine) {
  const regExp = (pattern: string): PatternMatcher & { toString(): string } => {
    const matcher = engine(pattern);
    // Ajv caches compiled patterns by toString().
    return { test: (value: string) => matcher.test(value), toString: () => `pattern:${pattern}` };
  };
  return Object.assign(regExp, { code: 'patternEngine' });
}

export function createAjv(pattern?: PatternEngine): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictTypes: false,
    allowUnionTypes: true,
    // ownProperties: a property inherited from Object.prototype (`valueOf`) is not an answer.
    ownProperties: true,
    ...(pattern ? { code: { regExp: ajvRegExp(pattern) } } : {}),
  });
  // Ajv's `unicode: false` (count UTF-16 units, ajv's limitLength reads opts.unicode) is flagged
  // deprecated when passed to the constructor, which would log on every instance; set it after.
  (ajv.opts as { unicode?: boolean }).unicode = false;
  addFormats(ajv);
  ajv.addVocabulary([...X_KEYWORDS]);
  return ajv;
}
