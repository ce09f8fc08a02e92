// The monthly report pages' words in the UI language (kept out of the shared dictionary: only the
// narrative and template pages, and the dashboard's links to them, read them).
import type { Lang } from '$lib/i18n';
import { reportsEn, type ReportsDictionary } from '$lib/i18n/reports-en';
import { reportsKm } from '$lib/i18n/reports-km';

export type { ReportsDictionary };

export function reportsTexts(lang: Lang): ReportsDictionary {
	return lang === 'en' ? reportsEn : reportsKm;
}
