// Why: the fill page's record life as a runes class (load the stored record, mount formio with the
// pickers, autosave, check with the engine, queue and send, show refusals), so form-filler.svelte is
// the view only. Must be made while a component initialises (it starts an effect).
import { tick } from 'svelte';
import { goto } from '$app/navigation';
import { page } from '$app/state';
import type { FieldError } from '$lib/api';
import { withFaces } from '$lib/builder/faces';
import { RECORD_CHOICE } from '$lib/field/record-choice';
import { summaryFromFieldErrors, summaryFromFormio, toFormioErrors, type SummaryItem } from '$lib/form-errors';
import { loadRenderer } from '$lib/formio-loader';
import type { FormioStatic, FormioWebform } from '$lib/formio-types';
import { dictionary, format, pick, type Lang } from '$lib/i18n';
import { formioI18n } from '$lib/i18n/formio';
import { Autosave } from '$lib/offline/autosave';
import { sendNow } from '$lib/offline/outbox.svelte';
import { askPersistence } from '$lib/offline/persist';
import { offlineLists } from '$lib/offline/picker-lists';
import { discardRecord, getRecord, hasAnswers, queueRecord } from '$lib/offline/records';
import type { LocalRecord } from '$lib/offline/types';
import type { ChoiceForm } from '$lib/engine';
import type { PickerContext, PickerForm } from '$lib/pickers/attach';
import { PickerSource } from '$lib/pickers/source';
import type { DefinitionFull } from '$lib/queries';
import type { Notice } from './fill-notice.svelte';

export interface FillProps {
	definition: DefinitionFull;
	lang: Lang;
}

export class FormFill {
	private readonly props: () => FillProps;
	phase = $state<'loading' | 'ready' | 'done' | 'failed'>('loading');
	sending = $state(false);
	summary = $state<SummaryItem[]>([]);
	notice = $state<Notice | null>(null);
	savedAt = $state('');
	done = $state<{ record: LocalRecord; signIn: boolean } | null>(null);
	host = $state<HTMLDivElement>();
	top = $state<HTMLDivElement>();

	form: FormioWebform | null = null;
	private engine: typeof import('$lib/engine') | null = null;
	private detachPickers: (() => void) | null = null;
	private detachChoices: (() => void) | null = null;
	private detachMedia: (() => void) | null = null;
	private detachGps: (() => void) | null = null;
	private detachPrompts: (() => void) | null = null;
	private disposed = false;
	// Picker lists: the network when it answers, this device's copy otherwise (kept per page load).
	private readonly pickerSource = new PickerSource(offlineLists);
	private readonly pickerContext: PickerContext;
	private record: LocalRecord;
	private autosave: Autosave;

	constructor(props: () => FillProps, initial: LocalRecord) {
		this.props = props;
		this.pickerContext = $state<PickerContext>({ lang: props().lang, area: '' });
		$effect(() => {
			this.pickerContext.lang = this.props().lang;
		});
		this.record = initial;
		this.autosave = this.autosaveFor(initial, false);
	}

	private get t() {
		return dictionary(this.props().lang);
	}

	private autosaveFor(record: LocalRecord, stored: boolean): Autosave {
		return new Autosave(record, stored, () => (this.form && this.phase === 'ready' ? this.answers() : null), (first) => this.onSaved(first));
	}

	private answers(): Record<string, unknown> {
		return JSON.parse(JSON.stringify(this.form?.data ?? {})) as Record<string, unknown>;
	}

	/**
	 * Keeps `?record=<id>` in the address once the record is stored, so a reload (or a language
	 * switch) continues it. A real navigation, so the router agrees; the page keys the filler on the
	 * record id, so this component (and the typing in it) stays.
	 */
	private pinUrl() {
		if (page.url.searchParams.get('record') === this.record.id) return;
		const url = new URL(page.url);
		url.searchParams.delete('new');
		url.searchParams.set('record', this.record.id);
		void goto(url, { replaceState: true, noScroll: true, keepFocus: true });
	}

	private onSaved(first: boolean) {
		this.savedAt = new Date().toISOString();
		if (first) {
			this.pinUrl();
			void askPersistence().catch(() => undefined);
		}
	}

	private async mountForm(data: Record<string, unknown>) {
		const { definition, lang } = this.props();
		const [formioModule, engineModule, pickers] = await loadRenderer();
		this.engine = engineModule;
		const Formio = (formioModule as unknown as { Formio: FormioStatic }).Formio;
		if (!this.host) return;
		const created = await Formio.createForm(this.host, withFaces(engineModule.formFor(definition.schema, lang)), {
			language: lang,
			i18n: formioI18n(lang),
			noAlerts: true,
			buttonSettings: { showCancel: false, showSubmit: false },
		});
		if (this.disposed) {
			created.destroy(true);
			return;
		}
		created.nosubmit = true;
		// A new form starts with the default answers; a stored draft or record keeps exactly its own.
		const starting = hasAnswers(data) ? data : engineModule.startingAnswers(definition.schema);
		if (hasAnswers(starting)) await created.setSubmission({ data: starting });
		created.on('change', (...args: unknown[]) => {
			if (args[2] === true) this.autosave.changed();
		});
		this.form = created;
		this.detachPickers = pickers.attachPickers(created as unknown as PickerForm, this.host, this.pickerContext, this.pickerSource);
		// Cascading choices: only the options offered for the answers so far (engine, as the server decides).
		this.detachChoices = engineModule.attachChoiceFilters(created as unknown as ChoiceForm);
		// Photos, signatures, recordings: kept on the phone, their ids in the answers (web/lib/media).
		const media = await import('$lib/media/attach-media');
		if (this.disposed || !this.host) return;
		this.detachMedia = media.attachMedia(created as unknown as PickerForm, this.host, { lang, definitionKey: definition.key, definitionVersion: definition.version });
		// GPS points: the "Record location" button over the hidden parts (web/lib/gps).
		const gps = await import('$lib/gps/attach-gps');
		if (this.disposed || !this.host) return;
		this.detachGps = gps.attachGps(created as unknown as PickerForm, this.host, lang);
		// Recorded questions: a "Listen" button in the chosen language of the recordings (web/lib/prompts).
		const prompts = await import('$lib/prompts/attach-prompts');
		if (this.disposed || !this.host) return;
		this.detachPrompts = prompts.attachPrompts(created as unknown as PickerForm, this.host, lang);
	}

