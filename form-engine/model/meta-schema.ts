// JSON Schema 2020-12 meta-schema for stored definitions: an allow-list of keywords, so anything
// not in docs/definition-format.md is refused. Cross-field rules (x-order, sections, widget/type
// consistency) are checked in code by safety/check-structure.ts.
import { AUDIO_LANGUAGE_CODES } from './audio-prompts';
import { GPS_MAX_ACCURACY_LIMIT } from './gps';

const key = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]*$' } as const;
const keyList = { type: 'array', items: key, uniqueItems: true } as const;
const count = { type: 'integer', minimum: 0 } as const;
// Option values are tokens (safety/enum-values.ts): they reach HTML attributes and data tables.
const enumToken = { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' } as const;

/** Recorded clips by language (model/audio-prompts.ts): a known language → the SHA-256 of a stored clip. */
const audioClips = { type: 'object', propertyNames: { enum: [...AUDIO_LANGUAGE_CODES] }, additionalProperties: { type: 'string', pattern: '^[0-9a-f]{64}$' } } as const;

export const metaSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://sa-studio.local/schemas/definition.json',
  type: 'object',
  required: ['$schema', 'type', 'x-kind', 'x-title', 'properties', 'additionalProperties'],
  properties: {
    $schema: { const: 'https://json-schema.org/draft/2020-12/schema' },
    type: { const: 'object' },
    'x-kind': { const: 'form' },
    'x-title': { $ref: '#/$defs/localized' },
    'x-description': { $ref: '#/$defs/localized' },
    'x-sections': {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['key', 'title', 'fields'],
        properties: {
          key,
          title: { $ref: '#/$defs/localized' },
          help: { $ref: '#/$defs/localized' },
          fields: keyList,
        },
        additionalProperties: false,
      },
    },
    'x-order': keyList,
    properties: { $ref: '#/$defs/properties' },
    required: keyList,
    additionalProperties: { const: false },
  },
  additionalProperties: false,
  $defs: {
    localized: {
      type: 'object',
      required: ['km', 'en'],
      properties: { km: { type: 'string', minLength: 1 }, en: { type: 'string', minLength: 1 } },
      propertyNames: { pattern: '^[a-z]{2,3}(-[A-Za-z0-9]+)*$' },
      additionalProperties: { type: 'string', minLength: 1 },
    },
    logic: { type: 'object', minProperties: 1, maxProperties: 1 },
    properties: {
      type: 'object',
      propertyNames: key,
      additionalProperties: { $ref: '#/$defs/field' },
    },
    field: {
      type: 'object',
      required: ['type', 'x-label'],
      properties: {
        type: { enum: ['string', 'number', 'integer', 'boolean', 'object', 'array'] },
        'x-label': { $ref: '#/$defs/localized' },
        'x-help': { $ref: '#/$defs/localized' },
        'x-widget': {
          enum: ['text', 'textarea', 'number', 'faces', 'select', 'radio', 'multiselect', 'checkbox', 'date', 'geography', 'provider', 'photo', 'signature', 'audio', 'gps', 'group', 'repeat'],
        },
        'x-visible-when': { $ref: '#/$defs/logic' },
        'x-calculate': { $ref: '#/$defs/logic' },
        // Cross-field rules; their count, references and size are checked in safety/check-constraints.ts.
        'x-constraints': {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['rule', 'message'],
            properties: { rule: { $ref: '#/$defs/logic' }, message: { $ref: '#/$defs/localized' } },
            additionalProperties: false,
          },
        },
        'x-geo-level': { enum: ['province', 'district', 'commune', 'village'] },
        'x-provider-kind': { enum: ['health_centre', 'primary_school', 'commune_admin'] },
        // For gps (model/gps.ts): the worst accuracy accepted, in metres.
        'x-max-accuracy': { type: 'number', exclusiveMinimum: 0, maximum: GPS_MAX_ACCURACY_LIMIT },
        'x-max-pixels': { type: 'integer', minimum: 320, maximum: 4096 },
        'x-enum-labels': { type: 'object', additionalProperties: { $ref: '#/$defs/localized' } },
        // Recorded clips of the label per language (model/audio-prompts.ts); the server checks they exist.
        'x-audio': audioClips,
        'x-enum-audio': { type: 'object', propertyNames: enumToken, additionalProperties: audioClips },
        // Option attributes for cascading choices (safety/check-choice-filter.ts checks the references).
        'x-enum-data': {
          type: 'object',
          propertyNames: enumToken,
          additionalProperties: { type: 'object', propertyNames: key, additionalProperties: { anyOf: [enumToken, { type: 'number' }] } },
        },
        'x-choice-filter': { $ref: '#/$defs/logic' },
        'x-order': keyList,
        // Uniqueness is checked with a Set (safety/check-limits.ts): Ajv compares these
        // mixed-type items pairwise, which takes seconds on a hostile 40,000-value enum.
        enum: {
          type: 'array',
          minItems: 1,
          items: { anyOf: [enumToken, { type: 'integer' }] },
        },
        minimum: { type: 'number' },
        maximum: { type: 'number' },
        minLength: count,
        maxLength: count,
        pattern: { type: 'string', format: 'regex' },
        format: { const: 'date' },
        // The answer a new form starts with (the officer may change it); checked against the field's
        // own type, choices and limits in safety/check-structure.ts.
        default: { anyOf: [{ type: 'string', maxLength: 1000 }, { type: 'number' }, { type: 'boolean' }, { type: 'array', maxItems: 100, items: enumToken }] },
        items: { anyOf: [{ $ref: '#/$defs/repeatItems' }, { $ref: '#/$defs/enumItems' }] },
        minItems: count,
        maxItems: count,
        uniqueItems: { const: true },
        properties: { $ref: '#/$defs/properties' },
        required: keyList,
        additionalProperties: { const: false },
      },
      additionalProperties: false,
    },
    repeatItems: {
      type: 'object',
      required: ['type', 'properties'],
      properties: {
        type: { const: 'object' },
        properties: { $ref: '#/$defs/properties' },
        required: keyList,
        additionalProperties: { const: false },
        'x-order': keyList,
      },
      additionalProperties: false,
    },
    enumItems: {
      type: 'object',
      required: ['type', 'enum'],
      properties: {
        type: { const: 'string' },
        enum: { type: 'array', minItems: 1, uniqueItems: true, items: enumToken },
      },
      additionalProperties: false,
    },
  },
} as const;
