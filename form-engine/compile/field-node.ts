// The intermediate representation every consumer (Form.io, validation, diff, field lists) reads,
// so none of them re-derives widgets, order or paths from raw JSON Schema.
import type { FieldConstraint, FieldSchema, JsonLogic, JsonType, LocalizedText, Widget } from '../model/types';

export type Constraints = Pick<
  FieldSchema,
  'minimum' | 'maximum' | 'minLength' | 'maxLength' | 'pattern' | 'format' | 'minItems' | 'maxItems' | 'uniqueItems'
>;

export interface FieldOption {
  value: string | number;
  label: LocalizedText;
  /** The option's attributes (`x-enum-data`), read by a choice filter as `choice.<attribute>`. */
  data?: Record<string, string | number>;
}

export interface FieldNode {
  key: string;
  /** Dotted data path from the root; items of a repeat appear as `actions[].status`. */
  path: string;
  widget: Widget;
  type: JsonType;
  label: LocalizedText;
  help?: LocalizedText;
  required: boolean;
  visibleWhen?: JsonLogic;
  calculate?: JsonLogic;
  /** Cross-field rules (`x-constraints`), checked on the cleaned data when the field is shown. */
  rules?: FieldConstraint[];
  /** The answer a new form starts with (`default`). */
  defaultValue?: string | number | boolean | string[];
  constraints: Constraints;
  options?: FieldOption[];
  /** `x-choice-filter`: which options are offered, given the answers so far. */
  choiceFilter?: JsonLogic;
  geoLevel?: string;
  providerKind?: string;
  children: FieldNode[];
  /** Key of the x-sections entry holding this root field. */
  section?: string;
  /** True for the fields of a repeat item (their logic may use `row.`). */
  inRepeat: boolean;
  schema: FieldSchema;
}
