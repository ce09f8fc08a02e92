// The months a report can be chosen for: the last two years, newest first, plus the chosen one (a
// native month input would show English month names on a Khmer page).
export function recentMonths(chosen: string, now = new Date()): string[] {
	const out: string[] = [];
	for (let i = 0; i < 24; i++) {
		const d = new Date(now.getFullYear(), now.getMonth() - i, 1);
		out.push(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`);
	}
	if (!out.includes(chosen)) out.unshift(chosen);
	return out;
}

/** The printable report's address for a month, language and area. */
export function reportHref(month: string, lang: string, scope: string, extra: Record<string, string> = {}): string {
	return `/reports/progress?${new URLSearchParams({ month, lang, ...(scope ? { scope } : {}), ...extra }).toString()}`;
}
