// Which fields give a record its period (the event date): the top-level date fields, `date` first,
// then in key order; the first one answered wins. A form with none takes the day the record is sent
// (the server fills it), and the builder says so. One rule for the server and the builder.
import type { Definition } from '../model/types';
import { widgetOf } from '../model/widgets';

export function eventDateKeys(definition: Pick<Definition, 'properties'>): string[] {
  const keys = Object.keys(definition.properties ?? {})
    .filter((key) => {
      const field = definition.properties[key];
      return field !== undefined && widgetOf(field) === 'date';
    })
    .sort();
  return keys.includes('date') ? ['date', ...keys.filter((k) => k !== 'date')] : keys;
}
