// The answers a new form starts with: every field's `default`, at its data path (inside groups too).
// Only new forms get them (the fill page and the builder's preview); a record being corrected or a
// restored draft keeps exactly its own answers. Repeat items have no defaults (check-structure.ts).
import type { Definition, FieldSchema } from '../model/types';
import { widgetOf } from '../model/widgets';

function collect(properties: Record<string, FieldSchema>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(properties)) {
    if (widgetOf(field) === 'group' && field.properties) {
      const inner = collect(field.properties);
      if (Object.keys(inner).length > 0) out[key] = inner;
    } else if (field.default !== undefined && !field['x-calculate']) {
      out[key] = structuredClone(field.default);
    }
  }
  return out;
}

export function defaultAnswers(definition: Definition): Record<string, unknown> {
  return collect(definition.properties);
}
