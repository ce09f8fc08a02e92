// The definition format as TypeScript types (docs/definition-format.md is the contract).
// Every other module speaks these types, so they carry no behaviour.

export type LocalizedText = { km: string; en: string; [lang: string]: string };

export type JsonLogic = { [operator: string]: unknown };

export type Widget =
  | 'text'
  | 'textarea'
  | 'number'
  | 'faces'
  | 'select'
  | 'radio'
  | 'multiselect'
  | 'checkbox'
  | 'date'
  | 'geography'
  | 'provider'
  | 'photo'
  | 'signature'
  | 'audio'
  | 'gps'
  | 'group'
  | 'repeat';

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';

export type GeoLevel = 'province' | 'district' | 'commune' | 'village';

export interface ObjectSchema {
  type: 'object';
  properties: Record<string, FieldSchema>;
  required?: string[];
  additionalProperties?: false;
  'x-order'?: string[];
}

/** The items of a multiselect: a plain enum of strings. */
export interface EnumItems {
  type: 'string';
  enum: string[];
}

/** A cross-field rule (`x-constraints`): JSONLogic that must hold, and what to tell the facilitator when not. */
export interface FieldConstraint {
  rule: JsonLogic;
  message: LocalizedText;
}

export interface FieldSchema {
  type: JsonType;
  'x-label': LocalizedText;
  'x-help'?: LocalizedText;
  'x-widget'?: Widget;
  'x-visible-when'?: JsonLogic;
  'x-calculate'?: JsonLogic;
  /** Cross-field rules checked on the cleaned data; each failing one is reported as `x-constraint`. */
  'x-constraints'?: FieldConstraint[];
  'x-geo-level'?: GeoLevel;
  /** For `provider`: which kind of service provider the picker lists. */
  'x-provider-kind'?: 'health_centre' | 'primary_school' | 'commune_admin';
  /** For `gps`: the worst accuracy accepted, in metres (a point less accurate is refused, keyword `maximum`). */
  'x-max-accuracy'?: number;
  /** For `photo`: the longest side, in pixels, the phone makes the picture before sending it (default 1600). */
  'x-max-pixels'?: number;
  'x-enum-labels'?: Record<string, LocalizedText>;
  /** Recorded clips of the label, by language (model/audio-prompts.ts): `{"cmo": "<sha256>"}`. */
  'x-audio'?: Record<string, string>;
  /** For `select`, `radio`, `multiselect`: recorded clips of each option's label, `{"<value>": {"<lang>": "<sha256>"}}`. */
  'x-enum-audio'?: Record<string, Record<string, string>>;
  /** For `select`, `radio`, `multiselect`: attributes of options (`{"d01": {"province": "01"}}`), read by x-choice-filter. */
  'x-enum-data'?: Record<string, Record<string, string | number>>;
  /** For `select`, `radio`, `multiselect`: JSONLogic deciding per option (`choice.value`, `choice.<attribute>`) whether it is offered. */
  'x-choice-filter'?: JsonLogic;
  'x-order'?: string[];
  enum?: Array<string | number>;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: 'date';
  /** The answer a new form starts with (text, number, yes/no, a choice or choices, a date). */
  default?: string | number | boolean | string[];
  items?: ObjectSchema | EnumItems;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  properties?: Record<string, FieldSchema>;
  required?: string[];
  additionalProperties?: false;
}

export interface Section {
  key: string;
  title: LocalizedText;
  help?: LocalizedText;
  fields: string[];
}

export interface Definition {
  $schema: 'https://json-schema.org/draft/2020-12/schema';
  type: 'object';
  'x-kind': 'form';
  'x-title': LocalizedText;
  'x-description'?: LocalizedText;
  'x-sections'?: Section[];
  'x-order'?: string[];
  properties: Record<string, FieldSchema>;
  required?: string[];
  additionalProperties: false;
}

export type Bilingual = { en: string; km: string };

export interface ValidationError {
  path: string;
  keyword: string;
  message: Bilingual;
}

export interface DefinitionProblem {
  code: 'INVALID_DEFINITION' | 'UNSAFE_DEFINITION';
  path: string;
  message: Bilingual;
}
