// Why: the builder's REST client for XLSForm import (POST /admin/forms/import with the file as the
// body), out of the dialog so the dialog only shows state. The answer and report shapes are the
// server's own types, imported, not redeclared.
import type { Fetch, FieldError } from '$lib/api';
import type { XlsFormImportResult } from '../../../server/definitions/xlsform-import.service';

export type XlsFormIssue = XlsFormImportResult['issues'][number];
export type { XlsFormImportResult };

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The problem body of a refused import; `errors` carry the report rows for IMPORT_INVALID. */
export type ImportAnswer =
	| { kind: 'imported'; result: XlsFormImportResult }
	| { kind: 'network' }
	| { kind: 'refused'; status: number; code?: string; message?: string; messageKm?: string; errors: Array<FieldError & { file?: string; row?: number }> };

export async function importXlsForm(file: File, options: { key?: string; replace?: boolean }, fetchFn: Fetch = fetch): Promise<ImportAnswer> {
	const query = new URLSearchParams({ name: file.name });
	if (options.key) query.set('key', options.key);
	if (options.replace) query.set('replace', '1');
	let response: Response;
	try {
		response = await fetchFn(`/admin/forms/import?${query}`, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': XLSX_TYPE, accept: 'application/json' }, body: file });
	} catch {
		return { kind: 'network' };
	}
	if (response.status === 201) return { kind: 'imported', result: (await response.json()) as XlsFormImportResult };
	try {
		const body = (await response.json()) as { code?: string; message?: string; messageKm?: string; errors?: Array<FieldError & { file?: string; row?: number }> };
		return { kind: 'refused', status: response.status, ...body, errors: body.errors ?? [] };
	} catch {
		return { kind: 'refused', status: response.status, errors: [] };
	}
}
