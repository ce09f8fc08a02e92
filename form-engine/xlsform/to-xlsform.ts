// A definition → XLSForm sheets (survey, choices, settings), so a form built in SA Studio can go to
// KoboToolbox or ODK. Sections become top-level groups (their help a note), group questions nested
// groups, repeats repeats; bounds become constraints, conditions relevant, calculations calculate.
// What XLSForm has no word for (the place and provider pickers, the faces scale) is written as the
// nearest XLSForm question and listed in `remarks`; the server adds them as a sheet of the file.
import type { Definition, FieldSchema, JsonLogic, LocalizedText } from '../model/types';
import { FACES, widgetOf } from '../model/widgets';
import { LANGUAGE_NAMES } from './languages';
import { ruleForXPath } from './constraint-rule';
import { logicToXPath, type LogicVariable } from './logic-to-xpath';

export interface XlsFormSheetsOut {
  survey: { columns: string[]; rows: Array<Record<string, string>> };
  choices: { columns: string[]; rows: Array<Record<string, string>> };
  settings: { columns: string[]; rows: Array<Record<string, string>> };
  /** What was written differently from the definition, by data path. */
  remarks: Array<{ path: string; en: string; km: string }>;
}

const column = (base: string, lang: string) => `${base}::${LANGUAGE_NAMES[lang] ?? lang} (${lang})`;

/** Every language any text of the definition has, Khmer and English first. */
function languagesOf(definition: Definition): string[] {
  const found = new Set<string>(['km', 'en']);
  const visit = (value: unknown): void => {
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (typeof record.km === 'string' && typeof record.en === 'string') for (const lang of Object.keys(record)) found.add(lang);
    for (const v of Object.values(record)) visit(v);
  };
  visit(definition);
  return [...found];
}

