// Why: the state of a multi-file geography import (files run one after the other in level order,
// each job polled until it ends) as a runes class, so the import form and its progress and result
// views share one source of truth and the route file stays thin.
import { dictionary, format, type Lang } from '$lib/i18n';
import { importable, pollGeoImport, startGeoImport, type ImportError, type ImportJob } from './import-client';

export interface FileRun {
	name: string;
	state: 'waiting' | 'running' | 'done' | 'failed' | 'skipped';
	job: ImportJob | null;
}

const YAML_ORDER = ['provinces', 'districts', 'communes', 'villages'];
const POLL_MS = 400;
const MAX_POLL_FAILURES = 10;

function order(file: File): number {
	const base = file.name.toLowerCase().replace(/\.(ya?ml|csv|xlsx)$/, '');
	const i = YAML_ORDER.indexOf(base);
	return i === -1 ? YAML_ORDER.length : i;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class GeoImportRun {
	runs = $state<FileRun[]>([]);
	running = $state(false);
	message = $state<string | null>(null);
	finished = $state(false);

	readonly current = $derived(this.runs.findIndex((r) => r.state === 'running'));
	readonly percent = $derived.by(() => {
		if (this.runs.length === 0) return 0;
		let sum = 0;
		for (const r of this.runs) {
			if (r.state === 'done' || r.state === 'failed' || r.state === 'skipped') sum += 1;
			else if (r.state === 'running' && r.job && r.job.total > 0) sum += Math.min(1, r.job.done / r.job.total);
		}
		return Math.round((sum / this.runs.length) * 100);
	});
	readonly totals = $derived(
		this.runs.reduce(
			(acc, r) => {
				if (r.state === 'done' && r.job) {
					acc.added += r.job.added;
					acc.updated += r.job.updated;
					acc.unchanged += r.job.unchanged;
					acc.retired += r.job.retired;
				}
				return acc;
			},
			{ added: 0, updated: 0, unchanged: 0, retired: 0 },
		),
	);
	readonly failedRun = $derived(this.runs.find((r) => r.state === 'failed'));
	readonly errors = $derived<ImportError[]>((this.failedRun?.job?.errors ?? []).map((e) => ({ ...e, file: e.file ?? this.failedRun?.name })));

	/** `lang` is read when a message is made, so it follows the page's language. */
	private readonly lang: () => Lang;

	constructor(lang: () => Lang) {
		this.lang = lang;
	}

	private texts() {
		const t = dictionary(this.lang());
		return { t, g: t.admin.geo };
	}

	private async runFile(run: FileRun, file: File, complete: boolean): Promise<boolean> {
		const { t, g } = this.texts();
		run.state = 'running';
		const answer = await startGeoImport(file, complete);
		if (answer.kind === 'network') {
			this.message = t.admin.common.network;
			run.state = 'failed';
			return false;
		}
		if (answer.kind === 'refused') {
			if (answer.code === 'IMPORT_RUNNING' || answer.code === 'CONFLICT') this.message = g.running;
			else if (answer.code === 'FORBIDDEN') this.message = t.admin.common.forbidden;
			else this.message = (this.lang() === 'km' ? (answer.messageKm ?? answer.message) : answer.message) ?? `HTTP ${answer.status}`;
			const errors = answer.code === 'IMPORT_RUNNING' || answer.code === 'CONFLICT' || answer.code === 'FORBIDDEN' ? [] : answer.errors;
			run.job = { id: '', status: 'failed', phase: 'finished', done: 0, total: 0, added: 0, updated: 0, unchanged: 0, retired: 0, errors };
			run.state = 'failed';
			return false;
		}
		run.job = answer.job;
		let failures = 0;
		while (run.job.status === 'running') {
			await sleep(POLL_MS);
			try {
				run.job = await pollGeoImport(run.job.id);
				failures = 0;
			} catch {
				if (++failures > MAX_POLL_FAILURES) {
					this.message = t.admin.common.network;
					run.state = 'failed';
					return false;
				}
			}
		}
		run.state = run.job.status === 'done' ? 'done' : 'failed';
		return run.state === 'done';
	}

	/** Imports `files` in level order, stopping at the first failure; `after` runs when all ended. */
	async start(chosen: File[], complete: boolean, after: () => Promise<void>): Promise<void> {
		if (this.running) return;
		const { g } = this.texts();
		this.message = null;
		this.finished = false;
		const files = [...chosen];
		if (files.length === 0) {
			this.message = g.noFile;
			return;
		}
		const wrong = files.find((f) => !importable(f.name));
		if (wrong) {
			this.message = format(g.badType, { name: wrong.name });
			return;
		}
		files.sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name));
		this.runs = files.map((f) => ({ name: f.name, state: 'waiting', job: null }));
		this.running = true;
		try {
			for (let i = 0; i < files.length; i++) {
				const ok = await this.runFile(this.runs[i]!, files[i]!, complete);
				if (!ok) {
					for (const r of this.runs.slice(i + 1)) r.state = 'skipped';
					break;
				}
			}
		} finally {
			this.running = false;
			this.finished = true;
			await after();
		}
	}
}
