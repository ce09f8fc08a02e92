// The survey sheet as a tree: begin_group/end_group and begin_repeat/end_repeat nest the rows
// between them. Names are made valid field keys (XLSForm allows `-`, `.` and a leading `_`) and
// unique, and each renaming is reported, so `${name}` references still resolve to the new key.
import type { XlsFormIssue, XlsRow } from './types';

export interface FieldNode {
  kind: 'field';
  row: XlsRow;
  /** The XLSForm type word (`select_one`), lower-cased. */
  type: string;
  /** `select_one LIST` / `select_multiple LIST` / `rank LIST`: the list name. */
  list?: string;
  name: string;
}

export interface GroupNode {
  kind: 'group' | 'repeat';
  row: XlsRow;
  name: string;
  children: TreeNode[];
}

export type TreeNode = FieldNode | GroupNode;

const KEY = /^[A-Za-z][A-Za-z0-9_]*$/;

/** `begin group`, `begin_group`, `BEGIN GROUP` → begin_group; other type words lower-cased. */
/** Older spellings pyxform still reads, by the type word they stand for. */
const ALIASES: Record<string, string> = { int: 'integer', string: 'text', select1: 'select_one', 'select all that apply': 'select_multiple', 'select multiple': 'select_multiple', 'select many': 'select_multiple', 'select one': 'select_one' };

function typeWords(raw: string): string[] {
  const words = raw.trim().toLowerCase().split(/\s+/);
  if ((words[0] === 'begin' || words[0] === 'end') && (words[1] === 'group' || words[1] === 'repeat')) return [`${words[0]}_${words[1]}`, ...words.slice(2)];
  // `select one from LIST`, `select all that apply from LIST`, `select_one LIST`
  for (const [alias, type] of Object.entries(ALIASES)) {
    const parts = alias.split(' ');
    if (parts.every((p, i) => words[i] === p)) {
      const rest = words.slice(parts.length);
      return [type, ...(rest[0] === 'from' ? rest.slice(1) : rest)];
    }
  }
  return words;
}

function validKey(name: string): string {
  let key = name.replace(/[^A-Za-z0-9_]/g, '_');
  if (!/^[A-Za-z]/.test(key)) key = `f${key.startsWith('_') ? '' : '_'}${key}`;
  return key.slice(0, 64);
}

export interface SurveyTree {
  roots: TreeNode[];
  /** XLSForm name → the field key it became. */
  keys: Map<string, string>;
}

export function surveyTree(rows: readonly XlsRow[], issues: XlsFormIssue[]): SurveyTree {
  const root: GroupNode = { kind: 'group', row: { row: 1, cells: {} }, name: '', children: [] };
  const stack: GroupNode[] = [root];
  const keys = new Map<string, string>();
  const taken = new Set<string>();
  const issue = (row: XlsRow, column: string, code: XlsFormIssue['code'], severity: XlsFormIssue['severity'], en: string, km: string) =>
    issues.push({ sheet: 'survey', row: row.row, column, code, severity, message: { en, km } });

  // Sections (top-level groups) have keys of their own, apart from the questions'.
  const sectionKeys = new Set<string>();
  const keyFor = (row: XlsRow, name: string, section = false): string => {
    const used = section ? sectionKeys : taken;
    let key = KEY.test(name) ? name : validKey(name);
    const wanted = key;
    for (let n = 2; used.has(key); n++) key = `${wanted.slice(0, 60)}_${n}`;
    if (key !== name) {
      issue(row, 'name', used.has(wanted) && KEY.test(name) ? 'XLSFORM_DUPLICATE_NAME' : 'XLSFORM_NAME_CHANGED', 'warning',
        `The name "${name}" became "${key}" (a field name is letters, digits and _, starting with a letter, and unique).`,
        `ឈ្មោះ "${name}" ត្រូវបានប្តូរទៅ "${key}" (ឈ្មោះវាលជាអក្សរ លេខ និង _ ចាប់ផ្តើមដោយអក្សរ ហើយមិនស្ទួន)។`);
    }
    used.add(key);
    if (!section && !keys.has(name)) keys.set(name, key);
    return key;
  };

  for (const row of rows) {
    const rawType = row.cells.type ?? '';
    if (!rawType) {
      if (Object.values(row.cells).some((v) => v)) issue(row, 'type', 'XLSFORM_UNSUPPORTED_TYPE', 'error', 'A row without a type was left out.', 'ជួរដែលគ្មានប្រភេទត្រូវបានទុកចោល។');
      continue;
    }
    const [type, list] = typeWords(rawType) as [string, string | undefined];
    const name = row.cells.name ?? '';
    const top = stack[stack.length - 1]!;
    if (type === 'begin_group' || type === 'begin_repeat') {
      const kind = type === 'begin_group' ? 'group' : 'repeat';
      const node: GroupNode = { kind, row, name: name ? keyFor(row, name, kind === 'group' && stack.length === 1) : '', children: [] };
      top.children.push(node);
      stack.push(node);
    } else if (type === 'end_group' || type === 'end_repeat') {
      const kind = type === 'end_group' ? 'group' : 'repeat';
      if (stack.length === 1 || top.kind !== kind) {
        issue(row, 'type', 'XLSFORM_UNBALANCED_GROUP', 'error', `"${rawType}" does not close an open ${kind}: the row was ignored.`, `"${rawType}" មិនបិទ ${kind} ដែលបានបើកទេ៖ ជួរនេះត្រូវបានមិនអើពើ។`);
      } else stack.pop();
    } else {
      if (!name) {
        issue(row, 'name', 'XLSFORM_UNSUPPORTED_TYPE', 'error', 'A question without a name was left out.', 'សំណួរដែលគ្មានឈ្មោះត្រូវបានទុកចោល។');
        continue;
      }
      top.children.push({ kind: 'field', row, type, ...(list ? { list } : {}), name: keyFor(row, name) });
    }
  }
  for (const open of stack.slice(1)) {
    issue(open.row, 'type', 'XLSFORM_UNBALANCED_GROUP', 'warning', `This ${open.kind} is never closed: it was closed at the end of the sheet.`, `${open.kind} នេះមិនដែលបានបិទទេ៖ វាត្រូវបានបិទនៅចុងសន្លឹក។`);
  }
  return { roots: root.children, keys };
}
