// Maps one compiled field to a Form.io component: one small mapper per widget, plus the parts
// every field shares (labels in all languages, validate, conditional, calculateValue).
import type { FieldNode, FieldOption } from '../compile/field-node';
import { localize } from '../i18n/localize';
import { GPS_INCOMPLETE, GPS_NEEDED, GPS_PARTS, GPS_TIME_PATTERN, gpsBounds } from '../model/gps';
import { FACES } from '../model/widgets';
import type { FieldConstraint, Widget } from '../model/types';
import { choiceFilterParts } from './choice-filter';
import { writeLocalized } from './localized-properties';
import { toFormioLogic } from './logic-paths';
import { DATE_PATTERN, toFormioPattern } from './pattern';
import type { FormioComponent, FormioValue, StringMap } from './types';

type Mapper = (node: FieldNode, locale: string) => Partial<FormioComponent>;

function values(options: FieldOption[] | undefined, locale: string): FormioValue[] {
  return (options ?? []).map((o) => ({ label: localize(o.label, locale), value: o.value }));
}

function optionProperties(options: FieldOption[] | undefined): StringMap {
  const props: StringMap = {};
  for (const option of options ?? []) Object.assign(props, writeLocalized(`option:${String(option.value)}`, option.label));
  return props;
}

function dataType(node: FieldNode): string {
  return node.type === 'integer' ? 'number' : 'string';
}

/** Hints for object-like fields: x-order present, the `required` order, additionalProperties. */
export function objectHints(schema: { required?: string[]; 'x-order'?: string[]; additionalProperties?: false }): StringMap {
  const hints: StringMap = {};
  if (schema['x-order']) hints.order = 'true';
  if (schema.required) hints.required = schema.required.join(',');
  if (schema.additionalProperties === false) hints.additionalProperties = 'false';
  return hints;
}

const text: Mapper = () => ({ type: 'textfield', inputType: 'text' });

/** JSON Schema bounds as Form.io's `validate.min` / `validate.max`. */
function formioBounds({ minimum, maximum }: { minimum?: number; maximum?: number }): Record<string, number> {
  return { ...(minimum !== undefined ? { min: minimum } : {}), ...(maximum !== undefined ? { max: maximum } : {}) };
}

/**
 * A GPS point as a container of its parts (model/gps.ts), so formio.js checks each range itself;
 * the fill page's "Record location" button sits over it and writes the parts. One rule on the
 * container refuses a point with some needed parts but not all, as the server's `required` does.
 */
const gps: Mapper = (node, locale) => {
  // Form.io's names (`data.` at the root, `row.` in a repeat row): `missing` answers with them.
  const base = node.inRepeat ? `row.${node.key}` : `data.${node.path}`;
  const needed = GPS_NEEDED.map((part) => `${base}.${part}`);
  const complete = { or: [{ '!': { missing: needed } }, { and: needed.map((name) => ({ in: [name, { missing: needed }] })) }] };
  const maxAccuracy = node.schema['x-max-accuracy'];
  return {
    type: 'container',
    hideLabel: false,
    components: GPS_PARTS.map(
      (rule): FormioComponent => ({
        type: rule.part === 'captured_at' ? 'textfield' : 'number',
        key: rule.part,
        label: localize(rule.label, locale),
        input: true,
        validate: rule.part === 'captured_at' ? { pattern: GPS_TIME_PATTERN.slice(1, -1) } : formioBounds(gpsBounds(node.schema, rule)),
      }),
    ),
    validate: { json: { if: [complete, true, localize(GPS_INCOMPLETE, locale)] } },
    properties: (maxAccuracy !== undefined ? { maxAccuracy: String(maxAccuracy) } : {}) as StringMap,
  };
};

const MAPPERS: Record<Widget, Mapper> = {
  text,
  textarea: () => ({ type: 'textarea' }),
  geography: text,
  provider: text,
  // The fill page puts its camera, signature pad or recorder over the text field, which holds the file's id.
  photo: text,
  signature: text,
  audio: text,
  gps,
  date: () => ({ type: 'textfield', inputType: 'date', validate: { pattern: DATE_PATTERN } }),
  number: (node) => (node.type === 'integer' ? { type: 'number', decimalLimit: 0, requireDecimal: false } : { type: 'number' }),
  checkbox: () => ({ type: 'checkbox' }),
  faces: (_node, locale) => ({
    type: 'radio',
    dataType: 'number',
    inline: true,
    values: FACES.map((f) => ({ label: `${f.face} ${localize(f.label, locale)}`, value: f.value })),
    // Form.io's onlyAvailableItems skips numbers (lodash isEmpty(6) is true), so bound the scale.
    validate: { onlyAvailableItems: true, min: 1, max: 5 },
  }),
  radio: (node, locale) => ({
    type: 'radio',
    dataType: dataType(node),
    values: values(node.options, locale),
    validate: { onlyAvailableItems: true },
    properties: optionProperties(node.options),
  }),
  select: (node, locale) => ({
    type: 'select',
    dataSrc: 'values',
    dataType: dataType(node),
    data: { values: values(node.options, locale) },
    validate: { onlyAvailableItems: true },
    properties: optionProperties(node.options),
  }),
  multiselect: (node, locale) => ({
    type: 'select',
    multiple: true,
    dataSrc: 'values',
    dataType: 'string',
    data: { values: values(node.options, locale) },
    validate: { onlyAvailableItems: true },
    properties: {
      ...optionProperties(node.options),
      ...(node.constraints.minItems !== undefined ? { minItems: String(node.constraints.minItems) } : {}),
      ...(node.constraints.maxItems !== undefined ? { maxItems: String(node.constraints.maxItems) } : {}),
    },
  }),
  group: (node, locale) => ({
    type: 'container',
    hideLabel: false,
    components: node.children.map((child) => toComponent(child, locale)),
    properties: objectHints(node.schema),
  }),
  repeat: (node, locale) => ({
    type: 'datagrid',
    components: node.children.map((child) => toComponent(child, locale)),
    validate: {
      ...(node.constraints.minItems !== undefined ? { minLength: node.constraints.minItems } : {}),
      ...(node.constraints.maxItems !== undefined ? { maxLength: node.constraints.maxItems } : {}),
    },
    properties: node.schema.items && 'properties' in node.schema.items ? objectHints(node.schema.items) : {},
  }),
};

