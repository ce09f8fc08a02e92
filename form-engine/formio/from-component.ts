// Maps one Form.io component back to a definition field (the inverse of to-component.ts),
// reading both languages from `properties` and builder edits from the visible label.
import type { FieldSchema, LocalizedText, ObjectSchema } from '../model/types';
import { choiceFilterFields } from './choice-filter';
import { readLocalized } from './localized-properties';
import { fromFormioLogic } from './logic-paths';
import { fromFormioPattern, toFormioPattern } from './pattern';
import type { FormioComponent, FormioValue, StringMap } from './types';

export class UnsupportedComponentError extends Error {
  constructor(readonly path: string, readonly componentType: string) {
    super(`Unsupported Form.io component type "${componentType}" at ${path}`);
    this.name = 'UnsupportedComponentError';
  }
}

/** Component types whose `required` lives in the parent's hint (see to-component requiredIsValidated). */
const HINTED_REQUIRED = new Set(['checkbox', 'container', 'datagrid']);

type Context = { locale: string; path: string };
type Reader = (c: FormioComponent, props: StringMap, ctx: Context) => Partial<FieldSchema>;

function num(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function defined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}

/** The definition's pattern from `properties.pattern` while the compiled one is untouched, else as typed in the builder. */
function patternOf(written: unknown, original: string | undefined): string | undefined {
  if (typeof written !== 'string' || written === '') return undefined;
  return original !== undefined && toFormioPattern(original) === written ? original : fromFormioPattern(written);
}

function textConstraints(c: FormioComponent): Partial<FieldSchema> {
  const v = c.validate ?? {};
  return defined({
    minLength: num(v.minLength),
    maxLength: num(v.maxLength),
    pattern: patternOf(v.pattern, c.properties?.pattern),
  });
}

function choices(c: FormioComponent, props: StringMap, ctx: Context): Partial<FieldSchema> {
  const list: FormioValue[] = (c.type === 'radio' ? c.values : c.data?.values) ?? [];
  const numeric = c.dataType === 'number';
  const values = list.map((v) => (numeric ? Number(v.value) : String(v.value)));
  const labels: Record<string, LocalizedText> = {};
  list.forEach((v, i) => {
    const label = readLocalized(props, `option:${String(values[i])}`, v.label, ctx.locale);
    if (label) labels[String(values[i])] = label;
  });
  return { type: numeric ? 'integer' : 'string', enum: values, 'x-enum-labels': labels };
}

const READERS: Record<string, Reader> = {
  textfield: (c) => (c.inputType === 'date' ? { type: 'string', format: 'date' } : { type: 'string', ...textConstraints(c) }),
  textarea: (c) => ({ type: 'string', ...textConstraints(c) }),
  number: (c) =>
    defined({ type: c.decimalLimit === 0 ? 'integer' : 'number', minimum: num(c.validate?.min), maximum: num(c.validate?.max) }),
  checkbox: () => ({ type: 'boolean' }),
  radio: (c, props, ctx) => (props.widget === 'faces' ? { type: 'integer', minimum: 1, maximum: 5 } : choices(c, props, ctx)),
  select: (c, props, ctx) => {
    const { enum: values, 'x-enum-labels': labels, type } = choices(c, props, ctx);
    if (!c.multiple) return { type, enum: values, 'x-enum-labels': labels };
    return defined({
      type: 'array',
      items: { type: 'string', enum: (values ?? []).map(String) },
      uniqueItems: true,
      minItems: num(props.minItems),
      maxItems: num(props.maxItems),
      'x-enum-labels': labels,
    } as Partial<FieldSchema>);
  },
  // A GPS point's parts are the engine's (model/gps.ts): only its accuracy setting is the officer's.
  container: (c, props, ctx) =>
    props.widget === 'gps' ? defined({ type: 'object', 'x-max-accuracy': num(props.maxAccuracy) } as Partial<FieldSchema>) : { type: 'object', ...readObject(c.components ?? [], props, ctx) },
  datagrid: (c, props, ctx) =>
    defined({
      type: 'array',
      items: { type: 'object', ...readObject(c.components ?? [], props, ctx) } as ObjectSchema,
      minItems: num(c.validate?.minLength),
      maxItems: num(c.validate?.maxLength),
    } as Partial<FieldSchema>),
};

/**
 * The `default` answer kept in the component's `default` property (JSON; to-component.ts says why not
 * Form.io's defaultValue); the builder's panel reads it here too. Anything that is not a text, number, yes/no or list of texts is ignored
 * here and would be refused by the definition checks anyway.
 */
