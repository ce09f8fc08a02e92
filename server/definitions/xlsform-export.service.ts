// XLSForm export (issue 14.2): a form version as an .xlsx that KoboToolbox and ODK read (survey,
// choices, settings), made by the form engine's toXlsForm; what XLSForm has no word for is listed on
// an extra sheet, `sa_studio_remarks`, which pyxform ignores. Drafts only for those who may edit them
// (getDefinition decides), as in the builder.
import { loadExcel } from '../core/lazy-libraries';
import type { Kysely } from 'kysely';
import { toXlsForm, type Definition, type XlsFormSheetsOut } from '../../form-engine';
import type { Actor } from '../auth/actor';
import { Problem } from '../core/problems';
import type { Database } from '../db/schema';
import { getDefinition } from './definitions.service';

export async function exportXlsForm(db: Kysely<Database>, actor: Actor | null, key: string, version: number): Promise<Buffer> {
  const row = await getDefinition(db, actor, key, version);
  if (!row || row.kind !== 'form') throw new Problem('DEFINITION_NOT_FOUND');
  return xlsFormBuffer(toXlsForm(row.schema as Definition, { key, version }));
}

/** The sheets as an .xlsx file. */
export async function xlsFormBuffer(sheets: XlsFormSheetsOut): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const workbook = new ExcelJS.Workbook();
  for (const [name, sheet] of [['survey', sheets.survey], ['choices', sheets.choices], ['settings', sheets.settings]] as const) {
    const ws = workbook.addWorksheet(name);
    ws.addRow(sheet.columns);
    for (const r of sheet.rows) ws.addRow(sheet.columns.map((c) => r[c] ?? ''));
  }
  if (sheets.remarks.length > 0) {
    const ws = workbook.addWorksheet('sa_studio_remarks');
    ws.addRow(['path', 'remark', 'remark::Khmer (km)']);
    for (const r of sheets.remarks) ws.addRow([r.path, r.en, r.km]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
