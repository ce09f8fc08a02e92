// The media answers' words in the UI language (own dictionary, read only by web/lib/media).
import type { Lang } from '$lib/i18n';
import { mediaEn, type MediaDictionary } from '$lib/i18n/media-en';
import { mediaKm } from '$lib/i18n/media-km';

export type { MediaDictionary };

export function mediaTexts(lang: Lang): MediaDictionary {
	return lang === 'en' ? mediaEn : mediaKm;
}
