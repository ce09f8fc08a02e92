// Why: the indicator builder's editing state as a runes class (the model, what is saved, local checks,
// the edit helpers, save and publish), so the builder's steps are small components that share it and
// indicator-builder.svelte only lays them out. The server checks everything again on save.
import { goto, replaceState } from '$app/navigation';
import { errorMessage, isApiError } from '$lib/api';
import { publish, saveDraft } from '$lib/builder/queries';
import { format, type Lang } from '$lib/i18n';
import { KEY_RE, fieldsOf, keyFromPath, repeatsOf, sourceFields, toDefinition, type CategoryModel, type Model } from '../model';
import { keyExists, type FormDefinition, type PreviewProblem } from '../queries';
import type { IndicatorsDictionary } from '../texts';

/** What the builder is given: the page's props (read through a getter so they stay reactive). */
export interface EditorProps {
	forms: FormDefinition[];
	lang: Lang;
	t: IndicatorsDictionary;
}

export class IndicatorEditor {
	private readonly props: () => EditorProps;
	m = $state<Model>() as Model;
	saved = $state('');
	created = $state(false);
	draftVersion = $state<number | null>(null);
	busy = $state<'' | 'save' | 'publish'>('');
	notice = $state('');
	failure = $state('');
	keyProblem = $state('');
	confirming = $state(false);

	readonly b = $derived.by(() => this.props().t.builder);
	readonly schemas = $derived.by(() => new Map(this.props().forms.map((f) => [f.key, f.schema])));
	readonly fields = $derived.by(() => sourceFields(this.m.sources, this.schemas, this.props().lang));
	readonly numericFields = $derived(this.fields.filter((f) => f.numeric));
	readonly choiceFields = $derived(this.fields.filter((f) => f.options.length > 0));
	readonly definition = $derived(toDefinition(this.m, this.fields));
	readonly dirty = $derived(JSON.stringify(this.m) !== this.saved);

	/** Checks made before asking the server (key, titles, a form per source). */
	readonly localProblems = $derived.by(() => {
		const b = this.b;
		const out: PreviewProblem[] = [];
		if (!this.created && !KEY_RE.test(this.m.key)) out.push({ code: 'LOCAL', path: 'key', message: { en: b.keyInvalid, km: b.keyInvalid } });
		if (!this.m.titleKm.trim() || !this.m.titleEn.trim()) out.push({ code: 'LOCAL', path: 'x-title', message: { en: b.missingTitle, km: b.missingTitle } });
		if (this.m.sources.some((s) => !s.form)) out.push({ code: 'LOCAL', path: 'sources', message: { en: b.needForm, km: b.needForm } });
		return out;
	});

	constructor(props: () => EditorProps, initial: Model, isNew: boolean, version: number | null, status: string | null) {
		this.props = props;
		this.m = structuredClone(initial);
		this.saved = JSON.stringify(initial);
		this.created = !isNew;
		this.draftVersion = status === 'DRAFT' ? version : null;
	}

	/** A problem's message in the UI language. */
	readonly msg = (p: PreviewProblem) => p.message[this.props().lang] || p.message.en;

	// ---------- editing helpers ----------
	setForm(i: number, form: string) {
		const s = this.m.sources[i]!;
		s.form = form;
		const repeats = repeatsOf(this.schemas.get(form));
		if (!repeats.some((r) => r.path === s.each)) s.each = '';
	}
	addSource() {
		this.m.sources.push({ form: '', each: '', constants: {} });
	}
	removeSource(i: number) {
		this.m.sources.splice(i, 1);
	}

	addCategory() {
		const f = this.choiceFields.find((x) => !this.m.categories.some((c) => c.field === x.path));
		const c: CategoryModel = f
			? { key: keyFromPath(f.path), labelKm: f.label, labelEn: f.label, kind: 'field', field: f.path, constant: '' }
			: { key: 'group', labelKm: '', labelEn: '', kind: 'constant', field: '', constant: 'group' };
		if (f) this.labelCategory(c, f.path);
		this.m.categories.push(c);
	}

	/** Names and value labels of a field split from the form (both languages). */
	labelCategory(c: CategoryModel, path: string) {
		for (const s of this.m.sources) {
			const km = fieldsOf(this.schemas.get(s.form), s.each, 'km').find((x) => x.path === path);
			const en = fieldsOf(this.schemas.get(s.form), s.each, 'en').find((x) => x.path === path);
			if (!km || !en) continue;
			c.labelKm = km.label;
			c.labelEn = en.label;
			c.key = keyFromPath(path);
			c.valueLabels = Object.fromEntries(km.options.map((o) => [o.value, { km: o.label.km || o.value, en: o.label.en || o.value }]));
			return;
		}
	}

	setCategoryKind(c: CategoryModel, kind: 'field' | 'constant') {
		c.kind = kind;
		if (kind === 'constant') {
			c.constant ||= c.key || 'group';
			delete c.valueLabels;
		} else {
			const f = this.choiceFields[0];
			if (f) {
				c.field = f.path;
				this.labelCategory(c, f.path);
			}
		}
	}

	// ---------- save and publish ----------
	async save(): Promise<boolean> {
		const { lang } = this.props();
		const b = this.b;
		this.failure = '';
		this.notice = '';
		this.keyProblem = '';
		if (this.localProblems.length) {
			this.failure = this.localProblems.map(this.msg).join(' ');
			return false;
		}
		this.busy = 'save';
		try {
			if (!this.created && (await keyExists(this.m.key))) {
				this.keyProblem = b.keyTaken;
				this.failure = b.keyTaken;
				return false;
			}
			const result = await saveDraft(this.m.key, this.definition);
			this.saved = JSON.stringify(this.m);
			this.draftVersion = result.version;
			if (!this.created) {
				this.created = true;
				replaceState(`/indicators/${encodeURIComponent(this.m.key)}/edit`, {});
			}
			this.notice = format(b.saved, { n: result.version });
			return true;
		} catch (cause) {
			this.failure = errorMessage(cause, lang);
			if (isApiError(cause) && cause.errors?.length) this.failure += ` (${cause.errors.map((e) => `${e.path}: ${e.message[lang] ?? e.message.en}`).join('; ')})`;
			return false;
		} finally {
			this.busy = '';
		}
	}

	async startPublish() {
		if ((this.dirty || this.draftVersion === null) && !(await this.save())) return;
		this.confirming = true;
	}

	async doPublish() {
		this.busy = 'publish';
		this.failure = '';
		try {
			await publish(this.m.key);
			this.saved = JSON.stringify(this.m);
			await goto(`/indicators/${encodeURIComponent(this.m.key)}`);
		} catch (cause) {
			this.failure = errorMessage(cause, this.props().lang);
		} finally {
			this.busy = '';
			this.confirming = false;
		}
	}

	/** Warns before leaving with unsaved changes (not while publishing, which navigates away). */
	readonly beforeUnload = (e: BeforeUnloadEvent) => {
		if (this.dirty && this.busy !== 'publish') {
			e.preventDefault();
			e.returnValue = this.b.leaveWarning;
		}
	};
}
