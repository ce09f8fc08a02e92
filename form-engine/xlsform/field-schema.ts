// One XLSForm question → one field of the definition format: its type and widget, labels, required,
// relevant (x-visible-when), constraints that are bounds (minimum, maxLength, pattern …) or
// cross-field rules (x-constraints), and calculations (x-calculate). What has no home in the format is reported on its cell.
import type { FieldSchema, JsonLogic, LocalizedText } from '../model/types';
import { patternProblem } from '../patterns/compile';
import { choiceFilterOf } from './choice-filter';
import { ruleFromXPath } from './constraint-rule';
import { defaultFromCell } from './default-value';
import { localized, textsOf } from './languages';
import type { FieldNode } from './survey-tree';
import type { Choice, XlsFormIssue, XlsRow } from './types';
import { constraintToKeywords, translateXPath, type XPathContext, type XPathFieldKind } from './xpath-to-logic';

export type { Choice };

export interface FieldContext {
  issues: XlsFormIssue[];
  lists: Map<string, Choice[]>;
  defaultLanguage: string;
  /** Languages that had to be filled from another (reported once for the form). */
  filled: Set<'km' | 'en'>;
  xpath: XPathContext;
}

const METADATA = new Set(['start', 'end', 'today', 'deviceid', 'username', 'simserial', 'subscriberid', 'phonenumber', 'email', 'audit', 'start-geopoint', 'background-audio', 'uri:deviceid', 'uri:email', 'uri:username']);
const NOT_YET = new Set(['select_one_external', 'osm', 'phone', 'geotrace', 'geoshape', 'video', 'file', 'barcode', 'time', 'datetime', 'rank', 'hidden', 'xml-external', 'csv-external', 'select_one_from_file', 'select_multiple_from_file']);
const NUMERIC_OPS = new Set(['+', '-', '*', '/', '%', 'min', 'max', 'reduce']);

/** The kind `${name}` has in expressions, from the question type (null: not a value). */
export function xpathKind(type: string): XPathFieldKind {
  if (type === 'integer' || type === 'decimal' || type === 'range') return 'number';
  if (type === 'text') return 'text';
  if (type === 'date') return 'date';
  if (type === 'select_one') return 'single';
  if (type === 'select_multiple') return 'multi';
  if (type === 'acknowledge' || type === 'trigger') return 'boolean';
  return 'other';
}

export function issueAt(ctx: FieldContext, row: XlsRow, column: string, code: XlsFormIssue['code'], severity: XlsFormIssue['severity'], en: string, km: string): void {
  ctx.issues.push({ sheet: 'survey', row: row.row, column, code, severity, message: { en, km } });
}

/** A localized text of `base` in the row, recording which languages were filled. */
export function rowText(ctx: FieldContext, row: XlsRow, base: string): LocalizedText | undefined {
  const result = localized(textsOf(row, base), ctx.defaultLanguage);
  if (!result) return undefined;
  for (const lang of result.filled) ctx.filled.add(lang);
  return result.text;
}

/** An expression cell translated to JSONLogic, or undefined (reported) when outside the subset. */
export function logicOf(ctx: FieldContext, row: XlsRow, column: string): JsonLogic | string | number | boolean | undefined {
  const source = row.cells[column];
  if (!source) return undefined;
  const result = translateXPath(source, ctx.xpath);
  if (result.ok) return result.logic;
  issueAt(ctx, row, column, 'XLSFORM_UNSUPPORTED_EXPRESSION', 'error', `Not kept: ${result.error.message.en} (${result.error.code}) in "${source}".`, `មិនត្រូវបានរក្សាទុក៖ ${result.error.message.km} (${result.error.code}) ក្នុង "${source}"។`);
  return undefined;
}

/** A constant calculation as an operation (a calculation is always JSONLogic: `5` → `{"+": [5]}`). */
export function asLogic(value: JsonLogic | string | number | boolean): JsonLogic {
  if (typeof value === 'object') return value;
  if (typeof value === 'number') return { '+': [value] };
  if (typeof value === 'string') return { cat: [value] };
  return { '!!': [value] };
}

/** `yes`, `true()`, `TRUE`, `1` → true; `no`, `false()`, empty → false; anything else undefined. */
export function yesNo(value: string | undefined): boolean | undefined {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === 'no' || v === 'false' || v === 'false()' || v === '0') return false;
  if (v === 'yes' || v === 'true' || v === 'true()' || v === '1') return true;
  return undefined;
}

