// Maps the standard JSON Schema constraint keywords of a field onto FieldNode.constraints.
import type { FieldSchema } from '../model/types';
import type { Constraints } from './field-node';

const KEYWORDS = ['minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'format', 'minItems', 'maxItems', 'uniqueItems'] as const;

export function constraintsOf(field: FieldSchema): Constraints {
  return Object.fromEntries(KEYWORDS.filter((k) => field[k] !== undefined).map((k) => [k, field[k]])) as Constraints;
}
