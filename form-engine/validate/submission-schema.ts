// The JSON Schema of a form version's submission data, for clients (GET /api/types/<key>@<v>.schema.json)
// and the generated TypeScript types: exactly the schema the server's Ajv checks (data-schema.ts),
// plus the required-ness prepare.ts checks wherever plain JSON Schema can say it (a field that is
// required and has no condition or calculation; a group holding such a field; blank text and an
// empty multiselect do not answer a required question), plus titles (annotations, no effect on the
// verdict). What it cannot say (conditions, calculations) is left to the server; docs/api.md.
import type { Definition, FieldSchema } from '../model/types';
import { widgetOf } from '../model/widgets';
import { dataSchema } from './data-schema';

interface Parent {
  properties?: Record<string, FieldSchema>;
  required?: string[];
  'x-order'?: string[];
  'x-sections'?: Array<{ fields: string[] }>;
}

const TEXT_WIDGETS = new Set(['text', 'textarea', 'date', 'geography', 'provider']);

/** Whether the server reports the field missing whenever it is absent, whatever the other answers. */
function alwaysRequired(field: FieldSchema, listed: boolean): boolean {
  if (field['x-visible-when'] !== undefined || field['x-calculate'] !== undefined) return false;
  if (listed) return true;
  // A group's own required children are reported missing when the group is absent (prepare.ts).
  return widgetOf(field) === 'group' && effectiveRequired(field).length > 0;
}

/**
 * An object's field names in display order (sections, else x-order), then the others sorted: stored
 * definitions are jsonb, which does not keep declaration order, so that order is never used here and
 * the files generated from a database and from definitions/forms/ are the same.
 */
export function stableFieldOrder(parent: Parent): string[] {
  const properties = parent.properties ?? {};
  const listed = parent['x-sections'] ? parent['x-sections'].flatMap((s) => s.fields) : (parent['x-order'] ?? []);
  const seen = new Set<string>();
  for (const key of listed) if (Object.hasOwn(properties, key)) seen.add(key);
  return [...seen, ...Object.keys(properties).filter((key) => !seen.has(key)).sort()];
}

/** The properties of an object (root, group, repeat item) that must always be present, in stableFieldOrder. */
export function effectiveRequired(parent: Parent): string[] {
  const listed = new Set(parent.required ?? []);
  const properties = parent.properties ?? {};
  return stableFieldOrder(parent).filter((key) => alwaysRequired(properties[key] as FieldSchema, listed.has(key)));
}

function labelOf(field: FieldSchema): string | undefined {
  const label = field['x-label'];
  if (!label) return undefined;
  return label.en && label.km && label.en !== label.km ? `${label.en} / ${label.km}` : label.en || label.km;
}

/** Adds required, blank-text and title rules to `out` (a copy made by dataSchema) from `source`. */
function annotate(out: Record<string, unknown>, source: Parent): void {
  const properties = source.properties;
  const outProperties = out.properties as Record<string, Record<string, unknown>> | undefined;
  if (!properties || !outProperties) return;
  out.properties = Object.fromEntries(stableFieldOrder(source).filter((key) => Object.hasOwn(outProperties, key)).map((key) => [key, outProperties[key]]));
  const required = effectiveRequired(source);
  if (required.length > 0) out.required = required;
  const requiredSet = new Set(required);
  for (const [key, field] of Object.entries(properties)) {
    const target = outProperties[key];
    if (!target) continue;
    const title = labelOf(field);
    if (title) target.title = title;
    if (field['x-calculate'] !== undefined) target.readOnly = true;
    const widget = widgetOf(field);
    if (requiredSet.has(key) || (source.required ?? []).includes(key)) {
      // prepare.ts: whitespace-only text and an empty multiselect do not answer a required question.
      if (TEXT_WIDGETS.has(widget)) {
        if (target.pattern === undefined) target.pattern = '\\S';
        else target.allOf = [{ pattern: '\\S' }];
      } else if (widget === 'multiselect') {
        target.minItems = Math.max(Number(target.minItems ?? 0), 1);
      }
    }
    if (widget === 'group') annotate(target, field);
    else if (widget === 'repeat' && field.items && 'properties' in field.items) {
      annotate(target.items as Record<string, unknown>, field.items);
    }
  }
}

/** The JSON Schema (2020-12) of the data of a submission to `definition`. */
export function submissionSchema(definition: Definition, ref?: { key: string; version: number }): Record<string, unknown> {
  const base = dataSchema(definition) as Record<string, unknown>;
  const title = definition['x-title'];
  const out: Record<string, unknown> = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: ref ? `${ref.key}@${ref.version}: ${title?.en ?? ref.key}` : (title?.en ?? 'Submission data'),
    ...(title?.km ? { description: title.km } : {}),
  };
  for (const [keyword, value] of Object.entries(base)) if (keyword !== '$schema') out[keyword] = value;
  annotate(out, definition as Parent);
  return out;
}