function baseSchema(ctx: FieldContext, node: FieldNode): Omit<FieldSchema, 'x-label'> | undefined {
  const { row, type } = node;
  const appearance = (row.cells.appearance ?? '').toLowerCase();
  switch (type) {
    case 'text':
      return { type: 'string', 'x-widget': appearance.includes('multiline') ? 'textarea' : 'text' };
    case 'integer':
      return { type: 'integer', 'x-widget': 'number' };
    case 'decimal':
      return { type: 'number', 'x-widget': 'number' };
    case 'date':
      return { type: 'string', format: 'date', 'x-widget': 'date' };
    case 'geopoint':
      return { type: 'object', 'x-widget': 'gps' };
    // Media answers are file ids (the files themselves travel by tus, docs/api.md).
    case 'image':
      return { type: 'string', 'x-widget': appearance.includes('signature') ? 'signature' : 'photo' };
    case 'audio':
      return { type: 'string', 'x-widget': 'audio' };
    case 'acknowledge':
    case 'trigger':
      return { type: 'boolean', 'x-widget': 'checkbox' };
    case 'range': {
      const params = Object.fromEntries((row.cells.parameters ?? '').split(/[\s;,]+/).filter(Boolean).map((p) => p.split('=') as [string, string]));
      const start = Number(params.start ?? 1);
      const end = Number(params.end ?? 10);
      if (params.step && Number(params.step) !== 1) issueAt(ctx, row, 'parameters', 'XLSFORM_CHANGED', 'warning', 'The range step is not kept: every whole number between start and end is allowed.', 'ជំហាននៃជួរមិនត្រូវបានរក្សាទុកទេ៖ លេខគត់ទាំងអស់ចន្លោះចាប់ផ្តើម និងបញ្ចប់ត្រូវបានអនុញ្ញាត។');
      return { type: 'integer', 'x-widget': 'number', minimum: Math.min(start, end), maximum: Math.max(start, end) };
    }
    case 'select_one':
    case 'select_multiple': {
      const choices = node.list ? ctx.lists.get(node.list) : undefined;
      if (!choices || choices.length === 0) {
        issueAt(ctx, row, 'type', 'XLSFORM_UNKNOWN_LIST', 'error', `Left out: the choices sheet has no list "${node.list ?? ''}".`, `ត្រូវបានទុកចោល៖ សន្លឹក choices មិនមានបញ្ជី "${node.list ?? ''}" ទេ។`);
        return undefined;
      }
      // A likert choice of exactly 1…5 is the ISAF faces scale (SA Studio's own export writes it so).
      if (type === 'select_one' && appearance.includes('likert') && choices.map((c) => c.name).join() === '1,2,3,4,5') return { type: 'integer', 'x-widget': 'faces', minimum: 1, maximum: 5 };
      const labels = Object.fromEntries(choices.map((c) => [c.name, c.label]));
      const values = choices.map((c) => c.name);
      if (type === 'select_multiple') return { type: 'array', 'x-widget': 'multiselect', items: { type: 'string', enum: values }, uniqueItems: true, 'x-enum-labels': labels };
      return { type: 'string', 'x-widget': appearance.includes('minimal') || appearance.includes('autocomplete') ? 'select' : 'radio', enum: values, 'x-enum-labels': labels };
    }
    default:
      return undefined;
  }
}

const RULE_MESSAGE: LocalizedText = { en: 'This answer does not meet the rule of the form', km: 'ចម្លើយនេះមិនត្រូវតាមច្បាប់នៃទម្រង់ទេ' };

/**
 * A constraint that is more than limits on the answer (it reads other fields, or uses or/not …)
 * becomes a cross-field rule (`x-constraints`) with its constraint_message (constraint-rule.ts says
 * how "unanswered" is carried over).
 */
