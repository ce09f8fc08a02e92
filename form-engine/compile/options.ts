// Maps `enum` (or a multiselect's `items.enum`) plus x-enum-labels onto labelled options.
import type { FieldSchema } from '../model/types';
import type { FieldOption } from './field-node';

export function optionsOf(field: FieldSchema): FieldOption[] | undefined {
  const values = field.enum ?? (field.items && 'enum' in field.items ? field.items.enum : undefined);
  if (!values) return undefined;
  const labels = field['x-enum-labels'] ?? {};
  return values.map((value) => {
    const key = String(value);
    return { value, label: (Object.hasOwn(labels, key) ? labels[key] : undefined) ?? { en: key, km: key } };
  });
}
