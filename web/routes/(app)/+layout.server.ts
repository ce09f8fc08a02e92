// Server load of every SSR page (group `(app)`): who is signed in, redirects to login or to the
// forced password change, and the language. The offline field pages (`(field)`) have none above them.
import { redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';
import { fetchMe } from '$lib/queries';
import { LANG_COOKIE, isLang } from '$lib/i18n';
import { loginPath, routeIdWithoutGroups } from '$lib/navigation';
import { failLoad } from '$lib/server/load-errors';

const PUBLIC_ROUTES = ['/login', '/help'];
const PASSWORD_PAGE = '/account/password';

export const load: LayoutServerLoad = async ({ fetch, locals, url, route, cookies }) => {
	let me;
	try {
		me = await fetchMe(fetch);
	} catch (cause) {
		failLoad(cause, url, locals.lang);
	}
	// Route ids carry their group (`/(app)/login`); compare without it.
	const id = routeIdWithoutGroups(route.id);
	const isPublic = id === null || PUBLIC_ROUTES.some((p) => id.startsWith(p));
	if (!me && !isPublic) redirect(303, loginPath(url.pathname + url.search));
	// After a password reset every page but the change-password form (and public pages) sends there.
	if (me?.mustChangePassword && !isPublic && id !== PASSWORD_PAGE) redirect(303, PASSWORD_PAGE);

	// First visit on this device: use the language saved on the account.
	if (me && !locals.langChosen && isLang(me.locale)) {
		locals.lang = me.locale;
		cookies.set(LANG_COOKIE, me.locale, { path: '/', maxAge: 60 * 60 * 24 * 365, httpOnly: false, sameSite: 'lax', secure: url.protocol === 'https:' });
	}
	return { me, lang: locals.lang };
};
