// The XLSForm import's input and report as plain data: sheets arrive as named-column rows (the server
// reads the .xlsx; the form engine stays a pure compiler), and every cell that could not be carried
// over is reported by sheet, row and column, never dropped in silence.
import type { Bilingual, LocalizedText } from '../model/types';

/** One spreadsheet row: its number as the spreadsheet shows it (header = 1) and its cells by column. */
export interface XlsRow {
  row: number;
  /** Column names lower-cased and trimmed (`label::khmer (km)`), values trimmed. */
  cells: Record<string, string>;
}

export interface XlsFormSheets {
  survey: XlsRow[];
  choices: XlsRow[];
  settings: XlsRow[];
}

export type XlsFormIssueCode =
  | 'XLSFORM_NO_SURVEY'
  | 'XLSFORM_NO_FIELDS'
  | 'XLSFORM_UNSUPPORTED_TYPE'
  | 'XLSFORM_UNSUPPORTED_COLUMN'
  | 'XLSFORM_UNSUPPORTED_EXPRESSION'
  | 'XLSFORM_UNKNOWN_LIST'
  | 'XLSFORM_BAD_CHOICE'
  | 'XLSFORM_NAME_CHANGED'
  | 'XLSFORM_DUPLICATE_NAME'
  | 'XLSFORM_UNBALANCED_GROUP'
  | 'XLSFORM_NESTED_REPEAT'
  | 'XLSFORM_MISSING_TRANSLATION'
  | 'XLSFORM_CHANGED';

export interface XlsFormIssue {
  sheet: 'survey' | 'choices' | 'settings';
  /** Spreadsheet row (header = 1); 1 for a whole-column or whole-sheet remark. */
  row: number;
  /** The column as written in the file's header (lower-cased), or '' for the whole row. */
  column: string;
  code: XlsFormIssueCode;
  /** error: the row or cell was left out; warning: kept, but changed (the message says how). */
  severity: 'error' | 'warning';
  message: Bilingual;
}

/** One option of a choices-sheet list. */
export interface Choice {
  name: string;
  label: LocalizedText;
  /** The row's other cells (columns a choice_filter may read), by column name. */
  columns: Record<string, string>;
}
