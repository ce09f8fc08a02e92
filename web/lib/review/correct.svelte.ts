// Why: the correction page's life as a runes class (mount the record's own form version with formio,
// prefilled, with the pickers; check with the engine; send updateSubmission with the version the page
// was opened at), so correct-form.svelte is the view. No outbox or autosave: a correction is online.
import { tick } from 'svelte';
import { ApiError } from '$lib/api';
import { withFaces } from '$lib/builder/faces';
import type { DefinitionSchema } from '$lib/definition';
import { summaryFromFieldErrors, summaryFromFormio, toFormioErrors, type SummaryItem } from '$lib/form-errors';
import { loadRenderer } from '$lib/formio-loader';
import type { FormioStatic, FormioWebform } from '$lib/formio-types';
import { dictionary, type Lang } from '$lib/i18n';
import { formioI18n } from '$lib/i18n/formio';
import { offlineLists } from '$lib/offline/picker-lists';
import type { ChoiceForm } from '$lib/engine';
import type { PickerContext, PickerForm } from '$lib/pickers/attach';
import { PickerSource } from '$lib/pickers/source';
import type { Notice } from '$lib/components/fill-notice.svelte';
import { problemCode, problemText } from './problems';
import { correctSubmission } from './queries';

export interface CorrectProps {
	id: string;
	schema: DefinitionSchema;
	data: Record<string, unknown>;
	expectedVersion: number;
	lang: Lang;
	saved: () => void | Promise<void>;
}

export class CorrectForm {
	private readonly props: () => CorrectProps;
	phase = $state<'loading' | 'ready' | 'failed'>('loading');
	sending = $state(false);
	summary = $state<SummaryItem[]>([]);
	notice = $state<Notice | null>(null);
	/** The refusal's problem code (LOCKED, CONFLICT, VALIDATION_FAILED, …), for the page and tests. */
	refusal = $state('');
	host = $state<HTMLDivElement>();
	top = $state<HTMLDivElement>();
	form: FormioWebform | null = null;
	private engine: typeof import('$lib/engine') | null = null;
	private detach: (() => void) | null = null;
	private disposed = false;
	private readonly pickerSource = new PickerSource(offlineLists);
	private readonly pickerContext: PickerContext;

	constructor(props: () => CorrectProps) {
		this.props = props;
		this.pickerContext = $state<PickerContext>({ lang: props().lang, area: '' });
	}

	start(): () => void {
		void this.mount().catch((cause) => {
			console.error('correction form failed to load', cause);
			if (!this.disposed) this.phase = 'failed';
		});
		return () => {
			this.disposed = true;
			this.detach?.();
			this.form?.destroy(true);
			this.form = null;
		};
	}

	private async mount() {
		const { schema, data, lang } = this.props();
		const [formioModule, engine, pickers] = await loadRenderer();
		this.engine = engine;
		const Formio = (formioModule as unknown as { Formio: FormioStatic }).Formio;
		if (!this.host) return;
		const created = await Formio.createForm(this.host, withFaces(engine.formFor(schema, lang)), {
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
		await created.setSubmission({ data: structuredClone(data) });
		this.form = created;
		const detachPickers = pickers.attachPickers(created as unknown as PickerForm, this.host, this.pickerContext, this.pickerSource);
		// Cascading choices offer what the server accepts, as on the fill page.
		const detachChoices = engine.attachChoiceFilters(created as unknown as ChoiceForm);
		// GPS points: shown and recorded again with the same button as on the fill page (web/lib/gps).
		const gps = await import('$lib/gps/attach-gps');
		if (this.disposed || !this.host) {
			detachPickers();
			detachChoices();
			return;
		}
		const detachGps = gps.attachGps(created as unknown as PickerForm, this.host, lang);
		this.detach = () => {
			detachPickers();
			detachChoices();
			detachGps();
		};
		this.phase = 'ready';
	}

	private clearShownErrors() {
		(this.form as unknown as PickerForm | null)?.everyComponent((component) => {
			const c = component as { serverErrors?: unknown[]; setCustomValidity?: (messages: unknown[], dirty: boolean) => void };
			c.serverErrors = [];
			c.setCustomValidity?.([], false);
		});
	}

	async save() {
		const form = this.form;
		const engine = this.engine;
		if (!form || !engine || this.sending) return;
		const { id, schema, expectedVersion, lang } = this.props();
		const t = dictionary(lang);
		this.sending = true;
		this.notice = null;
		this.summary = [];
		this.refusal = '';
		this.clearShownErrors();
		try {
			let data: Record<string, unknown>;
			try {
				data = (await form.submit()).data ?? form.data;
			} catch (formioErrors) {
				this.summary = summaryFromFormio(formioErrors);
				this.notice = { kind: 'error', text: t.fill.fixErrors };
				this.refusal = 'VALIDATION_FAILED';
				return;
			}
			const verdict = engine.check(schema, data);
			if (verdict.errors.length) {
				form.showErrors(toFormioErrors(verdict.errors, lang), true);
				this.summary = summaryFromFieldErrors(verdict.errors, schema, lang);
				this.notice = { kind: 'error', text: t.review.errors.VALIDATION_FAILED! };
				this.refusal = 'VALIDATION_FAILED';
				return;
			}
			await correctSubmission(id, verdict.data as Record<string, unknown>, expectedVersion);
			await this.props().saved();
		} catch (cause) {
			this.refusal = problemCode(cause);
			const errors = cause instanceof ApiError ? (cause.errors ?? []) : [];
			if (this.refusal === 'VALIDATION_FAILED' && errors.length) {
				form.showErrors(toFormioErrors(errors, lang), true);
				this.summary = summaryFromFieldErrors(errors, schema, lang);
			}
			const text = this.refusal === 'VALIDATION_FAILED' ? t.review.errors.VALIDATION_FAILED! : problemText(cause, lang);
			this.notice = { kind: this.refusal === 'CONFLICT' ? 'warning' : 'error', text };
		} finally {
			this.sending = false;
			if (this.notice) {
				await tick();
				this.top?.scrollIntoView({ behavior: 'smooth', block: 'start' });
			}
		}
	}
}