/** Widgets whose Form.io `validate.required` has the same meaning as JSON Schema `required`. */
export function requiredIsValidated(widget: Widget): boolean {
  return widget !== 'checkbox' && widget !== 'group' && widget !== 'repeat';
}

function stringValidate(node: FieldNode): Record<string, unknown> {
  const c = node.constraints;
  const v: Record<string, unknown> = {};
  if (node.widget === 'faces') return v;
  if (c.minimum !== undefined) v.min = c.minimum;
  if (c.maximum !== undefined) v.max = c.maximum;
  if (c.minLength !== undefined) v.minLength = c.minLength;
  if (c.maxLength !== undefined) v.maxLength = c.maxLength;
  if (c.pattern !== undefined) v.pattern = toFormioPattern(c.pattern);
  return v;
}

/**
 * Cross-field rules as Form.io's `validate.json`, which must give `true` or the message to show:
 * `{"if": [rule1, {"if": [rule2, true, message2]}, message1]}`, messages in the form's language.
 * The rules themselves (both languages) travel in `properties.constraints`.
 */
function rulesToFormio(rules: readonly FieldConstraint[], locale: string): unknown {
  return rules.reduceRight<unknown>((next, { rule, message }) => ({ if: [toFormioLogic(rule), next, localize(message, locale)] }), true);
}

export function toComponent(node: FieldNode, locale: string): FormioComponent {
  const specific = MAPPERS[node.widget](node, locale);
  const validate: Record<string, unknown> = { ...stringValidate(node), ...specific.validate };
  if (node.required && requiredIsValidated(node.widget)) validate.required = true;
  const filter = choiceFilterParts(node, locale);
  const properties: StringMap = {
    ...writeLocalized('label', node.label),
    ...writeLocalized('help', node.help),
    ...(node.schema['x-widget'] ? { widget: node.schema['x-widget'] } : {}),
    ...(node.geoLevel ? { geoLevel: node.geoLevel } : {}),
    ...(node.providerKind ? { providerKind: node.providerKind } : {}),
    ...(node.schema['x-audio'] ? { audio: JSON.stringify(node.schema['x-audio']) } : {}),
    ...(node.schema['x-enum-audio'] ? { enumAudio: JSON.stringify(node.schema['x-enum-audio']) } : {}),
    ...(node.schema['x-max-pixels'] !== undefined ? { maxPixels: String(node.schema['x-max-pixels']) } : {}),
    ...(node.constraints.pattern !== undefined && node.widget !== 'date' ? { pattern: node.constraints.pattern } : {}),
    // Not Form.io's defaultValue: that would also fill the empty answers of a record being corrected.
    // New forms start with defaultAnswers() (the fill page and the builder's preview).
    ...(node.defaultValue !== undefined ? { default: JSON.stringify(node.defaultValue) } : {}),
    ...specific.properties,
    ...filter.properties,
  };
  const component: FormioComponent = {
    ...specific,
    type: specific.type as string,
    key: node.key,
    label: localize(node.label, locale),
    input: true,
    properties,
    validate,
  };
  if (node.help) component.description = localize(node.help, locale);
  if (node.visibleWhen) component.conditional = { json: toFormioLogic(node.visibleWhen) };
  if (node.rules) {
    validate.json = rulesToFormio(node.rules, locale);
    properties.constraints = JSON.stringify(node.rules);
  }
  // Cascading choices: an answer the filter does not offer is refused before the other rules run.
  if (filter.rule) validate.json = { if: [filter.rule.when, validate.json ?? true, filter.rule.message] };
  if (node.calculate) {
    component.calculateValue = toFormioLogic(node.calculate);
    component.disabled = true;
    component.allowCalculateOverride = false;
  }
  return component;
}
