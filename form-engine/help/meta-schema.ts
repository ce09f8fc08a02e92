// JSON Schema 2020-12 for stored help pages (docs/help-format.md). Texts are bounded so a page stays
// a page: 100 000 characters of Markdown per language, 30 tour steps, 40 pages per course.
const slug = { type: 'string', pattern: '^[a-z][a-z0-9-]{0,62}$' } as const;
const localized = (max: number) =>
  ({
    type: 'object',
    required: ['km', 'en'],
    properties: { km: { type: 'string', minLength: 1, maxLength: max }, en: { type: 'string', minLength: 1, maxLength: max } },
    additionalProperties: false,
  }) as const;
/** A product route as SvelteKit writes it: `/`, `/builder`, `/forms/[key]`, `/admin/geography`. */
const route = { type: 'string', pattern: '^/([a-z0-9-]+|\\[[a-z]+\\])?(/([a-z0-9-]+|\\[[a-z]+\\]))*$', maxLength: 200 } as const;

export const HELP_LIMITS = { bodyLength: 100_000, tourSteps: 30, courseModules: 40, routes: 20, audience: 12 } as const;

export const helpMetaSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://sa-studio.local/schemas/help.json',
  type: 'object',
  required: ['$schema', 'x-kind', 'x-title', 'body'],
  properties: {
    $schema: { const: 'https://json-schema.org/draft/2020-12/schema' },
    'x-kind': { const: 'help' },
    'x-type': { enum: ['page', 'course'] },
    'x-title': localized(200),
    'x-summary': localized(500),
    audience: { type: 'array', maxItems: HELP_LIMITS.audience, uniqueItems: true, items: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,40}$' } },
    topic: slug,
    routes: { type: 'array', maxItems: HELP_LIMITS.routes, uniqueItems: true, items: route },
    body: localized(HELP_LIMITS.bodyLength),
    tour: {
      type: 'object',
      required: ['route', 'steps'],
      properties: {
        route,
        steps: {
          type: 'array',
          minItems: 1,
          maxItems: HELP_LIMITS.tourSteps,
          items: {
            type: 'object',
            required: ['title', 'text'],
            properties: { target: slug, title: localized(200), text: localized(2000) },
            additionalProperties: false,
          },
        },
      },
      additionalProperties: false,
    },
    modules: { type: 'array', minItems: 1, maxItems: HELP_LIMITS.courseModules, items: slug },
  },
  additionalProperties: false,
} as const;
