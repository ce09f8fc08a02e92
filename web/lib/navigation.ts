// Where to go after login. Only same-site paths are accepted so `?next=` cannot become an open
// redirect (`//evil.example`, `/\evil.example` and absolute URLs fall back to the home page).
export function safeNext(raw: string | null | undefined): string {
	if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
	if (/[\u0000-\u001f]/.test(raw)) return '/';
	return raw;
}

export function loginPath(next: string): string {
	return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

/** The same page with `lang` set, for the language switch (full reload so formio re-renders). */
export function withLang(url: URL, lang: string): string {
	const params = new URLSearchParams(url.search);
	params.set('lang', lang);
	return `${url.pathname}?${params.toString()}`;
}
