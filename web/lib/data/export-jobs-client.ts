// Why: the data page's REST client for exports made in the background (issue 14, Measure): POST
// /export/<key>.<format>/jobs with the same query as the direct download starts a job (202); GET
// /export/jobs/<id> polls it; GET /export/jobs?form=<key> lists the caller's recent ones; the file is
// the job's `download` address. The answers' shapes are the server's own types, imported.
import type { Fetch } from '$lib/api';
import type { ExportJob } from '../../../server/exports/export-jobs';

export type { ExportJob };

export type ExportRefusal = { kind: 'network' } | { kind: 'refused'; code?: string; message?: string; messageKm?: string };
export type ExportStart = { kind: 'started'; job: ExportJob } | ExportRefusal;

const json = { accept: 'application/json' };

/** `href` is the direct download's address (/export/<key>.<format>?…): the job takes the same query. */
export async function startExportJob(href: string, fetchFn: Fetch = fetch): Promise<ExportStart> {
	const [path, query = ''] = href.split('?');
	try {
		// A JSON body: cookie-authenticated writes need it (CSRF); the server reads only the query.
		const response = await fetchFn(`${path}/jobs?${query}`, { method: 'POST', credentials: 'same-origin', headers: { ...json, 'content-type': 'application/json' }, body: '{}' });
		const body = (await response.json().catch(() => ({}))) as ExportJob & { code?: string; message?: string; messageKm?: string };
		if (response.status === 202) return { kind: 'started', job: body };
		return { kind: 'refused', ...(body.code ? { code: body.code } : {}), ...(body.message ? { message: body.message } : {}), ...(body.messageKm ? { messageKm: body.messageKm } : {}) };
	} catch {
		return { kind: 'network' };
	}
}

/** The job as it stands now; throws on a network failure or a non-2xx answer (the caller retries). */
export async function pollExportJob(id: string, fetchFn: Fetch = fetch): Promise<ExportJob> {
	const response = await fetchFn(`/export/jobs/${encodeURIComponent(id)}`, { credentials: 'same-origin', headers: json });
	if (!response.ok) throw new Error(String(response.status));
	return (await response.json()) as ExportJob;
}

/** The caller's newest export jobs of the form (none on any failure: the list is a convenience). */
export async function recentExportJobs(key: string, fetchFn: Fetch = fetch): Promise<ExportJob[]> {
	try {
		const response = await fetchFn(`/export/jobs?form=${encodeURIComponent(key)}`, { credentials: 'same-origin', headers: json });
		return response.ok ? ((await response.json()) as { jobs: ExportJob[] }).jobs : [];
	} catch {
		return [];
	}
}
