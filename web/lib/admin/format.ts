// Dates on the admin and account pages. Chromium's and Node's ICU data render km-KH dates as
// "2026 M11 25 08:20 AM", so Khmer dates are built here with Khmer month names and a 24-hour clock.
import type { Lang } from '$lib/i18n';

const KM_MONTHS = ['មករា', 'កុម្ភៈ', 'មីនា', 'មេសា', 'ឧសភា', 'មិថុនា', 'កក្កដា', 'សីហា', 'កញ្ញា', 'តុលា', 'វិច្ឆិកា', 'ធ្នូ'];
const EN = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });

const pad = (n: number) => String(n).padStart(2, '0');

export function dateTime(iso: string, lang: Lang): string {
	const d = new Date(iso);
	if (Number.isNaN(d.getTime())) return iso;
	if (lang === 'en') return EN.format(d);
	return `${d.getDate()} ${KM_MONTHS[d.getMonth()]} ${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
