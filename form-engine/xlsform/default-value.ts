// XLSForm's `default` column → the field's `default` answer. A literal is carried over in the field's
// own type (a number for integer/decimal, a choice name for select_one, names separated by spaces
// for select_multiple, YYYY-MM-DD for a date, "yes"/"no" style for acknowledge); an expression
// (today(), now(), ${other}) is not a default SA Studio forms can hold yet and is reported, as is a
// literal the field would refuse (not a choice, out of bounds: the check the builder itself makes).
import type { FieldSchema } from '../model/types';
import { defaultProblem } from '../safety/check-default';
import type { XlsFormIssue } from './types';

/** What became of a `default` cell: the value to set, or why it was not kept. */
export type DefaultOutcome = { value: NonNullable<FieldSchema['default']> } | { issue: Pick<XlsFormIssue, 'code' | 'severity' | 'message'> };

function literal(text: string, schema: FieldSchema): FieldSchema['default'] | undefined {
  if (/[${}()]/.test(text)) return undefined;
  const unquoted = /^'(.*)'$|^"(.*)"$/.exec(text);
  const value = unquoted ? (unquoted[1] ?? unquoted[2] ?? '') : text;
  switch (schema.type) {
    case 'integer':
    case 'number':
      return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined;
    case 'boolean':
      return /^(ok|yes|true|1)$/i.test(value) ? true : /^(no|false|0)$/i.test(value) ? false : undefined;
    case 'array':
      return value.split(/\s+/).filter(Boolean);
    default:
      return value;
  }
}

/** The default of a `default` cell for `schema` (undefined when the cell is empty). */
export function defaultFromCell(cell: string | undefined, schema: FieldSchema, inRepeat = false): DefaultOutcome | undefined {
  const text = cell?.trim();
  if (!text) return undefined;
  const issue = (code: XlsFormIssue['code'], en: string, km: string): DefaultOutcome => ({ issue: { code, severity: 'warning', message: { en, km } } });
  if (inRepeat) return issue('XLSFORM_CHANGED', 'The default is not kept: questions inside a repeat have no default answer in SA Studio yet.', 'តម្លៃលំនាំដើមមិនត្រូវបានរក្សាទុកទេ៖ សំណួរក្នុងក្រុមដដែលៗមិនទាន់មានចម្លើយលំនាំដើមនៅក្នុង SA Studio ទេ។');
  if (schema['x-calculate']) return issue('XLSFORM_CHANGED', 'The default is not kept: the field is calculated.', 'តម្លៃលំនាំដើមមិនត្រូវបានរក្សាទុកទេ៖ វាលនេះត្រូវបានគណនា។');
  const value = literal(text, schema);
  if (value === undefined) return issue('XLSFORM_UNSUPPORTED_EXPRESSION', `The default "${text}" is not kept: only a fixed answer can be a default (not an expression such as today()).`, `តម្លៃលំនាំដើម "${text}" មិនត្រូវបានរក្សាទុកទេ៖ មានតែចម្លើយថេរប៉ុណ្ណោះដែលអាចជាលំនាំដើម (មិនមែនកន្សោមដូចជា today() ទេ)។`);
  const problem = defaultProblem({ ...schema, default: value });
  if (problem) return issue('XLSFORM_CHANGED', `The default "${text}" is not kept: ${problem.en}.`, `តម្លៃលំនាំដើម "${text}" មិនត្រូវបានរក្សាទុកទេ៖ ${problem.km}។`);
  return { value };
}