function addRule(ctx: FieldContext, node: FieldNode, schema: FieldSchema): void {
  const logic = logicOf(ctx, node.row, 'constraint');
  const self = ctx.xpath.self;
  if (logic === undefined || !self) return;
  const rule = ruleFromXPath(logic, self.path, (path) => ctx.xpath.field(path.split('.').pop() ?? '')?.kind === 'multi');
  const message = rowText(ctx, node.row, 'constraint_message');
  if (!message) issueAt(ctx, node.row, 'constraint', 'XLSFORM_CHANGED', 'warning', 'The rule has no constraint_message: SA Studio shows a general message; write one in the builder.', 'ច្បាប់គ្មាន constraint_message ទេ៖ SA Studio បង្ហាញសារទូទៅ។ សូមសរសេរសារក្នុងកម្មវិធីបង្កើត។');
  schema['x-constraints'] = [{ rule, message: message ?? RULE_MESSAGE }];
}

function addConstraint(ctx: FieldContext, node: FieldNode, schema: FieldSchema): void {
  const source = node.row.cells.constraint;
  if (!source) return;
  const kind = xpathKind(node.type);
  const keywords = constraintToKeywords(source, kind);
  const refuse = (en: string, km: string) => issueAt(ctx, node.row, 'constraint', 'XLSFORM_UNSUPPORTED_EXPRESSION', 'error', `Not kept: ${en} ("${source}").`, `មិនត្រូវបានរក្សាទុក៖ ${km} ("${source}")។`);
  if (!keywords) {
    addRule(ctx, node, schema);
    return;
  }
  const integer = schema.type === 'integer';
  if (keywords.exclusiveMinimum !== undefined) {
    if (!integer) return refuse('a strict lower bound (>) on a decimal cannot be kept: use >=', 'ដែនក្រោមតឹងរ៉ឹង (>) លើលេខទសភាគមិនអាចរក្សាទុកបានទេ៖ សូមប្រើ >=');
    keywords.minimum = Math.max(keywords.minimum ?? -Infinity, Math.floor(keywords.exclusiveMinimum) + 1);
  }
  if (keywords.exclusiveMaximum !== undefined) {
    if (!integer) return refuse('a strict upper bound (<) on a decimal cannot be kept: use <=', 'ដែនលើតឹងរ៉ឹង (<) លើលេខទសភាគមិនអាចរក្សាទុកបានទេ៖ សូមប្រើ <=');
    keywords.maximum = Math.min(keywords.maximum ?? Infinity, Math.ceil(keywords.exclusiveMaximum) - 1);
  }
  if (keywords.pattern !== undefined) {
    const problem = patternProblem(keywords.pattern);
    if (problem) return refuse(`the pattern cannot be used: ${problem}`, `លំនាំមិនអាចប្រើបានទេ៖ ${problem}`);
    schema.pattern = keywords.pattern;
  }
  for (const k of ['minimum', 'maximum', 'minLength', 'maxLength'] as const) if (keywords[k] !== undefined) schema[k] = keywords[k];
  const message = Object.keys(node.row.cells).find((c) => (c === 'constraint_message' || c.startsWith('constraint_message:')) && node.row.cells[c]);
  if (message) {
    issueAt(ctx, node.row, message, 'XLSFORM_CHANGED', 'warning', 'The constraint is kept; its message is not: SA Studio shows its own message for the limit, in Khmer and English.', 'ដែនកំណត់ត្រូវបានរក្សាទុក ប៉ុន្តែសាររបស់វាមិនត្រូវទេ៖ SA Studio បង្ហាញសាររបស់ខ្លួនជាភាសាខ្មែរ និងអង់គ្លេស។');
  }
}

