// Who is signed in and in which language, worked out in the browser for the client-only field pages
// (web/routes/(field)/): they have no server load above them so they can open with no connection.
// Online, the server answers `me` (and a signed-out visitor is sent to the login page); with no
// connection the pages still open, and sending waits until the facilitator is back online.
import { redirect } from '@sveltejs/kit';
import { DEFAULT_LANG, LANG_COOKIE, isLang, type Lang } from '$lib/i18n';
import type { Fetch } from '$lib/api';
import { isUnreachable } from '$lib/offline/store';
import { loginPath } from '$lib/navigation';
import { fetchMe, type Me } from '$lib/queries';
import { getMeta, setMeta } from '$lib/offline/db';

export interface FieldSession {
	me: Me | null;
	lang: Lang;
	/** False when the server could not be reached (no connection, server away): `me` is then the
	 *  snapshot of the last online visit (for display only; the server decides again when sending). */
	online: boolean;
}

const YEAR = 60 * 60 * 24 * 365;
const PASSWORD_PAGE = '/account/password';

function readCookie(name: string): string | null {
	for (const part of document.cookie.split(';')) {
		const [k, ...v] = part.trim().split('=');
		if (k === name) return decodeURIComponent(v.join('='));
	}
	return null;
}

/** The language this browser chose (cookie set by the language switch), else the page's, else Khmer. */
export function browserLang(): Lang {
	const cookie = readCookie(LANG_COOKIE);
	if (isLang(cookie)) return cookie;
	const html = document.documentElement.lang;
	return isLang(html) ? html : DEFAULT_LANG;
}

/** Remembers the language for this browser, as the server's `?lang=` handling does. */
export function setBrowserLang(lang: Lang): void {
	const secure = location.protocol === 'https:' ? '; secure' : '';
	document.cookie = `${LANG_COOKIE}=${lang}; path=/; max-age=${YEAR}; samesite=lax${secure}`;
	document.documentElement.lang = lang;
}

/**
 * Loads the session for a field page. Online and signed out → login page (as the SSR pages do);
 * a forced password change → that page. Unreachable server → `online: false`, no redirect.
 */
export async function loadFieldSession(fetchFn: Fetch, url: URL): Promise<FieldSession> {
	let me: Me | null;
	try {
		if (!navigator.onLine) throw new TypeError('offline');
		me = await fetchMe(fetchFn);
	} catch (cause) {
		if (!isUnreachable(cause)) throw cause;
		const snapshot = (await getMeta('me').catch(() => undefined)) ?? null;
		return { me: snapshot, lang: browserLang(), online: false };
	}
	if (!me) redirect(303, loginPath(url.pathname + url.search));
	if (me.mustChangePassword) redirect(303, PASSWORD_PAGE);
	void setMeta('me', me).catch(() => undefined);
	// First visit on this device: the language saved on the account, like the server layout does.
	if (!isLang(readCookie(LANG_COOKIE)) && isLang(me.locale)) setBrowserLang(me.locale);
	return { me, lang: browserLang(), online: true };
}