export function toXlsForm(definition: Definition, meta: { key: string; version: number }): XlsFormSheetsOut {
  const languages = languagesOf(definition);
  const survey: Array<Record<string, string>> = [];
  const choices: Array<Record<string, string>> = [];
  const remarks: XlsFormSheetsOut['remarks'] = [];
  const lists = new Map<string, string>();
  const texts = (base: string, text: LocalizedText | undefined): Record<string, string> => (text ? Object.fromEntries(languages.filter((l) => text[l]).map((l) => [column(base, l), text[l]!])) : {});

  // Names for ${…}: the last part of each data path (XLSForm names are form-wide).
  const variables = new Map<string, LogicVariable>();
  const collect = (properties: Record<string, FieldSchema>, prefix: string, inRepeat: boolean) => {
    for (const [name, field] of Object.entries(properties)) {
      const widget = widgetOf(field);
      variables.set(`${inRepeat ? 'row.' : ''}${prefix}${name}`, { name, multi: widget === 'multiselect' });
      if (widget === 'group' && field.properties) collect(field.properties, `${prefix}${name}.`, inRepeat);
      if (widget === 'repeat' && field.items && 'properties' in field.items) collect(field.items.properties, '', true);
    }
  };
  collect(definition.properties, '', false);
  const xpath = (logic: JsonLogic, path: string, what: string): string => {
    const result = logicToXPath(logic, (p) => variables.get(p));
    if (result.ok) return result.xpath;
    remarks.push({ path, en: `The ${what} uses "${result.operation}", which XLSForm cannot say: left out.`, km: `${what === 'condition' ? 'លក្ខខណ្ឌ' : what === 'rule' ? 'ច្បាប់' : 'ការគណនា'}ប្រើ "${result.operation}" ដែល XLSForm មិនអាចបង្ហាញបាន៖ ត្រូវបានទុកចោល។` });
    return '';
  };

  const attributeColumns = new Set<string>();
  const listFor = (path: string, values: Array<string | number>, labels: Record<string, LocalizedText> | undefined, data?: FieldSchema['x-enum-data']): string => {
    const signature = JSON.stringify([values, labels, data ?? null]);
    const existing = lists.get(signature);
    if (existing) return existing;
    const name = path.split('.').pop()!;
    lists.set(signature, name);
    for (const value of values) {
      // Option attributes (cascading choices) are the choices sheet's extra columns a choice_filter reads.
      const attributes = Object.hasOwn(data ?? {}, String(value)) ? Object.fromEntries(Object.entries(data![String(value)]!).map(([k, v]) => [k, String(v)])) : {};
      for (const column of Object.keys(attributes)) attributeColumns.add(column);
      choices.push({ list_name: name, name: String(value), ...texts('label', labels?.[String(value)] ?? { km: String(value), en: String(value) }), ...attributes });
    }
    return name;
  };
  /** `choice.value` is the choice's `name`, `choice.<attribute>` its column; other names are fields. */
  const filterOf = (field: FieldSchema, path: string): Record<string, string> => {
    const filter = field['x-choice-filter'];
    if (!filter) return {};
    const result = logicToXPath(filter, (p) => (p === 'choice.value' ? { name: 'name', multi: false, bare: true } : p.startsWith('choice.') ? { name: p.slice('choice.'.length), multi: false, bare: true } : variables.get(p)));
    if (result.ok) return { choice_filter: result.xpath };
    remarks.push({ path, en: `The choice filter uses "${result.operation}", which XLSForm cannot say: left out (every choice is offered).`, km: `តម្រងជម្រើសប្រើ "${result.operation}" ដែល XLSForm មិនអាចបង្ហាញបាន៖ ត្រូវបានទុកចោល (ជម្រើសទាំងអស់ត្រូវបានបង្ហាញ)។` });
    return {};
  };

  const constraintOf = (field: FieldSchema, name: string, path: string): string => {
    const parts: string[] = [];
    if (field.minimum !== undefined) parts.push(`. >= ${field.minimum}`);
    if (field.maximum !== undefined) parts.push(`. <= ${field.maximum}`);
    if (field.minLength !== undefined) parts.push(`string-length(.) >= ${field.minLength}`);
    if (field.maxLength !== undefined) parts.push(`string-length(.) <= ${field.maxLength}`);
    if (field.pattern !== undefined) parts.push(field.pattern.includes("'") ? `regex(., "${field.pattern}")` : `regex(., '${field.pattern}')`);
    // Cross-field rules join the bounds; XLSForm has one constraint_message, the first rule's.
    const self = variables.has(path) ? path : `row.${name}`;
    for (const rule of field['x-constraints'] ?? []) {
      const text = xpath(ruleForXPath(rule, self) as JsonLogic, path, 'rule');
      if (text) parts.push(text);
    }
    if ((field['x-constraints']?.length ?? 0) > 1) remarks.push({ path, en: 'The rules are written as one constraint with the first rule\'s message.', km: 'ច្បាប់ទាំងនោះត្រូវបានសរសេរជាដែនកំណត់តែមួយ ជាមួយសាររបស់ច្បាប់ទីមួយ។' });
    return parts.join(' and ');
  };

  const question = (name: string, field: FieldSchema, path: string, required: boolean) => {
    const widget = widgetOf(field);
    const row: Record<string, string> = { name, ...texts('label', field['x-label']), ...texts('hint', field['x-help']) };
    if (required) row.required = 'yes';
    if (field['x-visible-when']) row.relevant = xpath(field['x-visible-when'], path, 'condition');
    // A default answer as XLSForm writes it: choices by name, several separated by spaces.
    if (field.default !== undefined) row.default = Array.isArray(field.default) ? field.default.join(' ') : field.default === true ? 'yes' : field.default === false ? 'no' : String(field.default);
    const remark = (en: string, km: string) => remarks.push({ path, en, km });
    if (widget === 'group' && field.properties) {
      survey.push({ type: 'begin_group', ...row });
      fields(field.properties, field['x-order'] ?? Object.keys(field.properties), new Set(field.required ?? []), `${path}.`);
      survey.push({ type: 'end_group', name });
      return;
    }
    if (widget === 'repeat' && field.items && 'properties' in field.items) {
      if (field.minItems !== undefined && field.minItems === field.maxItems) row.repeat_count = String(field.minItems);
      else if (field.minItems !== undefined || field.maxItems !== undefined) remark('The smallest and largest number of rows are not kept (XLSForm sets an exact count only).', 'ចំនួនជួរតិចបំផុត និងច្រើនបំផុតមិនត្រូវបានរក្សាទុកទេ (XLSForm កំណត់តែចំនួនជាក់លាក់)។');
      // `required` on a repeat (at least one row) is SA Studio's: Kobo and ODK ignore it, the import reads it.
      survey.push({ type: 'begin_repeat', ...row });
      const items = field.items;
      fields(items.properties, items['x-order'] ?? Object.keys(items.properties), new Set(items.required ?? []), `${path}.`);
      survey.push({ type: 'end_repeat', name });
      return;
    }
    if (field['x-calculate']) {
      const calculation = xpath(field['x-calculate'], path, 'calculation');
      if (calculation) {
        survey.push({ type: 'calculate', ...row, calculation });
        return;
      }
      // XPath has no median, days between dates, …: the question is asked instead of calculated,
      // so the field and its answers are kept (the remark says the calculation was left out).
    }
    let type: string;
    switch (widget) {
      case 'textarea':
        type = 'text';
        row.appearance = 'multiline';
        break;
      case 'number':
        type = field.type === 'integer' ? 'integer' : 'decimal';
        break;
      case 'faces':
        type = `select_one ${listFor('faces', FACES.map((f) => f.value), Object.fromEntries(FACES.map((f) => [String(f.value), { km: `${f.value} ${f.label.km}`, en: `${f.value} ${f.label.en}` }])))}`;
        row.appearance = 'likert'; // ODK's scale look; the import reads a 1–5 likert choice back as faces
        break;
      case 'select':
      case 'radio':
        type = `select_one ${listFor(path, field.enum ?? [], field['x-enum-labels'], field['x-enum-data'])}`;
        if (widget === 'select') row.appearance = 'minimal';
        Object.assign(row, filterOf(field, path));
        break;
      case 'multiselect': {
        const items = field.items && !('properties' in field.items) ? field.items.enum : [];
        type = `select_multiple ${listFor(path, items, field['x-enum-labels'], field['x-enum-data'])}`;
        Object.assign(row, filterOf(field, path));
        break;
      }
      case 'checkbox':
        type = 'acknowledge';
        break;
      case 'date':
        type = 'date';
        break;
      case 'gps':
        type = 'geopoint';
        if (field['x-max-accuracy'] !== undefined) remark(`The accuracy limit (${field['x-max-accuracy']} m) is not written: XLSForm has no refusal by accuracy.`, `ដែនកំណត់ភាពត្រឹមត្រូវ (${field['x-max-accuracy']} ម៉ែត្រ) មិនត្រូវបានសរសេរទេ៖ XLSForm មិនបដិសេធតាមភាពត្រឹមត្រូវទេ។`);
        break;
      case 'photo':
        type = 'image';
        break;
      case 'signature':
        type = 'image';
        row.appearance = 'signature';
        break;
      case 'audio':
        type = 'audio';
        break;
      case 'geography':
        type = 'text';
        remark(`The place picker is written as a text question for the ${field['x-geo-level'] ?? ''} code.`, `កម្មវិធីជ្រើសទីកន្លែងត្រូវបានសរសេរជាសំណួរអត្ថបទសម្រាប់លេខកូដ ${field['x-geo-level'] ?? ''}។`);
        break;
      case 'provider':
        type = 'text';
        remark('The service-provider picker is written as a text question for the provider id.', 'កម្មវិធីជ្រើសអ្នកផ្តល់សេវាត្រូវបានសរសេរជាសំណួរអត្ថបទសម្រាប់ id អ្នកផ្តល់សេវា។');
        break;
      default:
        type = 'text';
    }
    const constraint = widget === 'faces' ? '' : constraintOf(field, name, path);
    const ruleMessage = constraint ? field['x-constraints']?.[0]?.message : undefined;
    survey.push({ type, ...row, ...(constraint ? { constraint } : {}), ...texts('constraint_message', ruleMessage) });
  };

  const fields = (properties: Record<string, FieldSchema>, order: string[], required: Set<string>, pathPrefix: string) => {
    for (const name of order) {
      const field = properties[name];
      if (field) question(name, field, `${pathPrefix}${name}`, required.has(name));
    }
  };

  const required = new Set(definition.required ?? []);
  if (definition['x-sections']) {
    for (const section of definition['x-sections']) {
      survey.push({ type: 'begin_group', name: section.key, ...texts('label', section.title) });
      if (section.help) survey.push({ type: 'note', name: `${section.key}_help`, ...texts('label', section.help) });
      fields(definition.properties, section.fields, required, '');
      survey.push({ type: 'end_group', name: section.key });
    }
  } else {
    fields(definition.properties, definition['x-order'] ?? Object.keys(definition.properties), required, '');
  }

  const labelColumns = languages.map((l) => column('label', l));
  const hintColumns = languages.map((l) => column('hint', l));
  const surveyColumns = ['type', 'name', ...labelColumns, ...hintColumns, 'required', 'relevant', 'constraint', ...languages.map((l) => column('constraint_message', l)), 'calculation', 'choice_filter', 'default', 'appearance', 'repeat_count'];
  const title = definition['x-title'];
  return {
    survey: { columns: surveyColumns, rows: survey },
    choices: { columns: ['list_name', 'name', ...labelColumns, ...attributeColumns], rows: choices },
    settings: {
      columns: ['form_title', ...languages.filter((l) => l !== 'en').map((l) => column('form_title', l)), 'form_id', 'version', 'default_language'],
      rows: [{ form_title: title.en, ...Object.fromEntries(languages.filter((l) => l !== 'en' && title[l]).map((l) => [column('form_title', l), title[l]!])), form_id: meta.key, version: String(meta.version), default_language: 'English (en)' }],
    },
    remarks,
  };
}
