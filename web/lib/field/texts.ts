// The field pages' words in the UI language (own dictionary, like the indicator pages: only the
// field pages, the outbox on the fill page and the pending badge read it).
import type { Lang } from '$lib/i18n';
import { fieldEn, type FieldDictionary } from '$lib/i18n/field-en';
import { fieldKm } from '$lib/i18n/field-km';

export type { FieldDictionary };

export function fieldTexts(lang: Lang): FieldDictionary {
	return lang === 'en' ? fieldEn : fieldKm;
}
