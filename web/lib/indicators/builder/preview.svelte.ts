// Why: the builder's live preview (a debounced indicatorPreview of the draft on current data, with
// the places it names) as a runes class beside the editor state, so the preview panel is a plain view.
import { errorMessage } from '$lib/api';
import { categoryValueLabel, formatValue, periodLabel, withUnit } from '../format';
import { placeName, placesByCode, type Place } from '../geo';
import { previewIndicator, type PreviewProblem, type PreviewResult } from '../queries';
import type { EditorProps, IndicatorEditor } from './editor.svelte';

const DEBOUNCE_MS = 450;

export class IndicatorPreview {
	private readonly ed: IndicatorEditor;
	private readonly props: () => EditorProps;
	by = $state('province,year');
	result = $state<PreviewResult | null>(null);
	error = $state('');
	busy = $state(false);
	places = $state<Map<string, Place>>(new Map());
	private seq = 0;

	/** Server problems of the last preview after the local ones. */
	readonly problems = $derived.by<PreviewProblem[]>(() => [...this.ed.localProblems, ...(this.result?.problems ?? [])]);
	readonly dims = $derived(this.by.split(',').filter(Boolean));
	readonly unit = $derived.by(() => this.props().lang === 'km' ? this.ed.m.unitKm || this.ed.m.unitEn : this.ed.m.unitEn || this.ed.m.unitKm);
	readonly decimals = $derived.by(() => Number(this.ed.m.decimals) || 0);
	readonly rows = $derived(
		(this.result?.values ?? []).map((v, i) => ({
			key: String(i),
			label: Object.entries(v.dimensions).map(([d, x]) => this.dimLabel(d, x)).join(' · ') || this.ed.b.general,
			values: [v.value],
		})),
	);

	/** Must be made while a component initialises: it starts the preview effect. */
	constructor(ed: IndicatorEditor, props: () => EditorProps) {
		this.ed = ed;
		this.props = props;
		$effect(() => this.refresh());
	}

	/** Problems whose path is one of `prefixes` or under one. */
	readonly at = (...prefixes: string[]) => this.problems.filter((p) => prefixes.some((x) => p.path === x || p.path.startsWith(`${x}.`) || (x === '' && p.path === '')));

	readonly fmt = (n: number | null) => withUnit(formatValue(n, this.decimals, this.props().lang), this.unit);

	readonly dimLabel = (dim: string, value: string) => {
		const { lang, t } = this.props();
		if (dim === 'province' || dim === 'district') return placeName(this.places.get(value), lang) || value;
		if (dim === 'year' || dim === 'quarter' || dim === 'month') return periodLabel(value, lang, t);
		const cat = this.ed.definition.categories?.find((c) => c.key === dim);
		return categoryValueLabel(cat, value, lang, {}, t.page.none);
	};

	/** The effect's body: tracks the definition and grouping, asks the server after a pause. */
	private refresh(): (() => void) | undefined {
		const m = this.ed.m;
		const definition = this.ed.definition;
		const body = JSON.stringify(definition);
		const groupBy = this.by.split(',').filter(Boolean);
		if (m.sources.some((s) => !s.form) || !m.titleKm.trim() || !m.titleEn.trim()) {
			this.result = null;
			return;
		}
		const mine = ++this.seq;
		this.busy = true;
		const timer = setTimeout(async () => {
			try {
				const result = await previewIndicator(JSON.parse(body), { groupBy: groupBy.filter((g) => g === 'year' || g === 'province' || g === 'district' || (definition.categories ?? []).some((c) => c.key === g)) });
				if (mine !== this.seq) return;
				this.result = result;
				this.error = '';
				const codes = result.values.flatMap((v) => [v.dimensions.province ?? '', v.dimensions.district ?? '']).filter(Boolean);
				const missing = codes.filter((c) => !this.places.has(c));
				if (missing.length) {
					const found = await placesByCode(missing);
					this.places = new Map([...this.places, ...found]);
				}
			} catch (cause) {
				if (mine === this.seq) this.error = errorMessage(cause, this.props().lang);
			} finally {
				if (mine === this.seq) this.busy = false;
			}
		}, DEBOUNCE_MS);
		return () => clearTimeout(timer);
	}
}
