// Maps `enum` (or a multiselect's `items.enum`) plus x-enum-labels and x-enum-data onto labelled options.
import type { FieldSchema } from '../model/types';
import type { FieldOption } from './field-node';

export function optionsOf(field: FieldSchema): FieldOption[] | undefined {
  const values = field.enum ?? (field.items && 'enum' in field.items ? field.items.enum : undefined);
  if (!values) return undefined;
  const labels = field['x-enum-labels'] ?? {};
  const data = field['x-enum-data'] ?? {};
  return values.map((value) => {
    const key = String(value);
    const option: FieldOption = { value, label: (Object.hasOwn(labels, key) ? labels[key] : undefined) ?? { en: key, km: key } };
    if (Object.hasOwn(data, key)) option.data = data[key];
    return option;
  });
}
