// Why: the data page's REST client for importing records: POST /admin/forms/<key>/data with the file
// as the body (dryRun first to show the matching, answered at once), which starts a background job
// (202); GET /admin/forms/<key>/data/jobs/<id> polls it; the refused rows are a CSV download of the
// job (its `report` address). The answers' shapes are the server's own types, imported.
import type { Fetch } from '$lib/api';
import type { DataImportJob } from '../../../server/submissions/data-import-jobs';
import type { DataImportResult } from '../../../server/submissions/data-import.service';

export type { DataImportJob, DataImportResult };

const TYPES: Record<string, string> = { csv: 'text/csv', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', zip: 'application/zip' };

export const importableData = (name: string) => !!TYPES[name.toLowerCase().split('.').pop() ?? ''];

export type Refusal = { kind: 'network' } | { kind: 'refused'; code?: string; message?: string; messageKm?: string };
export type PreviewAnswer = { kind: 'preview'; result: DataImportResult } | Refusal;
export type StartAnswer = { kind: 'started'; job: DataImportJob } | Refusal;

async function post(key: string, file: File, query: URLSearchParams, fetchFn: Fetch): Promise<{ status: number; body: unknown } | null> {
	try {
		const response = await fetchFn(`/admin/forms/${encodeURIComponent(key)}/data?${query}`, {
			method: 'POST',
			credentials: 'same-origin',
			headers: { 'content-type': TYPES[file.name.toLowerCase().split('.').pop() ?? ''] ?? 'application/octet-stream', accept: 'application/json' },
			body: file,
		});
		return { status: response.status, body: await response.json().catch(() => ({})) };
	} catch {
		return null;
	}
}

function refusal(body: unknown): Refusal {
	const b = body as { code?: string; message?: string; messageKm?: string };
	return { kind: 'refused', ...(b.code ? { code: b.code } : {}), ...(b.message ? { message: b.message } : {}), ...(b.messageKm ? { messageKm: b.messageKm } : {}) };
}

/** The dry run: how the file's columns match the form's questions (nothing is stored). */
export async function previewRecords(key: string, file: File, fetchFn: Fetch = fetch): Promise<PreviewAnswer> {
	const answer = await post(key, file, new URLSearchParams({ dryRun: '1' }), fetchFn);
	if (!answer) return { kind: 'network' };
	return answer.status === 200 ? { kind: 'preview', result: answer.body as DataImportResult } : refusal(answer.body);
}

/** Starts the import with the matching as the officer left it; the job runs on the server. */
export async function startRecordsImport(key: string, file: File, mapping: Record<string, string>, fetchFn: Fetch = fetch): Promise<StartAnswer> {
	const answer = await post(key, file, new URLSearchParams({ mapping: JSON.stringify(mapping) }), fetchFn);
	if (!answer) return { kind: 'network' };
	return answer.status === 202 ? { kind: 'started', job: answer.body as DataImportJob } : refusal(answer.body);
}

/** The job as it stands now; throws on a network failure or a non-2xx answer (the caller retries). */
export async function pollRecordsImport(key: string, id: string, fetchFn: Fetch = fetch): Promise<DataImportJob> {
	const poll = await fetchFn(`/admin/forms/${encodeURIComponent(key)}/data/jobs/${encodeURIComponent(id)}`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
	if (!poll.ok) throw new Error(String(poll.status));
	return (await poll.json()) as DataImportJob;
}
