// Why: the geography page's REST client for gazetteer imports (POST /admin/geo/import starts a job,
// GET /admin/geo/import/<id> polls it), out of the page so the page only shows state. The job and
// error shapes are the server's own types (server/geo), imported, not redeclared.
import type { Fetch } from '$lib/api';
import type { GeoImportError } from '../../../server/geo/geo-codes';
import type { GeoImportJob } from '../../../server/geo/geo-jobs';

export type ImportError = GeoImportError;
/** What the page reads of a job. */
export type ImportJob = Pick<GeoImportJob, 'id' | 'status' | 'phase' | 'done' | 'total' | 'added' | 'updated' | 'unchanged' | 'retired' | 'errors'>;

/** The answer to starting an import: the job, a network failure, or the server's refusal (problem body). */
export type StartAnswer =
	| { kind: 'started'; job: ImportJob }
	| { kind: 'network' }
	| { kind: 'refused'; status: number; code?: string; message?: string; messageKm?: string; errors: ImportError[] };

const TYPES: Record<string, string> = {
	yml: 'text/yaml',
	yaml: 'text/yaml',
	csv: 'text/csv',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export const extension = (name: string) => name.toLowerCase().split('.').pop() ?? '';

/** True for the file types the server imports (YAML, CSV, XLSX). */
export const importable = (name: string) => !!TYPES[extension(name)];

/** Starts one file's import; `complete` says the file lists its levels completely (others retire). */
export async function startGeoImport(file: File, complete: boolean, fetchFn: Fetch = fetch): Promise<StartAnswer> {
	let response: Response;
	try {
		response = await fetchFn(`/admin/geo/import?complete=${complete ? 'true' : 'false'}`, {
			method: 'POST',
			credentials: 'same-origin',
			headers: { 'content-type': TYPES[extension(file.name)] ?? 'application/octet-stream', accept: 'application/json' },
			body: file,
		});
	} catch {
		return { kind: 'network' };
	}
	if (response.status === 202) return { kind: 'started', job: (await response.json()) as ImportJob };
	try {
		const body = (await response.json()) as { code?: string; message?: string; messageKm?: string; errors?: ImportError[] };
		return { kind: 'refused', status: response.status, ...body, errors: body.errors ?? [] };
	} catch {
		return { kind: 'refused', status: response.status, errors: [] };
	}
}

/** The job as it stands now; throws on a network failure or a non-2xx answer. */
export async function pollGeoImport(id: string, fetchFn: Fetch = fetch): Promise<ImportJob> {
	const poll = await fetchFn(`/admin/geo/import/${encodeURIComponent(id)}`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
	if (!poll.ok) throw new Error(String(poll.status));
	return (await poll.json()) as ImportJob;
}
