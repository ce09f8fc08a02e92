// The documented size limits of definitions and submissions (docs/definition-format.md "Limits").
// Every check and the validator read them from here, so a hostile definition or submission is
// refused with a path before any recursive or super-linear work (Ajv, JSONLogic, the data walk).

export const LIMITS = {
  /** JSON nesting of a whole definition document (objects and arrays). */
  definitionDepth: 128,
  /** Objects, arrays and scalar values in a whole definition document. */
  definitionNodes: 100_000,
  /** Fields in a definition, counting those inside groups and repeats. */
  fields: 1_000,
  /** Groups and repeats nested in one another (a group at the root is one level). */
  fieldDepth: 8,
  /** Values in one `enum` (options of a select, radio or multiselect). */
  options: 1_000,
  /** Characters of one enum value. */
  optionLength: 200,
  /** Attributes of one option in `x-enum-data` (read by x-choice-filter). */
  optionAttributes: 20,
  /** Characters of one localized text (labels, help, titles, option labels). */
  textLength: 2_000,
  /** Characters of one `pattern` (its linear-time safety is checked separately). */
  patternLength: 512,
  /** Sections in `x-sections`. */
  sections: 100,
  /** Operations nested in one another in one JSONLogic expression (`var` included). */
  logicDepth: 32,
  /** Operations and values in one JSONLogic expression. */
  logicNodes: 1_000,
  /** Cross-field rules (`x-constraints`) on one field. */
  constraints: 20,
  /** Rows of a repeat: `maxItems` may not exceed it and it applies when `maxItems` is absent. */
  repeatRows: 500,
  /** JSON nesting of submitted data (objects and arrays). */
  dataDepth: 32,
  /** Objects, arrays and scalar values in submitted data. */
  dataNodes: 100_000,
  /** Characters of one string in submitted data. */
  dataStringLength: 100_000,
  /** Submissions in one `syncSubmissions` call (the offline app's outbox batch; docs/api.md). */
  syncRecords: 100,
} as const;

export type LimitName = keyof typeof LIMITS;

/**
 * Names a field may not have: members of Object.prototype, which JavaScript objects (Ajv's and
 * JSONLogic's data, Form.io's components) would otherwise appear to hold when the answer is absent.
 */
export const RESERVED_FIELD_NAMES: ReadonlySet<string> = new Set([
  'constructor',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'toString',
  'valueOf',
  '__proto__',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);
