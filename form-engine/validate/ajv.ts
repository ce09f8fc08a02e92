// The single place Ajv is configured: JSON Schema 2020-12, formats, every error reported, and the
// definition's x- annotations declared as a vocabulary so strict mode accepts them.
import { Ajv2020 } from 'ajv/dist/2020';
import addFormatsModule from 'ajv-formats';

export const X_KEYWORDS = [
  'x-kind', 'x-title', 'x-description', 'x-sections', 'x-order', 'x-label', 'x-help', 'x-widget',
  'x-visible-when', 'x-calculate', 'x-geo-level', 'x-provider-kind', 'x-enum-labels',
] as const;

// ajv-formats ships CommonJS; depending on the bundler its default export may be wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

export function createAjv(): Ajv2020 {
  // ownProperties: a property inherited from Object.prototype (`valueOf`) is not an answer.
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true, ownProperties: true });
  addFormats(ajv);
  ajv.addVocabulary([...X_KEYWORDS]);
  return ajv;
}
