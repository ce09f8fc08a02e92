// The help centre's words in the UI language (kept out of the shared dictionary: only the help pages,
// the "?" menu and the tour runner read them).
import type { Lang } from '$lib/i18n';
import { helpEn, type HelpDictionary } from '$lib/i18n/help-en';
import { helpKm } from '$lib/i18n/help-km';

export type { HelpDictionary };

export function helpTexts(lang: Lang): HelpDictionary {
	return lang === 'en' ? helpEn : helpKm;
}
