// XLSForm (the spreadsheet format of KoboToolbox and ODK) → a draft definition. Root groups become
// sections (layout only, as in SA Studio), nested groups are flattened into them with their
// conditions carried down, repeats become repeat fields, and XPath becomes JSONLogic through the
// documented subset. Every cell that could not be carried over is in `issues`, by row and column.
import type { Definition, FieldSchema, JsonLogic, LocalizedText, ObjectSchema, Section } from '../model/types';
import { reportUnreadCells } from './columns';
import { asLogic, fieldSchema, issueAt, logicOf, rowText, xpathKind, yesNo, type FieldContext } from './field-schema';
import { languageOf, localized, textsOf } from './languages';
import { surveyTree, type GroupNode, type TreeNode } from './survey-tree';
import type { Choice, XlsFormIssue, XlsFormSheets, XlsRow } from './types';
import type { XPathField, XPathFieldKind } from './xpath-to-logic';

export interface XlsFormImport {
  /** The draft to save, or null when nothing could be imported (see issues). */
  definition: Definition | null;
  /** The key suggested by the settings sheet's form_id (or the file name). */
  key: string;
  issues: XlsFormIssue[];
}

const CHOICE_VALUE = /^[A-Za-z0-9_.-]{1,64}$/;
/** Columns of the choices sheet that are the choice itself (not attributes a choice_filter reads). */
const CHOICE_OWN = /^(list_name|list name|name|label|image|audio|video|big-image|media)(::?.*)?$/;

/** A definition key (`^[a-z][a-z0-9-]{1,62}$`) from a form_id or file name. */
export function keyFrom(text: string): string {
  const key = text.toLowerCase().replace(/\.xlsx$/, '').replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+/g, '-').replace(/-$/, '').slice(0, 63);
  return key.length >= 2 ? key : 'imported-form';
}

function readChoices(rows: readonly XlsRow[], defaultLanguage: string, issues: XlsFormIssue[]): Map<string, Choice[]> {
  const lists = new Map<string, Choice[]>();
  for (const row of rows) {
    const list = row.cells.list_name ?? row.cells['list name'] ?? '';
    const name = row.cells.name ?? '';
    if (!list) continue;
    const bad = (en: string, km: string) => issues.push({ sheet: 'choices', row: row.row, column: 'name', code: 'XLSFORM_BAD_CHOICE', severity: 'error', message: { en, km } });
    if (!CHOICE_VALUE.test(name)) {
      bad(`Left out: the choice name "${name}" must be 1–64 letters, digits, _, . or -.`, `ត្រូវបានទុកចោល៖ ឈ្មោះជម្រើស "${name}" ត្រូវតែជាអក្សរ លេខ _ . ឬ - ចំនួន ១–៦៤។`);
      continue;
    }
    const choices = lists.get(list) ?? [];
    if (choices.some((c) => c.name === name)) {
      bad(`Left out: "${name}" appears twice in the list "${list}".`, `ត្រូវបានទុកចោល៖ "${name}" មានពីរដងក្នុងបញ្ជី "${list}"។`);
      continue;
    }
    const label = localized(textsOf(row, 'label'), defaultLanguage)?.text ?? { km: name, en: name };
    const columns = Object.fromEntries(Object.entries(row.cells).filter(([column]) => !CHOICE_OWN.test(column)));
    choices.push({ name, label, columns });
    lists.set(list, choices);
  }
  return lists;
}

interface Entry extends XPathField {
  key: string;
  repeat: string | null;
}

/**
 * Every question by its XLSForm name, with its kind, its data path and the repeat it is in. A root
 * group is a section (no path part); a group inside one is a group field (`group.field`); groups inside
 * a repeat are flattened into its rows.
 */
function fieldTable(roots: readonly TreeNode[]): Map<string, Entry> {
  const table = new Map<string, Entry>();
  const walk = (nodes: readonly TreeNode[], repeat: string | null, prefix: string, root: boolean) => {
    for (const node of nodes) {
      const original = node.row.cells.name ?? '';
      if (node.kind === 'field') {
        if (!table.has(original)) table.set(original, { key: node.name, kind: xpathKind(node.type) as XPathFieldKind, repeat, path: `${prefix}${node.name}` });
      } else if (node.kind === 'repeat') walk(node.children, node.name, '', false);
      else walk(node.children, repeat, root || repeat !== null ? prefix : `${prefix}${node.name}.`, false);
    }
  };
  walk(roots, null, '', true);
  return table;
}

