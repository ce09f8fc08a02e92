// "2 hours ago" in Khmer and English, built by hand (Chromium's ICU has no Khmer relative times).
import type { Lang } from '$lib/i18n';
import { formatNumber } from '$lib/i18n';
import { fieldTexts } from './texts';

export function formatAgo(iso: string | null, lang: Lang, now = Date.now()): string {
	const t = fieldTexts(lang).ago;
	if (!iso) return t.never;
	const minutes = Math.floor((now - new Date(iso).getTime()) / 60_000);
	if (Number.isNaN(minutes)) return t.never;
	if (minutes < 1) return t.justNow;
	const [n, unit] = minutes < 60 ? [minutes, t.minutes] : minutes < 48 * 60 ? [Math.floor(minutes / 60), t.hours] : [Math.floor(minutes / 1440), t.days];
	return unit.replace('{n}', formatNumber(n, lang));
}