export function defaultOf(props: Record<string, string>): { default?: FieldSchema['default'] } {
  if (props.default === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(props.default);
  } catch {
    return {};
  }
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string') ? { default: value as string[] } : {};
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? { default: value } : {};
}

/**
 * Cross-field rules from `properties.constraints` (JSON, definition paths; to-component.ts writes
 * `validate.json` from them). Whatever it holds is checked as `x-constraints` by the definition checks;
 * a `validate.json` without it (a form made elsewhere) is not read: Form.io's `true`-or-message is not a rule.
 */
/** Recorded clips of the label and of the options (`properties.audio`, `enumAudio`: JSON); text that is not JSON goes to the meta-schema as is. */
function audioOf(props: Record<string, string>): Pick<FieldSchema, 'x-audio' | 'x-enum-audio'> {
  const read = (text: string): unknown => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  };
  return {
    ...(props.audio !== undefined ? { 'x-audio': read(props.audio) as FieldSchema['x-audio'] } : {}),
    ...(props.enumAudio !== undefined ? { 'x-enum-audio': read(props.enumAudio) as FieldSchema['x-enum-audio'] } : {}),
  };
}

function constraintsOf(props: Record<string, string>): { 'x-constraints'?: FieldSchema['x-constraints'] } {
  if (props.constraints === undefined) return {};
  try {
    return { 'x-constraints': JSON.parse(props.constraints) as FieldSchema['x-constraints'] };
  } catch {
    // Not JSON: kept as the text, so the meta-schema refuses it at `…x-constraints` instead of losing the rules.
    return { 'x-constraints': props.constraints as unknown as FieldSchema['x-constraints'] };
  }
}

/** Reads a component's field schema and whether Form.io marks it required (undefined: use the hint). */
export function fromComponent(c: FormioComponent, ctx: Context): { field: FieldSchema; required?: boolean } {
  const reader = READERS[c.type];
  if (!reader) throw new UnsupportedComponentError(ctx.path, c.type);
  const props = c.properties ?? {};
  const label = readLocalized(props, 'label', c.label, ctx.locale);
  const help = readLocalized(props, 'help', c.description, ctx.locale);
  const field = {
    ...reader(c, props, { ...ctx, path: `${ctx.path}.components` }),
    'x-label': label,
    ...(help ? { 'x-help': help } : {}),
    ...(props.widget ? { 'x-widget': props.widget } : {}),
    ...(props.geoLevel ? { 'x-geo-level': props.geoLevel } : {}),
    ...(props.providerKind ? { 'x-provider-kind': props.providerKind } : {}),
    ...audioOf(props),
    ...(props.widget === 'photo' && props.maxPixels !== undefined ? { 'x-max-pixels': Number(props.maxPixels) } : {}),
    ...(c.conditional?.json ? { 'x-visible-when': fromFormioLogic(c.conditional.json) } : {}),
    ...(c.calculateValue && typeof c.calculateValue === 'object' ? { 'x-calculate': fromFormioLogic(c.calculateValue) } : {}),
    ...defaultOf(props),
    ...constraintsOf(props),
    ...choiceFilterFields(props),
  } as FieldSchema;
  return HINTED_REQUIRED.has(c.type) ? { field } : { field, required: c.validate?.required === true };
}

/** Builds `required` from Form.io flags where they mean the same, the stored hint elsewhere, in stored order. */
export function reconcileRequired(hint: string | undefined, entries: Array<{ key: string; required?: boolean }>): string[] | undefined {
  const hinted = hint ? hint.split(',').filter(Boolean) : [];
  const wanted = new Set(entries.filter((e) => e.required ?? hinted.includes(e.key)).map((e) => e.key));
  const ordered = [...hinted.filter((k) => wanted.has(k)), ...entries.map((e) => e.key).filter((k) => wanted.has(k) && !hinted.includes(k))];
  return ordered.length || hint !== undefined ? ordered : undefined;
}

/** Reads nested components into `properties` / `required` / `x-order` / `additionalProperties`. */
export function readObject(components: FormioComponent[], props: StringMap, ctx: Context, paths?: string[]): Omit<ObjectSchema, 'type'> {
  const entries = components.map((c, i) => ({ key: c.key, ...fromComponent(c, { ...ctx, path: paths?.[i] ?? `${ctx.path}.${i}` }) }));
  const required = reconcileRequired(props.required, entries);
  return defined({
    properties: Object.fromEntries(entries.map((e) => [e.key, e.field])),
    required,
    additionalProperties: props.additionalProperties === 'false' ? (false as const) : undefined,
    'x-order': props.order === 'true' ? entries.map((e) => e.key) : undefined,
  });
}
