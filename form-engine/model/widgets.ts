// Resolves the effective widget of a field: x-widget when given, else the default from its type
// (docs/definition-format.md "Widgets"). Shared by compile, formio and validate.
import type { FieldSchema, LocalizedText, Widget } from './types';

export function widgetOf(field: FieldSchema): Widget {
  if (field['x-widget']) return field['x-widget'];
  switch (field.type) {
    case 'boolean':
      return 'checkbox';
    case 'object':
      return 'group';
    case 'array':
      return field.items?.type === 'object' ? 'repeat' : 'multiselect';
    case 'number':
    case 'integer':
      return field.enum ? 'select' : 'number';
    default:
      if (field.format === 'date') return 'date';
      return field.enum ? 'select' : 'text';
  }
}

/** Widgets whose value is a choice among `enum` values labelled by `x-enum-labels`. */
export const CHOICE_WIDGETS: ReadonlySet<Widget> = new Set(['select', 'radio', 'multiselect']);

/** Widgets that hold other fields rather than a value. */
export const CONTAINER_WIDGETS: ReadonlySet<Widget> = new Set(['group', 'repeat']);

/** The ISAF scorecard scale: value → face and localized word. */
export const FACES: ReadonlyArray<{ value: number; face: string; label: LocalizedText }> = [
  { value: 1, face: '😠', label: { en: 'very dissatisfied', km: 'មិនពេញចិត្តខ្លាំង' } },
  { value: 2, face: '🙁', label: { en: 'dissatisfied', km: 'មិនពេញចិត្ត' } },
  { value: 3, face: '😐', label: { en: 'acceptable', km: 'ទទួលយកបាន' } },
  { value: 4, face: '🙂', label: { en: 'satisfied', km: 'ពេញចិត្ត' } },
  { value: 5, face: '😄', label: { en: 'very satisfied', km: 'ពេញចិត្តខ្លាំង' } },
];
