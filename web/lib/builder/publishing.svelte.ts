// Why: the builder's dialogs' flows (preview the form, publish with the diff since the last published
// version, restore an old version from the history) beside the editing state in workspace.svelte.ts.
import { goto } from '$app/navigation';
import { fieldPaths } from '$engine';
import type { DefinitionSchema } from '$lib/definition';
import { format, formatNumber } from '$lib/i18n';
import { fetchDiff, newDraft, publish, retire, type DefinitionDiff } from './queries';
import type { Workspace, WorkspaceProps } from './workspace.svelte';

export interface PublishInfo {
	from: number | null;
	diff: DefinitionDiff | null;
	fields: Array<{ path: string; label: { km: string; en: string } }>;
}

export class Publishing {
	private readonly ws: Workspace;
	private readonly props: () => WorkspaceProps;
	previewDialog = $state<HTMLDialogElement>();
	previewSchema = $state<DefinitionSchema | null>(null);
	publishDialog = $state<HTMLDialogElement>();
	publishInfo = $state<PublishInfo | null>(null);
	historyDialog = $state<HTMLDialogElement>();

	constructor(ws: Workspace, props: () => WorkspaceProps) {
		this.ws = ws;
		this.props = props;
	}

	openPreview() {
		this.ws.problems = [];
		const converted = this.ws.toDefinition();
		if (!converted) return;
		this.previewSchema = converted.definition as unknown as DefinitionSchema;
		this.previewDialog?.showModal();
	}

	closePreview() {
		this.previewDialog?.close();
		this.previewSchema = null;
	}

	async startPublish() {
		const ws = this.ws;
		if (ws.dirty || ws.current.status !== 'DRAFT') {
			if (!(await ws.save())) return;
		}
		if (ws.current.status !== 'DRAFT') return;
		ws.busy = true;
		try {
			const from = ws.lastPublished;
			const diff = from ? await fetchDiff(this.props().definitionKey, from, ws.current.version) : null;
			const converted = from ? null : ws.toDefinition();
			const fields = converted ? fieldPaths(converted.definition).map((f) => ({ path: f.path, label: f.label })) : [];
			this.publishInfo = { from, diff, fields };
			this.publishDialog?.showModal();
		} catch (cause) {
			ws.failure(cause);
		} finally {
			ws.busy = false;
		}
	}

	async confirmPublish() {
		const ws = this.ws;
		const key = this.props().definitionKey;
		ws.busy = true;
		try {
			const done = await publish(key);
			this.publishDialog?.close();
			ws.dirty = false;
			await goto(`/builder/${encodeURIComponent(key)}?published=${done.version}`, { invalidateAll: true });
		} catch (cause) {
			this.publishDialog?.close();
			ws.failure(cause);
		} finally {
			ws.busy = false;
		}
	}

	/** Retires the published form after asking: no new records; old ones, exports and feeds stay. */
	async retireForm() {
		const ws = this.ws;
		const { definitionKey: key, lang } = this.props();
		if (!confirm(format(ws.t.page.confirmRetire, { n: formatNumber(ws.current.version, lang) }))) return;
		ws.busy = true;
		try {
			const done = await retire(key);
			ws.dirty = false;
			await goto(`/builder/${encodeURIComponent(key)}?retired=${done.version}`, { invalidateAll: true });
		} catch (cause) {
			ws.failure(cause);
		} finally {
			ws.busy = false;
		}
	}

	async restore(version: number) {
		const ws = this.ws;
		const { definitionKey: key, lang } = this.props();
		if (!confirm(format(ws.t.history.confirmRestore, { n: formatNumber(version, lang) }))) return;
		ws.busy = true;
		try {
			await newDraft(key, version);
			this.historyDialog?.close();
			ws.dirty = false;
			await goto(`/builder/${encodeURIComponent(key)}?restored=${version}`, { invalidateAll: true });
		} catch (cause) {
			this.historyDialog?.close();
			ws.failure(cause);
		} finally {
			ws.busy = false;
		}
	}
}
