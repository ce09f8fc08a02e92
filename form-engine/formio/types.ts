// The subset of the Form.io form/component JSON that this engine writes and reads.
export type StringMap = Record<string, string>;

export interface FormioValue {
  label: string;
  value: string | number;
}

export interface FormioComponent {
  type: string;
  key: string;
  label?: string;
  title?: string;
  description?: string;
  input?: boolean;
  properties?: StringMap;
  validate?: Record<string, unknown>;
  conditional?: { json?: unknown; show?: unknown; when?: unknown; eq?: unknown };
  calculateValue?: unknown;
  disabled?: boolean;
  components?: FormioComponent[];
  values?: FormioValue[];
  data?: { values?: FormioValue[] };
  [other: string]: unknown;
}

export interface FormioForm {
  display: 'form';
  title: string;
  properties: StringMap;
  components: FormioComponent[];
  [other: string]: unknown;
}
