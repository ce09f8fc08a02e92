// XLSForm import (issue 14): an uploaded .xlsx from KoboToolbox or ODK becomes a draft form the
// officer reviews in the builder. The file is read within XLSFORM_UPLOAD_LIMITS, translated by the
// form engine (pure), and saved through saveDraft (the same checks as the builder's own save), with
// the report of every cell that could not be carried over.
import type { Kysely } from 'kysely';
import { fromXlsForm, type XlsFormIssue, type XlsFormSheets } from '../../form-engine';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/permissions';
import { Problem } from '../core/problems';
import { readTables, type Table } from '../core/uploads/table-read';
import { UploadBudget, XLSFORM_UPLOAD_LIMITS } from '../core/uploads/upload-limits';
import { readUpload } from '../core/uploads/upload-read';
import type { Database } from '../db/schema';
import { findLatest } from './definitions.repository';
import { saveDraft } from './definitions.service';

export interface XlsFormImportResult {
  key: string;
  version: number;
  status: 'draft';
  fields: number;
  issues: XlsFormIssue[];
}

/**
 * The XLSForm sheets by name (survey, choices, settings, in any case), else by their columns: the
 * streamed reader cannot always learn sheet names (a workbook whose index comes after its sheets).
 */
export function sheetsOf(tables: readonly Table[]): XlsFormSheets {
  const find = (name: string, columns: (c: readonly string[]) => boolean) =>
    tables.find((t) => (t.sheet ?? '').trim().toLowerCase() === name && columns(t.columns)) ?? tables.find((t) => columns(t.columns));
  const has = (...names: string[]) => (c: readonly string[]) => names.some((n) => c.includes(n));
  return {
    survey: find('survey', (c) => c.includes('type') && c.includes('name'))?.records ?? [],
    choices: find('choices', (c) => has('list_name', 'list name')(c) && c.includes('name'))?.records ?? [],
    settings: find('settings', has('form_id', 'form_title'))?.records ?? [],
  };
}

/** Reads the uploaded workbook (streamed, capped) into its survey, choices and settings sheets. */
export async function readXlsFormUpload(body: unknown): Promise<XlsFormSheets> {
  const budget = new UploadBudget(XLSFORM_UPLOAD_LIMITS);
  return sheetsOf(await readUpload(body, budget, (stream) => readTables(stream, 'xlsx', null, budget)));
}

const issueDetail = (i: XlsFormIssue) => ({ path: `${i.sheet}.${i.row}${i.column ? `.${i.column}` : ''}`, keyword: i.code, message: i.message, file: i.sheet, row: i.row });

/**
 * Saves the translated form as a draft of `key` (the file's form_id by default). A key that already
 * has versions is refused with CONFLICT unless `replace` asks for its next draft.
 */
export async function importXlsForm(trx: Kysely<Database>, actor: Actor | null, sheets: XlsFormSheets, options: { key?: string; fileName?: string; replace?: boolean }): Promise<XlsFormImportResult> {
  requireActor(actor, 'definition.edit');
  const imported = fromXlsForm(sheets, options.fileName ? { fileName: options.fileName } : {});
  if (!imported.definition) {
    throw new Problem('IMPORT_INVALID', {
      message: { en: 'Nothing could be imported from this file: see the remarks by sheet, row and column.', km: 'គ្មានអ្វីអាចនាំចូលពីឯកសារនេះបានទេ៖ សូមមើលកំណត់សម្គាល់តាមសន្លឹក ជួរ និងជួរឈរ។' },
      errors: imported.issues.map(issueDetail),
    });
  }
  const key = options.key || imported.key;
  const latest = await findLatest(trx, key);
  if (latest && !options.replace) {
    throw new Problem('CONFLICT', {
      message: { en: `A form with the key "${key}" exists already: choose another key, or import the file as its next version.`, km: `ទម្រង់ដែលមានកូនសោ "${key}" មានរួចហើយ៖ សូមជ្រើសរើសកូនសោផ្សេង ឬនាំចូលឯកសារជាកំណែបន្ទាប់របស់វា។` },
      errors: [{ path: 'key', keyword: 'unique', message: { en: `"${key}" is taken.`, km: `"${key}" ត្រូវបានប្រើរួចហើយ។` } }],
    });
  }
  const row = await saveDraft(trx, actor, key, imported.definition);
  return { key, version: row.version, status: 'draft', fields: Object.keys(imported.definition.properties).length, issues: imported.issues };
}
