// Which survey columns the import carries over; any other cell with a value is reported with the
// reason it was not kept (a feature SA Studio does not have yet, or one it does differently).
import type { XlsFormIssue, XlsRow } from './types';

/** Columns read by the import (translated columns by their base name before `::`). */
const READ = new Set(['type', 'name', 'label', 'hint', 'required', 'relevant', 'constraint', 'constraint_message', 'calculation', 'appearance', 'parameters', 'repeat_count', 'default', 'choice_filter']);

const WHY: Record<string, { en: string; km: string }> = {
  required_message: { en: 'SA Studio shows its own "required" message in Khmer and English', km: 'SA Studio បង្ហាញសារ "ត្រូវការ" របស់ខ្លួនជាភាសាខ្មែរ និងអង់គ្លេស' },
  read_only: { en: 'read-only questions are not in SA Studio forms (a calculation is read-only)', km: 'សំណួរអានបានតែប៉ុណ្ណោះមិនមាននៅក្នុងទម្រង់ SA Studio ទេ (ការគណនាគឺអានបានតែប៉ុណ្ណោះ)' },
  media: { en: 'images, audio and video in questions are not in SA Studio forms yet', km: 'រូបភាព សំឡេង និងវីដេអូក្នុងសំណួរមិនទាន់មាននៅក្នុងទម្រង់ SA Studio ទេ' },
  guidance_hint: { en: 'guidance hints are not kept: put the text in the hint', km: 'ការណែនាំបន្ថែមមិនត្រូវបានរក្សាទុកទេ៖ សូមដាក់អត្ថបទនៅក្នុងជំនួយ' },
  trigger: { en: 'triggers (recalculating on another answer) are not in SA Studio forms: calculations always follow the answers', km: 'trigger មិនមាននៅក្នុងទម្រង់ SA Studio ទេ៖ ការគណនាតែងតែតាមចម្លើយ' },
};

function baseOf(column: string): string {
  const base = column.split(/::?/)[0]!.trim();
  if (base === 'image' || base === 'audio' || base === 'video' || base === 'big-image' || base.startsWith('media')) return 'media';
  return base;
}

/** Reports every non-empty cell of `row` in a column the import does not read. */
export function reportUnreadCells(row: XlsRow, issues: XlsFormIssue[]): void {
  for (const [column, value] of Object.entries(row.cells)) {
    if (!value) continue;
    const base = baseOf(column);
    if (READ.has(base)) continue;
    const why = WHY[base] ?? { en: `the column "${column}" is not an XLSForm column SA Studio reads`, km: `ជួរឈរ "${column}" មិនមែនជាជួរឈរ XLSForm ដែល SA Studio អានទេ` };
    issues.push({
      sheet: 'survey',
      row: row.row,
      column,
      code: 'XLSFORM_UNSUPPORTED_COLUMN',
      severity: 'error',
      message: { en: `Not kept: ${why.en}.`, km: `មិនត្រូវបានរក្សាទុក៖ ${why.km}។` },
    });
  }
}
