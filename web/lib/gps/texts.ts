// Why: the GPS answer's words in the UI language (own dictionary, read only by web/lib/gps and the record view).
import type { Lang } from '$lib/i18n';
import { gpsEn, type GpsDictionary } from '$lib/i18n/gps-en';
import { gpsKm } from '$lib/i18n/gps-km';

export type { GpsDictionary };

export function gpsTexts(lang: Lang): GpsDictionary {
	return lang === 'en' ? gpsEn : gpsKm;
}
