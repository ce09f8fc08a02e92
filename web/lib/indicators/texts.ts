// The indicator pages' words in the UI language (kept out of the shared dictionary on purpose: the
// pages and the two nav links are the only readers).
import type { Lang } from '$lib/i18n';
import { indicatorsEn, type IndicatorsDictionary } from '$lib/i18n/indicators-en';
import { indicatorsKm } from '$lib/i18n/indicators-km';

export type { IndicatorsDictionary };

export function indicatorTexts(lang: Lang): IndicatorsDictionary {
	return lang === 'en' ? indicatorsEn : indicatorsKm;
}
