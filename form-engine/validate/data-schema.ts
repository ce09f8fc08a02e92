// The schema Ajv checks data against: the definition without `required` (required-ness depends on
// x-visible-when and on "empty answers", so it is checked in prepare.ts) and without $schema/x-title
// noise; a GPS point gets its parts' schema (model/gps.ts); every repeat gets `maxItems` no greater than LIMITS.repeatRows, set or not.
import { gpsAnswerSchema } from '../model/gps';
import { LIMITS } from '../model/limits';
import type { Definition, FieldSchema } from '../model/types';
import { widgetOf } from '../model/widgets';

function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (typeof node !== 'object' || node === null) return node;
  const out: Array<[string, unknown]> = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'required' && Array.isArray(value)) continue;
    if (key.startsWith('x-')) continue;
    // `properties` maps field names to schemas: never treat a field named "required" as a keyword.
    out.push([key, key === 'properties' ? stripProperties(value) : strip(value)]);
  }
  // fromEntries defines own properties, so even a key `__proto__` stays a plain key.
  return Object.fromEntries(out);
}

function stripField(schema: unknown): unknown {
  // A GPS point's parts and ranges come from the engine (model/gps.ts), not from the definition.
  if (typeof schema === 'object' && schema !== null && widgetOf(schema as FieldSchema) === 'gps') return gpsAnswerSchema(schema as FieldSchema);
  const out = strip(schema);
  if (typeof schema !== 'object' || schema === null || widgetOf(schema as FieldSchema) !== 'repeat') return out;
  const max = (schema as FieldSchema).maxItems;
  return { ...(out as object), maxItems: Math.min(max ?? LIMITS.repeatRows, LIMITS.repeatRows) };
}

function stripProperties(properties: unknown): unknown {
  if (typeof properties !== 'object' || properties === null) return properties;
  return Object.fromEntries(Object.entries(properties).map(([name, schema]) => [name, stripField(schema)]));
}

export function dataSchema(definition: Definition): object {
  return strip(definition) as object;
}
