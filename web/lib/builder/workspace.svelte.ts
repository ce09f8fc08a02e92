// Why: the form builder's editing state as a runes class: formio's builder instance, our working copy
// of the Form.io JSON, the selection, problems, save state and the version list, with the edits and
// saving. builder-workspace.svelte lays it out; publishing.svelte.ts adds preview/publish/history.
import { tick } from 'svelte';
import { DefinitionError, eventDateKeys, fromFormio, toFormio, type Definition, type FormioForm } from '$engine';
import { errorMessage, isApiError } from '$lib/api';
import type { DefinitionSchema } from '$lib/definition';
import type { FormioStatic } from '$lib/formio-types';
import { withCalculationOperations } from '$lib/formio-operations';
import { dictionary, format, type Lang } from '$lib/i18n';
import { builderEn } from '$lib/i18n/builder-en';
import { builderKm } from '$lib/i18n/builder-km';
import { builderOptions } from './builder-options';
import { decorateCanvas } from './canvas-decor';
import { addField, clone, prepared } from './form-edits';
import { locate } from './form-model';
import type { PaletteId } from './palette';
import { locateProblems, type Problem, type RawProblem } from './problems';
import { saveDraft, type VersionInfo } from './queries';

export interface FormioBuilder {
	form: FormioForm;
	setForm(form: FormioForm): Promise<unknown>;
	on(event: string, listener: (...args: unknown[]) => void): void;
	destroy(): void;
}

export interface WorkspaceProps {
	definitionKey: string;
	lang: Lang;
}

const WORDS = { km: builderKm, en: builderEn };

export class Workspace {
	private readonly props: () => WorkspaceProps;
	current = $state<{ version: number; status: string }>({ version: 0, status: '' });
	versions = $state<VersionInfo[]>([]);
	phase = $state<'loading' | 'ready' | 'failed'>('loading');
	rev = $state(0);
	selectedKey = $state<string | null>(null);
	dirty = $state(false);
	busy = $state(false);
	notice = $state<{ kind: 'success' | 'error' | 'info'; text: string } | null>(null);
	problems = $state<Problem[]>([]);
	host = $state<HTMLDivElement>();
	builder = $state<FormioBuilder | null>(null);
	/** Our working copy of the Form.io JSON (formio skips setForm when handed its own, mutated object). */
	working = $state.raw<FormioForm | null>(null);
	Formio = $state<FormioStatic | null>(null);

	readonly t = $derived.by(() => dictionary(this.props().lang).builder);
	readonly located = $derived.by(() => {
		void this.rev;
		return this.working && this.selectedKey ? locate(this.working, this.selectedKey) : undefined;
	});
	/** The server gives records of a form without a date field the day they are sent as their period. */
	readonly noEventDate = $derived.by(() => {
		void this.rev;
		if (!this.working) return false;
		try {
			return eventDateKeys(fromFormio(this.prepared())).length === 0;
		} catch {
			return false; // an unfinished form: its problems are shown when saving
		}
	});
	readonly lastPublished = $derived.by(() =>
		this.versions.filter((v) => v.status !== 'DRAFT' && v.version < this.current.version).reduce<number | null>((m, v) => Math.max(m ?? 0, v.version), null),
	);

	constructor(props: () => WorkspaceProps, version: number, status: string, versions: VersionInfo[]) {
		this.props = props;
		this.current = { version, status };
		this.versions = [...versions];
	}

	/** Loads formio (browser only) and its builder on `host`; answers the clean-up. */
	start(schema: DefinitionSchema): () => void {
		let disposed = false;
		const { lang } = this.props();
		(async () => {
			try {
				// Calculations in the canvas use the engine's named operations (median, …).
				await withCalculationOperations();
				const module = (await import('@formio/js')) as unknown as {
					Formio: FormioStatic & { builder(el: HTMLElement, form: unknown, options: unknown): Promise<FormioBuilder> };
				};
				if (disposed || !this.host) return;
				this.Formio = module.Formio;
				const form = toFormio(schema as unknown as Definition, lang);
				const created = await module.Formio.builder(this.host, form, { ...builderOptions(lang, WORDS), editJson: false });
				if (disposed) return created.destroy();
				this.builder = created;
				this.working = clone(created.form);
				for (const event of ['saveComponent', 'removeComponent', 'addComponent', 'moveComponent']) {
					created.on(event, () => {
						this.working = clone(created.form);
						this.changed(false);
					});
				}
				created.on('change', () => {
					const next = JSON.stringify(created.form);
					if (next === JSON.stringify(this.working)) return;
					this.working = JSON.parse(next) as FormioForm;
					this.changed(false);
				});
				created.on('removeComponent', (...args: unknown[]) => {
					const removed = args[0] as { key?: string } | undefined;
					if (removed?.key === this.selectedKey) this.selectedKey = null;
				});
				this.phase = 'ready';
				this.decorate();
			} catch (cause) {
				console.error('builder failed to load', cause);
				if (!disposed) this.phase = 'failed';
			}
		})();
		const beforeUnload = (e: BeforeUnloadEvent) => {
			if (this.dirty) e.preventDefault();
		};
		addEventListener('beforeunload', beforeUnload);
		return () => {
			disposed = true;
			removeEventListener('beforeunload', beforeUnload);
			this.builder?.destroy();
		};
	}

