// Which JSON types and keywords each widget accepts (docs/definition-format.md "Widgets").
// The meta-schema allows the keywords in general; this table ties them to widgets.
import type { JsonType, Widget } from './types';

export interface WidgetRule {
  types: readonly JsonType[];
  allowed: readonly string[];
  required: readonly string[];
}

export const COMMON_KEYWORDS: readonly string[] = ['type', 'x-label', 'x-help', 'x-widget', 'x-visible-when', 'x-calculate', 'x-constraints', 'x-audio'];

const text: WidgetRule = { types: ['string'], allowed: ['minLength', 'maxLength', 'pattern', 'default'], required: [] };
const choice: WidgetRule = { types: ['string', 'integer'], allowed: ['enum', 'x-enum-labels', 'x-enum-data', 'x-choice-filter', 'x-enum-audio', 'default'], required: ['enum', 'x-enum-labels'] };

const media: WidgetRule = { types: ['string'], allowed: ['pattern'], required: [] };

export const WIDGET_RULES: Record<Widget, WidgetRule> = {
  text,
  textarea: text,
  number: { types: ['number', 'integer'], allowed: ['minimum', 'maximum', 'default'], required: [] },
  faces: { types: ['integer'], allowed: ['minimum', 'maximum', 'default'], required: ['minimum', 'maximum'] },
  select: choice,
  radio: choice,
  multiselect: {
    types: ['array'],
    allowed: ['items', 'uniqueItems', 'minItems', 'maxItems', 'x-enum-labels', 'x-enum-data', 'x-choice-filter', 'x-enum-audio', 'default'],
    required: ['items', 'uniqueItems', 'x-enum-labels'],
  },
  checkbox: { types: ['boolean'], allowed: ['default'], required: [] },
  date: { types: ['string'], allowed: ['format', 'default'], required: ['format'] },
  geography: { types: ['string'], allowed: ['pattern', 'x-geo-level'], required: ['x-geo-level'] },
  provider: { types: ['string'], allowed: ['pattern', 'x-provider-kind'], required: ['x-provider-kind'] },
  // Media answers (issue 15.4): the value is the id (a UUID) of a file uploaded before the record.
  photo: { ...media, allowed: ['pattern', 'x-max-pixels'] },
  signature: media,
  audio: media,
  // A GPS point (model/gps.ts): an object whose parts and ranges the engine supplies.
  gps: { types: ['object'], allowed: ['x-max-accuracy'], required: [] },
  group: { types: ['object'], allowed: ['properties', 'required', 'additionalProperties', 'x-order'], required: ['properties'] },
  repeat: { types: ['array'], allowed: ['items', 'minItems', 'maxItems'], required: ['items'] },
};