/** The field for a question, or undefined (reported) when SA Studio has no such field yet. */
export function fieldSchema(ctx: FieldContext, node: FieldNode, inherited: JsonLogic[], inRepeat = false): { schema: FieldSchema; required: boolean } | undefined {
  const { row, type } = node;
  if (METADATA.has(type)) {
    issueAt(ctx, row, 'type', 'XLSFORM_UNSUPPORTED_TYPE', 'warning', `Left out: "${type}" is recorded by SA Studio itself (who sent the record and when).`, `ត្រូវបានទុកចោល៖ "${type}" ត្រូវបានកត់ត្រាដោយ SA Studio ខ្លួនឯង (អ្នកផ្ញើ និងពេលវេលា)។`);
    return undefined;
  }
  let base: Omit<FieldSchema, 'x-label'> | undefined;
  let calculate: JsonLogic | string | number | boolean | undefined;
  if (type === 'calculate') {
    calculate = logicOf(ctx, row, 'calculation');
    if (calculate === undefined) {
      if (!row.cells.calculation) issueAt(ctx, row, 'calculation', 'XLSFORM_UNSUPPORTED_EXPRESSION', 'error', 'Left out: a calculate row needs a calculation.', 'ត្រូវបានទុកចោល៖ ជួរ calculate ត្រូវការការគណនា។');
      return undefined;
    }
    const numeric = typeof calculate === 'number' || (typeof calculate === 'object' && NUMERIC_OPS.has(Object.keys(calculate)[0]!));
    base = numeric ? { type: 'number', 'x-widget': 'number' } : { type: 'string', 'x-widget': 'text' };
  } else {
    base = baseSchema(ctx, node);
    if (!base) {
      if (!NOT_YET.has(type) && type !== 'select_one' && type !== 'select_multiple') {
        issueAt(ctx, row, 'type', 'XLSFORM_UNSUPPORTED_TYPE', 'error', `Left out: "${type}" is not an XLSForm question type SA Studio knows.`, `ត្រូវបានទុកចោល៖ "${type}" មិនមែនជាប្រភេទសំណួរ XLSForm ដែល SA Studio ស្គាល់ទេ។`);
      } else if (NOT_YET.has(type)) {
        issueAt(ctx, row, 'type', 'XLSFORM_UNSUPPORTED_TYPE', 'error', `Left out: "${type}" questions are not in SA Studio forms yet.`, `ត្រូវបានទុកចោល៖ សំណួរ "${type}" មិនទាន់មាននៅក្នុងទម្រង់ SA Studio ទេ។`);
      }
      return undefined;
    }
    if (row.cells.calculation) calculate = logicOf(ctx, row, 'calculation');
  }
  let label = rowText(ctx, row, 'label');
  if (!label) {
    label = { km: node.name, en: node.name };
    if (type !== 'calculate') issueAt(ctx, row, 'label', 'XLSFORM_MISSING_TRANSLATION', 'warning', `No label: the name "${node.name}" is shown; write a label in the builder.`, `គ្មានស្លាក៖ ឈ្មោះ "${node.name}" ត្រូវបានបង្ហាញ។ សូមសរសេរស្លាកក្នុងកម្មវិធីបង្កើត។`);
  }
  const schema: FieldSchema = { ...base, 'x-label': label } as FieldSchema;
  const hint = rowText(ctx, row, 'hint');
  if (hint) schema['x-help'] = hint;
  if (calculate !== undefined) schema['x-calculate'] = asLogic(calculate);
  const relevant = logicOf(ctx, row, 'relevant');
  const conditions = [...inherited, ...(relevant !== undefined ? [relevant as JsonLogic] : [])];
  if (conditions.length === 1) schema['x-visible-when'] = conditions[0]!;
  else if (conditions.length > 1) schema['x-visible-when'] = { and: conditions };
  addConstraint(ctx, node, schema);
  const filter = choiceFilterOf(node, schema, node.list ? ctx.lists.get(node.list) : undefined, ctx.xpath);
  if (filter && 'issue' in filter) issueAt(ctx, row, 'choice_filter', 'XLSFORM_UNSUPPORTED_EXPRESSION', 'error', filter.issue.en, filter.issue.km);
  else if (filter) Object.assign(schema, filter.keywords);
  const byDefault = defaultFromCell(row.cells.default, schema, inRepeat);
  if (byDefault && 'value' in byDefault) schema.default = byDefault.value;
  else if (byDefault) issueAt(ctx, row, 'default', byDefault.issue.code, byDefault.issue.severity, byDefault.issue.message.en, byDefault.issue.message.km);
  const required = yesNo(row.cells.required);
  if (required === undefined) {
    issueAt(ctx, row, 'required', 'XLSFORM_UNSUPPORTED_EXPRESSION', 'error', `Not kept: "required" must be yes or no; a condition ("${row.cells.required}") is not supported: the field is optional.`, `មិនត្រូវបានរក្សាទុក៖ "required" ត្រូវតែជា yes ឬ no។ លក្ខខណ្ឌ ("${row.cells.required}") មិនត្រូវបានគាំទ្រទេ៖ វាលនេះជាជម្រើស។`);
  }
  return { schema, required: required === true && type !== 'calculate' };
}
