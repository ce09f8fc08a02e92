// Training mode's words in the UI language (kept out of the shared dictionary: only the banner, the
// account card and the record lists read them).
import type { Lang } from '$lib/i18n';
import { trainingEn, type TrainingDictionary } from '$lib/i18n/training-en';
import { trainingKm } from '$lib/i18n/training-km';

export type { TrainingDictionary };

export function trainingTexts(lang: Lang): TrainingDictionary {
	return lang === 'en' ? trainingEn : trainingKm;
}
