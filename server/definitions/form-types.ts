// One generator for the artifacts of a form version: the JSON Schema of its submission data (what the
// server validates against, form-engine submissionSchema) and a self-describing TypeScript declaration
// file (json-schema-to-typescript). Used on publish (stored in definition_artifact), on first request
// for older versions, and by `npm run gen:types` for the committed types of the shipped definitions,
// so the committed files and the served ones can never drift apart.
import { effectiveRequired, gpsAnswerSchema, stableFieldOrder, submissionSchema, widgetOf, FACES, type Definition, type FieldSchema, type LocalizedText } from '../../form-engine/index';

/** Recorded beside each stored artifact; bump the first number when the output format changes. */
export const GENERATOR = 'sa-studio-form-types/1 json-schema-to-typescript@16.0.0';

export interface FormVersionSource {
  key: string;
  version: number;
  schema: Record<string, unknown>;
  /** The publication time printed in the header; omitted for the committed shipped types. */
  publishedAt?: Date | null;
  /** Where the definition comes from, for the committed files (`definitions/forms/jaap/v1.json`). */
  sourceFile?: string;
}

/** Names exported by every generated file besides the data interfaces. */
export const GENERIC_EXPORTS = ['FORM_KEY', 'FORM_VERSION', 'SubmissionData', 'SubmitInput'] as const;

export function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('')
    .replace(/[0-9]+[a-z]/g, (match) => match.toUpperCase()); // as json-schema-to-typescript does: I4CSession
}

export function typeNameOf(key: string, version: number): string {
  return `${pascal(key)}V${version}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Text safe inside a block comment (json-schema-to-typescript escapes descriptions the same way). */
function commentText(text: string): string {
  return text.replace(/\*\//g, '* /').replace(/\r\n?|[\u2028\u2029]/g, '\n');
}

function bilingual(text: LocalizedText | undefined): string | undefined {
  if (!text) return undefined;
  if (text.km && text.en && text.km !== text.en) return `${text.km} / ${text.en}`;
  return text.en || text.km;
}

function optionsOf(field: FieldSchema): Array<{ value: string | number; label: string | undefined }> {
  const widget = widgetOf(field);
  const values = widget === 'multiselect' && field.items && 'enum' in field.items ? field.items.enum : field.enum;
  if (widget === 'faces' && !values) return FACES.map((f) => ({ value: f.value, label: bilingual(f.label) }));
  const labels = field['x-enum-labels'];
  return (values ?? []).map((value) => ({ value, label: bilingual(labels?.[String(value)]) ?? (widget === 'faces' ? bilingual(FACES.find((f) => f.value === value)?.label) : undefined) }));
}

/** The JSDoc of a field: its Khmer/English label, help, options and what the server does with it. */
function describe(field: FieldSchema): string | undefined {
  const lines: string[] = [];
  const label = bilingual(field['x-label']);
  if (label) lines.push(label);
  const help = bilingual(field['x-help']);
  if (help) lines.push('', help);
  const options = optionsOf(field).filter((o) => o.label !== undefined);
  if (options.length > 0) lines.push('', 'Options:', ...options.map((o) => `- ${JSON.stringify(o.value)}: ${o.label}`));
  if (field['x-visible-when'] !== undefined) lines.push('', `Asked only when ${JSON.stringify(field['x-visible-when'])} holds; otherwise the server drops it.`);
  if (field['x-calculate'] !== undefined) lines.push('', `Calculated by the server: ${JSON.stringify(field['x-calculate'])} (a value sent is replaced).`);
  return lines.length > 0 ? commentText(lines.join('\n')) : undefined;
}

/**
 * The input of json-schema-to-typescript: the definition without its `x-` annotations, objects named
 * after their path (groups and repeat items get their own exported interfaces), labels as descriptions
 * and `required` as the server checks it whenever a field is absent (effectiveRequired).
 */
function typesInput(schema: Record<string, unknown>, name: string, description?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword.startsWith('x-') || keyword === '$schema' || keyword === 'required' || keyword === 'title' || keyword === 'description') continue;
    if (keyword === 'properties' && isRecord(value)) {
      const properties: Record<string, unknown> = {};
      for (const prop of stableFieldOrder(schema as Parameters<typeof stableFieldOrder>[0])) {
        const sub = value[prop];
        // A GPS point's parts are the engine's (as in the data schema the server checks).
        const typed = isRecord(sub) && widgetOf(sub as unknown as FieldSchema) === 'gps' ? gpsAnswerSchema(sub as unknown as FieldSchema) : sub;
        properties[prop] = isRecord(typed) ? typesInput(typed, name + pascal(prop), describe(sub as unknown as FieldSchema)) : sub;
      }
      out[keyword] = properties;
    } else if (keyword === 'items' && isRecord(value)) {
      out[keyword] = typesInput(value, name + 'Item');
    } else {
      out[keyword] = value;
    }
  }
  if (out.type === 'object') {
    out.title = name;
    const required = effectiveRequired(schema as { properties?: Record<string, FieldSchema>; required?: string[] });
    if (required.length > 0) out.required = required;
  }
  if (description !== undefined) out.description = description;
  return out;
}

function header(source: FormVersionSource): string {
  const definition = source.schema as unknown as Definition;
  const ref = `${source.key}@${source.version}`;
  const lines = [`SA Studio form types: ${ref}`];
  const title = definition['x-title'];
  if (title?.en) lines.push(title.en);
  if (title?.km && title.km !== title.en) lines.push(title.km);
  lines.push('');
  if (source.sourceFile !== undefined) {
    lines.push(`Generated by \`npm run gen:types\` (server/cli/gen-types.ts) from ${source.sourceFile}. Do not edit by hand.`);
    lines.push(`A server serves the same declarations for its published ${ref} at GET /api/types/${ref}.d.ts.`);
  } else {
    lines.push(`Published: ${source.publishedAt ? source.publishedAt.toISOString() : 'unknown'}`);
    lines.push(`Generated from the published definition by ${GENERATOR}. Do not edit by hand:`);
    lines.push('a published version never changes, and neither does this file.');
  }
  lines.push(`Submit with definitionKey FORM_KEY and definitionVersion FORM_VERSION; the server's rules as JSON`);
  lines.push(`Schema: GET /api/types/${ref}.schema.json. Conditions (x-visible-when) and calculations are`);
  lines.push('checked by the server only; see docs/api.md "Types per form version".');
  return ['/**', ...commentText(lines.join('\n')).split('\n').map((l) => (l === '' ? ' *' : ` * ${l}`)), ' */'].join('\n');
}