	decorate() {
		decorateCanvas(() => ({ host: this.host, working: this.working, selectedKey: this.selectedKey, problems: this.problems, helpLabel: this.t.field.helpLink }));
	}

	/** Selects a field (null: the form's settings) and marks it in the canvas. */
	select(key: string | null) {
		this.selectedKey = key;
		this.rev++;
		this.decorate();
	}

	changed(render: boolean) {
		this.dirty = true;
		this.notice = null;
		this.rev++;
		if (render) void this.rerender();
		else this.decorate();
	}

	private async rerender() {
		if (!this.builder || !this.working) return;
		await this.builder.setForm(clone(this.working));
		this.rev++;
		this.decorate();
	}

	add(id: PaletteId) {
		if (!this.working) return;
		this.selectedKey = addField(this.working, id, this.selectedKey, this.props().lang, WORDS);
		this.changed(true);
	}

	move(delta: -1 | 1) {
		const at = this.located;
		if (!at) return;
		const to = at.index + delta;
		if (to < 0 || to >= at.siblings.length) return;
		const [item] = at.siblings.splice(at.index, 1);
		if (item) at.siblings.splice(to, 0, item);
		this.changed(true);
	}

	remove() {
		const at = this.located;
		if (!at) return;
		at.siblings.splice(at.index, 1);
		this.selectedKey = null;
		this.changed(true);
	}

	prepared(): FormioForm {
		return prepared(this.working, this.props().lang);
	}

	private showProblems(form: FormioForm, raw: RawProblem[]) {
		this.problems = locateProblems(form, raw, this.props().lang);
		const first = this.problems.find((p) => p.key);
		if (first?.key && !this.selectedKey) this.selectedKey = first.key;
		this.rev++;
		this.decorate();
	}

	/** The working form as a definition, or null after showing why it is not one yet. */
	toDefinition(): { form: FormioForm; definition: Definition } | null {
		const form = this.prepared();
		try {
			return { form, definition: fromFormio(form) };
		} catch (cause) {
			if (!(cause instanceof DefinitionError)) throw cause;
			this.showProblems(form, cause.problems);
			return null;
		}
	}

	failure(cause: unknown) {
		const t = this.t;
		if (isApiError(cause) && cause.code === 'NETWORK') this.notice = { kind: 'error', text: t.errors.network };
		else this.notice = { kind: 'error', text: format(t.errors.failed, { message: errorMessage(cause, this.props().lang) }) };
	}

	async save(): Promise<boolean> {
		if (!this.builder || this.busy) return false;
		this.busy = true;
		this.problems = [];
		this.notice = null;
		try {
			const converted = this.toDefinition();
			if (!converted) return false;
			try {
				const saved = await saveDraft(this.props().definitionKey, converted.definition);
				this.current = { version: saved.version, status: saved.status };
				if (!this.versions.some((v) => v.version === saved.version)) {
					this.versions = [...this.versions, { version: saved.version, status: saved.status, publishedAt: null, createdAt: new Date().toISOString() }];
				}
				this.dirty = false;
				this.notice = { kind: 'success', text: this.t.page.saved };
				this.decorate();
				return true;
			} catch (cause) {
				if (isApiError(cause) && cause.errors?.length) {
					this.showProblems(converted.form, cause.errors);
					return false;
				}
				this.failure(cause);
				return false;
			}
		} finally {
			this.busy = false;
			if (this.problems.length || this.notice?.kind === 'error') await tick();
		}
	}

	focusField(key: string) {
		this.select(key);
		this.host?.querySelector('.sa-selected')?.scrollIntoView({ block: 'center', behavior: 'smooth' });
	}
}
