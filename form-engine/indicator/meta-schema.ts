// JSON Schema 2020-12 for stored indicator definitions (docs/indicator-format.md).
const localized = {
  type: 'object',
  required: ['km', 'en'],
  properties: { km: { type: 'string', minLength: 1 }, en: { type: 'string', minLength: 1 } },
  additionalProperties: { type: 'string', minLength: 1 },
} as const;
const path = { type: 'string', pattern: '^(row\\.)?[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)*$' } as const;
const logic = { type: 'object', minProperties: 1, maxProperties: 1 } as const;
const part = { type: 'object', properties: { field: path, where: logic }, additionalProperties: false } as const;

export const indicatorMetaSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://sa-studio.local/schemas/indicator.json',
  type: 'object',
  required: ['$schema', 'x-kind', 'x-title', 'sources', 'measure'],
  properties: {
    $schema: { const: 'https://json-schema.org/draft/2020-12/schema' },
    'x-kind': { const: 'indicator' },
    'x-title': localized,
    'x-description': localized,
    sources: {
      type: 'array',
      minItems: 1,
      maxItems: 8,
      items: {
        type: 'object',
        required: ['form'],
        properties: {
          form: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,62}$' },
          each: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)*$' },
          constants: { type: 'object', additionalProperties: { type: 'string', maxLength: 100 } },
        },
        additionalProperties: false,
      },
    },
    filter: logic,
    measure: {
      type: 'object',
      required: ['type'],
      properties: {
        type: { enum: ['count', 'sum', 'average', 'median', 'percentage', 'ratio', 'coverage'] },
        field: path,
        where: logic,
        numerator: part,
        denominator: part,
        level: { enum: ['province', 'district', 'commune'] },
      },
      additionalProperties: false,
    },
    categories: {
      type: 'array',
      maxItems: 3,
      items: {
        type: 'object',
        required: ['key', 'label'],
        properties: {
          key: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' },
          label: localized,
          field: path,
          constant: { type: 'string' },
          fields: { type: 'object', minProperties: 1, additionalProperties: path },
          total: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' },
          valueLabels: { type: 'object', additionalProperties: localized },
        },
        additionalProperties: false,
      },
    },
    periodField: path,
    // Review states counted: not_rejected (default) or approved only (docs/indicator-format.md).
    count: { enum: ['approved', 'not_rejected'] },
    target: { type: 'number' },
    baseline: { type: 'number' },
    unit: localized,
    decimals: { type: 'integer', minimum: 0, maximum: 4 },
  },
  additionalProperties: false,
} as const;
