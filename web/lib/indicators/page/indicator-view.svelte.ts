// Why: what the indicator page derives from its load (rows by area, the split, map points, the trend,
// the citizens/providers comparison, links that change the URL's filters) as one runes class, so the
// page's sections are small components that read it and the route file only lays them out.
import { goto } from '$app/navigation';
import { page } from '$app/state';
import { KM_MONTHS } from '$lib/i18n';
import type { BarRow, MapPoint, TrendPoint } from '../charts';
import { categoryValueLabel, formatValue, periodLabel, pickText, withUnit } from '../format';
import { childLevel, placeName, readScopes } from '../geo';
import { indicatorTexts } from '../texts';
import type { PageData } from '../../../routes/(app)/indicators/[key]/$types';

export type IndicatorPageData = PageData;

const SERIES_COLORS = ['#0f4c5c', '#d97706', '#6d28d9', '#0891b2', '#be185d', '#65a30d'];
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export class IndicatorView {
	private readonly read: () => IndicatorPageData;

	readonly data = $derived.by(() => this.read());
	readonly t = $derived(indicatorTexts(this.data.lang));
	readonly lang = $derived(this.data.lang);
	readonly ind = $derived(this.data.indicator);
	readonly def = $derived(this.ind.definition);
	readonly categories = $derived(this.def.categories ?? []);
	readonly scopes = $derived(readScopes(this.data.me?.grants));
	readonly unit = $derived(this.ind.unit);
	readonly max = $derived(this.def.measure.type === 'percentage' ? 100 : null);
	readonly showParts = $derived(['percentage', 'ratio', 'average'].includes(this.def.measure.type));
	readonly scopeName = $derived(this.data.scope ? placeName(this.data.path.at(-1), this.lang) || this.data.scope : this.t.area.whole);
	readonly periodText = $derived(this.data.period ? periodLabel(this.data.period, this.lang, this.t) : this.t.page.allPeriods);

	/** By area: one row per place, highest first. */
	readonly areaRows = $derived(
		this.data.byArea.map((v) => ({ code: v.dimensions[this.data.level] ?? '', v })).sort((a, b) => (b.v.value ?? -Infinity) - (a.v.value ?? -Infinity)),
	);
	readonly splitValues = $derived([...new Set(this.data.split.map((v) => v.dimensions[this.data.by] ?? ''))].sort());
	readonly barRows: BarRow[] = $derived(
		this.areaRows.map(({ code, v }) => ({
			key: code || '-',
			label: this.nameOf(code),
			values: this.data.by ? this.splitValues.map((c) => this.splitOf(code, c)?.value ?? null) : [v.value],
			href: this.canDrill(code) ? this.drillHref(code) : undefined,
		})),
	);
	readonly barSeries = $derived(this.data.by ? this.splitValues.map((c, i) => ({ label: this.catLabel(this.data.by, c), color: SERIES_COLORS[i % 6]! })) : []);

	/** Map: places with coordinates. */
	readonly mapPoints: MapPoint[] = $derived(
		this.areaRows.flatMap(({ code, v }) => {
			const p = this.placeOf(code);
			return p && p.lat !== null && p.lng !== null ? [{ code, name: this.nameOf(code), lat: p.lat, lng: p.lng, value: v.value, href: this.canDrill(code) ? this.drillHref(code) : undefined }] : [];
		}),
	);
	readonly missingOnMap = $derived(this.areaRows.length - this.mapPoints.length);

	/** Over time. */
	readonly trendSorted = $derived(
		this.data.trend.filter((v) => v.dimensions[this.data.periodKind]).sort((a, b) => (a.dimensions[this.data.periodKind]! < b.dimensions[this.data.periodKind]! ? -1 : 1)),
	);
	readonly trendPoints: TrendPoint[] = $derived(
		this.trendSorted.map((v) => ({ period: v.dimensions[this.data.periodKind]!, lines: this.lines(v.dimensions[this.data.periodKind]!), value: v.value })),
	);
	readonly periodOptions = $derived(
		[...new Set([...this.trendSorted.map((v) => v.dimensions[this.data.periodKind]!), ...(this.data.period ? [this.data.period] : [])])].sort().reverse(),
	);

	/** Citizens and providers. */
	readonly respondents = $derived([...new Set(this.data.compare.map((v) => v.dimensions.respondent ?? ''))].sort());
	readonly compareKeys = $derived(this.data.compareCat ? [...new Set(this.data.compare.map((v) => v.dimensions[this.data.compareCat] ?? ''))].sort() : ['']);
	readonly compareRows: BarRow[] = $derived(
		this.compareKeys.map((k) => ({
			key: k || '-',
			label: this.data.compareCat ? this.catLabel(this.data.compareCat, k) : this.ind.title,
			values: this.respondents.map(
				(r) => this.data.compare.find((v) => (v.dimensions.respondent ?? '') === r && (!this.data.compareCat || (v.dimensions[this.data.compareCat] ?? '') === k))?.value ?? null,
			),
		})),
	);
	readonly compareSeries = $derived(this.respondents.map((r, i) => ({ label: this.catLabel('respondent', r), color: i === 0 ? '#0f4c5c' : '#d97706' })));

	constructor(read: () => IndicatorPageData) {
		this.read = read;
	}

	readonly fmt = (n: number | null) => withUnit(formatValue(n, this.ind.decimals, this.lang), this.unit);
	readonly catLabel = (key: string, value: string) => categoryValueLabel(this.categories.find((c) => c.key === key), value, this.lang, this.data.enumLabels, this.t.page.none);
	readonly catName = (key: string) => pickText(this.categories.find((c) => c.key === key)?.label, this.lang) || key;
	readonly placeOf = (code: string) => this.data.places[code];
	readonly nameOf = (code: string) => (code ? placeName(this.placeOf(code), this.lang) || code : this.t.area.unknown);
	readonly splitOf = (code: string, cat: string) => this.data.split.find((v) => v.dimensions[this.data.level] === code && (v.dimensions[this.data.by] ?? '') === cat);

	/** This page's URL with some filters changed ('' removes one). */
	readonly href = (changes: Record<string, string>): string => {
		const params = new URLSearchParams(page.url.search);
		for (const [k, v] of Object.entries(changes)) {
			if (v) params.set(k, v);
			else params.delete(k);
		}
		params.delete('lang');
		const qs = params.toString();
		return `${page.url.pathname}${qs ? `?${qs}` : ''}`;
	};
	readonly go = (changes: Record<string, string>) => goto(this.href(changes), { keepFocus: true, noScroll: true });
	readonly canDrill = (code: string) => code.length >= 2 && code.length < 6;
	readonly drillHref = (code: string) => this.href({ scope: code, level: childLevel(code) ?? '' });

	readonly exportHref = (ext: 'csv' | 'xlsx') => {
		const data = this.data;
		const params = new URLSearchParams({ groupBy: [data.level, ...(data.by ? [data.by] : [])].join(','), lang: this.lang });
		if (data.period) params.set('period', data.period);
		if (data.scope) params.set('scope', data.scope);
		return `/export/indicator/${encodeURIComponent(this.ind.key)}.${ext}?${params.toString()}`;
	};

	/** A period's axis label in one or two lines (quarter or month, then the year). */
	private lines(p: string): [string, string?] {
		const q = /^(\d{4})-Q([1-4])$/.exec(p);
		if (q) return [this.lang === 'km' ? `ត្រីមាសទី ${q[2]}` : `Q${q[2]}`, q[1]];
		const m = /^(\d{4})-(\d{2})$/.exec(p);
		if (m) return [this.lang === 'km' ? KM_MONTHS[Number(m[2]) - 1]! : EN_MONTHS[Number(m[2]) - 1]!, m[1]];
		return [p];
	}
}
