// Why: the data page's REST client for importing records (POST /admin/forms/<key>/data with the file
// as the body; dryRun first to show the matching), and the refused rows as a CSV to download. The
// answer's shape is the server's own type, imported.
import type { Fetch } from '$lib/api';
import type { DataImportResult } from '../../../server/submissions/data-import.service';

export type { DataImportResult };

const TYPES: Record<string, string> = { csv: 'text/csv', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', zip: 'application/zip' };

export const importableData = (name: string) => !!TYPES[name.toLowerCase().split('.').pop() ?? ''];

export type DataImportAnswer =
	| { kind: 'done'; result: DataImportResult }
	| { kind: 'network' }
	| { kind: 'refused'; code?: string; message?: string; messageKm?: string };

export async function importRecords(key: string, file: File, options: { dryRun: boolean; mapping?: Record<string, string> }, fetchFn: Fetch = fetch): Promise<DataImportAnswer> {
	const query = new URLSearchParams();
	if (options.dryRun) query.set('dryRun', '1');
	if (options.mapping) query.set('mapping', JSON.stringify(options.mapping));
	let response: Response;
	try {
		response = await fetchFn(`/admin/forms/${encodeURIComponent(key)}/data?${query}`, {
			method: 'POST',
			credentials: 'same-origin',
			headers: { 'content-type': TYPES[file.name.toLowerCase().split('.').pop() ?? ''] ?? 'application/octet-stream', accept: 'application/json' },
			body: file,
		});
	} catch {
		return { kind: 'network' };
	}
	const body = (await response.json().catch(() => ({}))) as DataImportResult & { code?: string; message?: string; messageKm?: string };
	return response.ok ? { kind: 'done', result: body } : { kind: 'refused', ...(body.code ? { code: body.code } : {}), ...(body.message ? { message: body.message } : {}), ...(body.messageKm ? { messageKm: body.messageKm } : {}) };
}

const cell = (v: string | number | null) => (v === null ? '' : /[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

/** The refused rows as CSV (row, id, code, field, reason in the page's language), UTF-8 with a BOM for Excel. */
export function refusedCsv(result: DataImportResult, lang: 'km' | 'en'): string {
	const lines = [['row', 'id', 'code', 'field', 'reason'].join(',')];
	for (const r of result.refused) for (const e of r.errors) lines.push([r.row, r.id, r.code, e.path, e.message[lang]].map(cell).join(','));
	return `\uFEFF${lines.join('\r\n')}\r\n`;
}
