// The schema Ajv checks data against: the definition without `required` (required-ness depends on
// x-visible-when and on "empty answers", so it is checked in prepare.ts) and without $schema/x-title noise.
import type { Definition } from '../model/types';

function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'required' && Array.isArray(value)) continue;
    if (key.startsWith('x-')) continue;
    // `properties` maps field names to schemas: never treat a field named "required" as a keyword.
    out[key] = key === 'properties' ? stripProperties(value) : strip(value);
  }
  return out;
}

function stripProperties(properties: unknown): unknown {
  if (typeof properties !== 'object' || properties === null) return properties;
  return Object.fromEntries(Object.entries(properties).map(([name, schema]) => [name, strip(schema)]));
}

export function dataSchema(definition: Definition): object {
  return strip(definition) as object;
}