	private showFieldErrors(errors: FieldError[], text: string) {
		const { definition, lang } = this.props();
		if (errors.length) this.form?.showErrors(toFormioErrors(errors, lang), true);
		this.summary = summaryFromFieldErrors(errors, definition.schema, lang);
		this.notice = { kind: 'error', text };
	}

	private showRefusal(r: LocalRecord) {
		if (!r.refusal) return;
		const t = this.t;
		const text = r.refusal.status === 'CONFLICT' ? t.fill.conflictRefused : format(t.fill.refused, { message: pick(r.refusal.message, this.props().lang) });
		this.showFieldErrors(r.refusal.errors, text);
	}

	/** The onMount work: the stored record (if any), formio, the page-hide flush; answers the clean-up. */
	start(): () => void {
		(async () => {
			try {
				const found = await getRecord(this.record.id).catch(() => undefined);
				const fresh = found ?? this.record;
				this.record = fresh;
				this.autosave = this.autosaveFor(fresh, found !== undefined);
				if (found) this.pinUrl();
				await this.mountForm(fresh.data);
				if (this.disposed) return;
				this.phase = 'ready';
				if (fresh.state === 'refused') this.showRefusal(fresh);
				else if (hasAnswers(fresh.data)) {
					this.notice = { kind: 'info', text: this.t.fill.draftRestored };
					this.savedAt = fresh.updatedAt;
				}
			} catch (cause) {
				console.error('form failed to load', cause);
				if (!this.disposed) this.phase = 'failed';
			}
		})();
		const onHide = () => {
			if (this.autosave.pending) void this.autosave.flush();
		};
		const onVisibility = () => {
			if (document.visibilityState === 'hidden') onHide();
		};
		addEventListener('pagehide', onHide);
		document.addEventListener('visibilitychange', onVisibility);
		return () => {
			this.disposed = true;
			removeEventListener('pagehide', onHide);
			document.removeEventListener('visibilitychange', onVisibility);
			void this.autosave.flush();
			this.detachPickers?.();
			this.detachChoices?.();
			this.detachMedia?.();
			this.detachGps?.();
			this.detachPrompts?.();
			this.form?.destroy(true);
			this.form = null;
		};
	}

	private async showTop() {
		await tick();
		this.top?.scrollIntoView({ behavior: 'smooth', block: 'start' });
	}

	/** Drops the errors put on fields by showErrors (engine or server): formio keeps them otherwise. */
	private clearShownErrors() {
		(this.form as unknown as PickerForm | null)?.everyComponent((component) => {
			const c = component as { serverErrors?: unknown[]; setCustomValidity?: (messages: unknown[], dirty: boolean) => void };
			c.serverErrors = [];
			c.setCustomValidity?.([], false);
		});
	}

	async send() {
		const form = this.form;
		const engine = this.engine;
		if (!form || !engine || this.sending) return;
		const t = this.t;
		this.sending = true;
		this.notice = null;
		this.summary = [];
		this.clearShownErrors();
		try {
			let data: Record<string, unknown>;
			try {
				data = (await form.submit()).data ?? form.data;
			} catch (formioErrors) {
				this.summary = summaryFromFormio(formioErrors);
				this.notice = { kind: 'error', text: t.fill.fixErrors };
				return;
			}
			const verdict = engine.check(this.props().definition.schema, data);
			if (verdict.errors.length) {
				this.showFieldErrors(verdict.errors, t.fill.fixErrors);
				return;
			}
			await this.autosave.flush();
			const queued = await queueRecord(this.record, verdict.data);
			this.record = queued;
			// Online the outbox goes now, so the answer is usually known before this returns.
			const outcome = await sendNow();
			const after = (await getRecord(queued.id)) ?? queued;
			this.record = after;
			if (after.state === 'refused') {
				this.showRefusal(after);
				return;
			}
			this.done = { record: after, signIn: outcome.kind === 'unauthenticated' };
			this.phase = 'done';
		} catch (cause) {
			console.error(cause);
			this.notice = { kind: 'error', text: format(t.fill.failed, { message: String(cause) }) };
		} finally {
			this.sending = false;
			if (this.phase !== 'done' && (this.notice || this.summary.length)) await this.showTop();
		}
		if (this.phase === 'done') {
			await tick();
			scrollTo({ top: 0 });
		}
	}

	async startOver() {
		if (!confirm(this.t.fill.confirmStartOver)) return;
		await this.autosave.cancel();
		await discardRecord(this.record.id);
		await goto(`/forms/${encodeURIComponent(this.props().definition.key)}?new`, { replaceState: true, invalidate: [RECORD_CHOICE] });
	}

	// `?new` may already be the address (a record sent before its first autosave): invalidate the
	// record choice so a new record is started in any case.
	async fillAnother() {
		await goto(`/forms/${encodeURIComponent(this.props().definition.key)}?new`, { invalidate: [RECORD_CHOICE] });
	}
}
