// Language handling shared by server and browser: Khmer is the default, English the second language.
import { en, type Dictionary as BaseDictionary } from './en';
import { km } from './km';
import { builderEn, type BuilderDictionary } from './builder-en';
import { builderKm } from './builder-km';
import { dataPageEn, type DataPageDictionary } from './data-en';
import { dataPageKm } from './data-km';
import { adminEn, type AdminDictionary } from './admin-en';
import { adminKm } from './admin-km';
import { reviewEn, type ReviewDictionary } from './review-en';
import { reviewKm } from './review-km';

export type Lang = 'km' | 'en';
export const LANGS: readonly Lang[] = ['km', 'en'];
export const DEFAULT_LANG: Lang = 'km';
export const LANG_COOKIE = 'lang';

export type Dictionary = BaseDictionary & { builder: BuilderDictionary; dataPage: DataPageDictionary; admin: AdminDictionary; review: ReviewDictionary };

/** The shared dictionary with the builder, data-page, admin and review dictionaries (help pages are content: /help). */
const dictionaries: Record<Lang, Dictionary> = {
	km: { ...km, builder: builderKm, dataPage: dataPageKm, admin: adminKm, review: reviewKm },
	en: { ...en, builder: builderEn, dataPage: dataPageEn, admin: adminEn, review: reviewEn },
};

export function isLang(value: unknown): value is Lang {
	return value === 'km' || value === 'en';
}

export function dictionary(lang: Lang): Dictionary {
	return dictionaries[lang];
}

/** Replaces `{name}` placeholders; values are plain text (Svelte escapes them when rendered). */
export function format(template: string, vars: Record<string, string | number>): string {
	return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
		name in vars ? String(vars[name]) : whole,
	);
}

/** Picks the text for `lang` from a localized `{km, en}` object, falling back to the other language. */
export function pick(text: unknown, lang: Lang): string {
	if (typeof text === 'string') return text;
	if (text && typeof text === 'object') {
		const record = text as Record<string, unknown>;
		const value = record[lang] ?? record[DEFAULT_LANG] ?? record.en;
		if (typeof value === 'string') return value;
	}
	return '';
}

/** Khmer month names (Chromium's and Node's ICU render km-KH dates as "2026 M11 25", so Khmer is built here). */
export const KM_MONTHS = ['មករា', 'កុម្ភៈ', 'មីនា', 'មេសា', 'ឧសភា', 'មិថុនា', 'កក្កដា', 'សីហា', 'កញ្ញា', 'តុលា', 'វិច្ឆិកា', 'ធ្នូ'] as const;

const EN_DATE_TIME = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
const pad = (n: number) => String(n).padStart(2, '0');

/** A date and time for people: "25 វិច្ឆិកា 2026 08:20" in Khmer, "25 Nov 2026, 08:20" in English (local time, 24 h). */
export function formatDateTime(iso: string, lang: Lang): string {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return iso;
	if (lang === 'en') return EN_DATE_TIME.format(date);
	return `${date.getDate()} ${KM_MONTHS[date.getMonth()]} ${date.getFullYear()} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function formatNumber(n: number, lang: Lang): string {
	return new Intl.NumberFormat(lang === 'km' ? 'km-KH' : 'en-GB').format(n);
}