/** Issues in sheet, row, column order (the order an officer reads the file in). */
const sorted = (issues: XlsFormIssue[]) => issues.sort((a, b) => a.sheet.localeCompare(b.sheet) || a.row - b.row || a.column.localeCompare(b.column));

const and = (conditions: readonly JsonLogic[]): JsonLogic | undefined => (conditions.length === 0 ? undefined : conditions.length === 1 ? conditions[0] : { and: [...conditions] });

export function fromXlsForm(sheets: XlsFormSheets, options: { fileName?: string } = {}): XlsFormImport {
  const issues: XlsFormIssue[] = [];
  const settingsRow: XlsRow = sheets.settings[0] ?? { row: 2, cells: {} };
  const settings = settingsRow.cells;
  const key = keyFrom(settings.form_id || options.fileName || 'imported-form');
  if (sheets.survey.length === 0) {
    issues.push({ sheet: 'survey', row: 1, column: '', code: 'XLSFORM_NO_SURVEY', severity: 'error', message: { en: 'The file has no "survey" sheet with a "type" column: it is not an XLSForm.', km: 'ឯកសារនេះគ្មានសន្លឹក "survey" ដែលមានជួរឈរ "type" ទេ៖ វាមិនមែនជា XLSForm ទេ។' } });
    return { definition: null, key, issues };
  }
  const defaultLanguage = languageOf((settings.default_language ?? '').toLowerCase()) ?? 'en';
  const ctx: FieldContext = { issues, lists: readChoices(sheets.choices, defaultLanguage, issues), defaultLanguage, filled: new Set(), xpath: { field: () => undefined } };
  const tree = surveyTree(sheets.survey, issues);
  const table = fieldTable(tree.roots);
  const contextIn = (repeat: string | null, selfName?: string) => {
    const resolve = (name: string): XPathField | undefined => {
      const entry = table.get(name);
      if (!entry) return undefined;
      if (entry.repeat === null) return { path: entry.path, kind: entry.kind };
      return entry.repeat === repeat ? { path: `row.${entry.key}`, kind: entry.kind } : undefined;
    };
    const self = selfName === undefined ? undefined : resolve(selfName);
    return { field: resolve, ...(self ? { self } : {}) };
  };

  const properties: Record<string, FieldSchema> = {};
  const required: string[] = [];
  const order: string[] = [];
  const sections: Section[] = [];
  const useSections = tree.roots.some((n) => n.kind === 'group');
  let loose: Section | undefined;

  /** Adds the questions of `nodes` to `into` (root or a repeat's items), groups flattened. */
  const addAll = (nodes: readonly TreeNode[], into: { properties: Record<string, FieldSchema>; required: string[]; order: string[] }, repeat: string | null, inherited: JsonLogic[], section?: Section) => {
    for (const node of nodes) {
      reportUnreadCells(node.row, issues);
      if (node.kind === 'field') {
        if (node.type === 'note') {
          addNote(node.row, section);
          continue;
        }
        ctx.xpath = contextIn(repeat, node.row.cells.name);
        const result = fieldSchema(ctx, node, inherited, repeat !== null);
        if (!result) continue;
        into.properties[node.name] = result.schema;
        into.order.push(node.name);
        if (result.required) into.required.push(node.name);
      } else if (node.kind === 'group' && repeat !== null) {
        ctx.xpath = contextIn(repeat);
        const own = logicOf(ctx, node.row, 'relevant');
        addAll(node.children, into, repeat, own === undefined ? inherited : [...inherited, asLogic(own)], section);
      } else if (node.kind === 'group') {
        const group = groupSchema(node, inherited, section);
        if (!group) continue;
        into.properties[node.name] = group;
        into.order.push(node.name);
        if (yesNo(node.row.cells.required)) into.required.push(node.name); // SA Studio's export writes it
      } else if (repeat !== null) {
        issueAt(ctx, node.row, 'type', 'XLSFORM_NESTED_REPEAT', 'error', 'Left out: a repeat inside a repeat is not in SA Studio forms.', 'ត្រូវបានទុកចោល៖ ការធ្វើម្តងទៀតក្នុងការធ្វើម្តងទៀតមិនមាននៅក្នុងទម្រង់ SA Studio ទេ។');
      } else {
        const repeatField = repeatSchema(node, inherited);
        if (!repeatField) continue;
        into.properties[node.name] = repeatField;
        into.order.push(node.name);
        // `required: yes` on a repeat (SA Studio's own export writes it): at least one row.
        if (yesNo(node.row.cells.required)) into.required.push(node.name);
      }
    }
  };

  /** A group inside a section: a group field whose answers nest under its name, as in ODK's data. */
  const groupSchema = (node: GroupNode, inherited: JsonLogic[], section: Section | undefined): FieldSchema | undefined => {
    const members = { properties: {} as Record<string, FieldSchema>, required: [] as string[], order: [] as string[] };
    addAll(node.children, members, null, [], section);
    if (members.order.length === 0) return undefined;
    const schema: FieldSchema = { type: 'object', 'x-widget': 'group', 'x-label': rowText(ctx, node.row, 'label') ?? { km: node.name, en: node.name }, properties: members.properties, additionalProperties: false, 'x-order': members.order, ...(members.required.length ? { required: members.required } : {}) };
    const hint = rowText(ctx, node.row, 'hint');
    if (hint) schema['x-help'] = hint;
    ctx.xpath = contextIn(null);
    const own = logicOf(ctx, node.row, 'relevant');
    const visible = and(own === undefined ? inherited : [...inherited, asLogic(own)]);
    if (visible) schema['x-visible-when'] = visible;
    return schema;
  };

  const repeatSchema = (node: GroupNode, inherited: JsonLogic[]): FieldSchema | undefined => {
    const items = { properties: {} as Record<string, FieldSchema>, required: [] as string[], order: [] as string[] };
    addAll(node.children, items, node.name, []);
    if (items.order.length === 0) {
      issueAt(ctx, node.row, 'type', 'XLSFORM_NO_FIELDS', 'error', 'Left out: this repeat has no question SA Studio could import.', 'ត្រូវបានទុកចោល៖ ការធ្វើម្តងទៀតនេះគ្មានសំណួរដែល SA Studio អាចនាំចូលបានទេ។');
      return undefined;
    }
    const itemSchema: ObjectSchema = { type: 'object', properties: items.properties, additionalProperties: false, 'x-order': items.order, ...(items.required.length ? { required: items.required } : {}) };
    const schema: FieldSchema = { type: 'array', 'x-widget': 'repeat', 'x-label': rowText(ctx, node.row, 'label') ?? { km: node.name, en: node.name }, items: itemSchema };
    const hint = rowText(ctx, node.row, 'hint');
    if (hint) schema['x-help'] = hint;
    ctx.xpath = contextIn(null);
    const own = logicOf(ctx, node.row, 'relevant');
    const visible = and(own === undefined ? inherited : [...inherited, asLogic(own)]);
    if (visible) schema['x-visible-when'] = visible;
    const count = node.row.cells.repeat_count;
    if (count) {
      if (/^\d+$/.test(count) && Number(count) >= 1) {
        schema.minItems = Number(count);
        schema.maxItems = Number(count);
      } else {
        issueAt(ctx, node.row, 'repeat_count', 'XLSFORM_UNSUPPORTED_EXPRESSION', 'error', `Not kept: only a fixed number of rows is supported as repeat_count ("${count}").`, `មិនត្រូវបានរក្សាទុក៖ មានតែចំនួនជួរថេរប៉ុណ្ណោះត្រូវបានគាំទ្រជា repeat_count ("${count}")។`);
      }
    }
    return schema;
  };

  /** A note has no answer: its text joins the section's help (reported), or is reported as left out. */
  const addNote = (row: XlsRow, section: Section | undefined) => {
    const text = rowText(ctx, row, 'label');
    if (!text) return;
    if (!section) {
      issueAt(ctx, row, 'type', 'XLSFORM_UNSUPPORTED_TYPE', 'error', 'Left out: a note outside any group has no place in SA Studio forms; put the text in a hint.', 'ត្រូវបានទុកចោល៖ កំណត់ចំណាំនៅក្រៅក្រុមគ្មានកន្លែងក្នុងទម្រង់ SA Studio ទេ។ សូមដាក់អត្ថបទក្នុងជំនួយ។');
      return;
    }
    const joined: LocalizedText = { ...text, km: section.help ? `${section.help.km}\n${text.km}` : text.km, en: section.help ? `${section.help.en}\n${text.en}` : text.en };
    section.help = joined;
    issueAt(ctx, row, 'type', 'XLSFORM_CHANGED', 'warning', 'The note is shown as the help text of its section.', 'កំណត់ចំណាំត្រូវបានបង្ហាញជាអត្ថបទជំនួយនៃផ្នែករបស់វា។');
  };

  const root = { properties, required, order };
  for (const node of tree.roots) {
    if (!useSections) {
      addAll([node], root, null, []);
      continue;
    }
    if (node.kind === 'group') {
      loose = undefined;
      const before = order.length;
      const section: Section = { key: node.name || `section_${sections.length + 1}`, title: rowText(ctx, node.row, 'label') ?? { km: node.name, en: node.name }, fields: [] };
      // A section is layout only: its condition is carried down to each question in it.
      reportUnreadCells(node.row, issues);
      ctx.xpath = contextIn(null);
      const own = logicOf(ctx, node.row, 'relevant');
      addAll(node.children, root, null, own === undefined ? [] : [asLogic(own)], section);
      section.fields = order.slice(before);
      if (section.fields.length > 0) sections.push(section);
    } else {
      if (!loose) {
        loose = { key: `section_${sections.length + 1}`, title: { km: 'ទូទៅ', en: 'General' }, fields: [] };
        sections.push(loose);
      }
      const before = order.length;
      addAll([node], root, null, [], loose);
      loose.fields.push(...order.slice(before));
    }
  }
  const usedSections = sections.filter((s) => s.fields.length > 0);
  if (ctx.filled.size > 0) {
    const langs = [...ctx.filled].map((l) => (l === 'km' ? 'Khmer' : 'English')).join(' and ');
    issues.push({ sheet: 'survey', row: 1, column: 'label', code: 'XLSFORM_MISSING_TRANSLATION', severity: 'warning', message: { en: `Some texts have no ${langs} version: the other language is shown until you translate them in the builder.`, km: `អត្ថបទខ្លះគ្មានកំណែ ${[...ctx.filled].map((l) => (l === 'km' ? 'ខ្មែរ' : 'អង់គ្លេស')).join(' និង ')} ទេ៖ ភាសាផ្សេងត្រូវបានបង្ហាញរហូតដល់អ្នកបកប្រែវាក្នុងកម្មវិធីបង្កើត។` } });
  }
  if (order.length === 0) {
    issues.push({ sheet: 'survey', row: 1, column: '', code: 'XLSFORM_NO_FIELDS', severity: 'error', message: { en: 'No question of this form could be imported (see the other remarks).', km: 'គ្មានសំណួរណាមួយនៃទម្រង់នេះអាចនាំចូលបានទេ (សូមមើលកំណត់សម្គាល់ផ្សេងទៀត)។' } });
    return { definition: null, key, issues: sorted(issues) };
  }
  const title = localized(textsOf(settingsRow, 'form_title'), defaultLanguage)?.text ?? { km: options.fileName ?? key, en: options.fileName ?? key };
  const definition: Definition = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    'x-kind': 'form',
    'x-title': title,
    ...(usedSections.length > 0 ? { 'x-sections': usedSections } : { 'x-order': order }),
    properties,
    ...(required.length ? { required } : {}),
    additionalProperties: false,
  };
  return { definition, key, issues: sorted(issues) };
}