type Compile = (typeof import('json-schema-to-typescript'))['compile'];
let compiler: Promise<Compile> | undefined;

/** json-schema-to-typescript (with prettier) is loaded on first use, not at server start. */
function loadCompiler(): Promise<Compile> {
  compiler ??= import('json-schema-to-typescript').then((m) => m.compile);
  return compiler;
}

/** The TypeScript declarations of a form version (valid as a `.d.ts` and as a type-only `.ts` module). */
export async function formTypes(source: FormVersionSource): Promise<string> {
  const compile = await loadCompiler();
  const typeName = typeNameOf(source.key, source.version);
  const definition = source.schema as unknown as Definition;
  const rootDescription = [bilingual(definition['x-title']), bilingual(definition['x-description'])].filter((t): t is string => t !== undefined);
  const input = typesInput(source.schema, typeName, rootDescription.length > 0 ? commentText(rootDescription.join('\n\n')) : undefined);
  const body = await compile(input as Parameters<Compile>[0], typeName, {
    bannerComment: '',
    additionalProperties: false,
    ignoreMinAndMaxItems: true,
    strictIndexSignatures: true,
    unknownAny: true,
    declareExternallyReferenced: true,
    format: true,
    style: { singleQuote: true, printWidth: 110 },
  });
  if (!body.includes(`export interface ${typeName} {`)) {
    throw new Error(`json-schema-to-typescript did not name the root type ${typeName} for ${source.key}@${source.version}`);
  }
  const ref = `${source.key}@${source.version}`;
  return [
    header(source),
    '',
    `/** The form this file describes: send it as \`definitionKey\`. */`,
    `export type FORM_KEY = '${source.key}';`,
    `/** The version this file describes: send it as \`definitionVersion\`. */`,
    `export type FORM_VERSION = ${source.version};`,
    '',
    body.trim(),
    '',
    `/** The data of a ${ref} submission. */`,
    `export type SubmissionData = ${typeName};`,
    '',
    `/** The \`input\` of the GraphQL \`submit\` mutation (and a \`syncSubmissions\` record) for ${ref}. */`,
    'export interface SubmitInput {',
    '  /** A UUID made by the client: resending the same id and data is safe. */',
    '  id: string;',
    '  definitionKey: FORM_KEY;',
    '  definitionVersion: FORM_VERSION;',
    '  data: SubmissionData;',
    '  /** NCDD code of the place (2, 4, 6 or 8 digits); derived from the geography answers when omitted. */',
    '  geoCode?: string | null;',
    '}',
    '',
  ].join('\n');
}

/** The JSON Schema of a form version's submission data, as served (2-space JSON, final newline). */
export function formSchemaJson(source: FormVersionSource): string {
  return `${JSON.stringify(submissionSchema(source.schema as unknown as Definition, { key: source.key, version: source.version }), null, 2)}\n`;
}

/** The names a generated file exports for its data (interfaces and type aliases), without the generic ones. */
export function dataTypeNames(content: string): string[] {
  const generic = new Set<string>(GENERIC_EXPORTS);
  return [...content.matchAll(/^export (?:interface|type) ([A-Za-z_$][A-Za-z0-9_$]*)/gm)].map((m) => m[1]!).filter((n) => !generic.has(n));
}
