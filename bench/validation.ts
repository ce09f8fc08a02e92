// Why: the form engine wraps Ajv with cleaning (empty answers, calculations, hidden fields) and
// bilingual errors; this measures what that costs against a bare compiled Ajv on the same schema.
import { Ajv2020 } from 'ajv/dist/2020';
import addFormatsModule from 'ajv-formats';
import definitionJson from '../definitions/forms/csc-health-centre/v1.json' with { type: 'json' };
import { createValidator, type Definition } from '../form-engine/index';
import { FORM_KEY, FORM_VERSION, VARIANTS, invalidDocument, validDocument, type IsafDocument } from './lib/isaf-document';
import { measure, syncRound, type CaseResult } from './lib/measure';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

/**
 * The definition as a plain JSON Schema: x- annotations removed, and fields shown only under a
 * condition (x-visible-when) taken out of `required`, since plain JSON Schema cannot express that.
 */
function plainSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(plainSchema);
  if (typeof node !== 'object' || node === null) return node;
  const src = node as Record<string, unknown>;
  const props = (typeof src.properties === 'object' && src.properties !== null ? src.properties : {}) as Record<string, Record<string, unknown>>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(src)) {
    if (key.startsWith('x-') || key === '$schema') continue;
    if (key === 'properties') out[key] = Object.fromEntries(Object.entries(props).map(([name, s]) => [name, plainSchema(s)]));
    else if (key === 'required' && Array.isArray(value)) out[key] = value.filter((name) => !props[String(name)]?.['x-visible-when']);
    else out[key] = plainSchema(value);
  }
  return out;
}

export interface ValidationFigures {
  valid: { engine: CaseResult; ajv: CaseResult };
  invalid: { engine: CaseResult; ajv: CaseResult };
}

export async function benchValidation(opts: { rounds: number; warmupMs: number; durationMs: number }): Promise<ValidationFigures> {
  const definition = definitionJson as unknown as Definition;
  const cacheKey = `${FORM_KEY}@${FORM_VERSION}`;
  const engine = createValidator();
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true });
  addFormats(ajv);
  const check = ajv.compile(plainSchema(definition) as object);

  const valid: IsafDocument[] = Array.from({ length: VARIANTS }, (_, i) => validDocument(i));
  const invalid: IsafDocument[] = Array.from({ length: VARIANTS }, (_, i) => invalidDocument(i));
  // Both sides must agree on what is valid before their speed means anything.
  for (const d of valid) {
    const r = engine.validate(cacheKey, definition, d);
    if (r.errors.length > 0 || !check(d)) throw new Error(`valid document rejected: ${JSON.stringify(r.errors ?? check.errors)}`);
  }
  for (const d of invalid) {
    if (engine.validate(cacheKey, definition, d).errors.length < 4 || check(d) || (check.errors?.length ?? 0) < 4) {
      throw new Error('invalid document not rejected with all its errors');
    }
  }

  let sink = 0;
  const engineCase = (docs: IsafDocument[]) => async (ms: number) =>
    syncRound((i) => {
      sink += engine.validate(cacheKey, definition, docs[i % VARIANTS]).errors.length;
    }, ms);
  const ajvCase = (docs: IsafDocument[]) => async (ms: number) =>
    syncRound((i) => {
      sink += check(docs[i % VARIANTS]) ? 0 : (check.errors?.length ?? 0);
    }, ms);
  const r = await measure(
    [
      { name: 'engine-valid', round: engineCase(valid) },
      { name: 'ajv-valid', round: ajvCase(valid) },
      { name: 'engine-invalid', round: engineCase(invalid) },
      { name: 'ajv-invalid', round: ajvCase(invalid) },
    ],
    opts,
  );
  if (sink < 0) console.log(sink); // keeps the results observable so the JIT cannot drop the calls
  const get = (n: string) => r.get(n) as CaseResult;
  return { valid: { engine: get('engine-valid'), ajv: get('ajv-valid') }, invalid: { engine: get('engine-invalid'), ajv: get('ajv-invalid') } };
}
