// Dates on the admin and account pages: the app-wide format (Khmer month names, 24-hour clock).
import { formatDateTime, type Lang } from '$lib/i18n';

export function dateTime(iso: string, lang: Lang): string {
	return formatDateTime(iso, lang);
}
