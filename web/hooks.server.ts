// Request hooks (the fill page's HTML also gets a modulepreload for formio.js, renderer-preload.ts):
// (0) field pages asked for with no session cookie go to the login page;
// (1) language from ?lang / cookie, reflected in <html lang>. `?lang` sets only this browser's
// cookie: a link must never write, so the account's stored locale changes only through the
// explicit setLocale mutation (the language switch sends it on click); (2) server-side fetches
// of /graphql and /auth/* are sent to the fastify server itself. SvelteKit's `event.fetch` would
// otherwise handle same-origin URLs internally (no SvelteKit route → 404), so handleFetch forwards
// them over HTTP to the socket address the current request arrived on, with the user's cookies.
import type { Handle, HandleFetch, RequestEvent } from '@sveltejs/kit';
import { redirect } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { DEFAULT_LANG, LANG_COOKIE, isLang } from '$lib/i18n';
import { isFieldPath, loginPath } from '$lib/navigation';
import { SHELL_HEADER } from '$lib/pwa/strategy';
import { rendererPreloadTag } from '$lib/server/renderer-preload';

const YEAR = 60 * 60 * 24 * 365;
/** The session cookie's name (server/http/authenticate.ts SESSION_COOKIE). */
const SESSION_COOKIE = 'sa_session';

export const handle: Handle = async ({ event, resolve }) => {
	const fromQuery = event.url.searchParams.get('lang');
	const fromCookie = event.cookies.get(LANG_COOKIE);
	event.locals.lang = isLang(fromQuery) ? fromQuery : isLang(fromCookie) ? fromCookie : DEFAULT_LANG;
	event.locals.langChosen = isLang(fromQuery) || isLang(fromCookie);

	if (isLang(fromQuery) && event.request.method === 'GET' && !event.isDataRequest) {
		event.cookies.set(LANG_COOKIE, fromQuery, {
			path: '/',
			maxAge: YEAR,
			httpOnly: false,
			sameSite: 'lax',
			secure: event.url.protocol === 'https:',
		});
		const clean = new URL(event.url);
		clean.searchParams.delete('lang');
		redirect(303, clean.pathname + clean.search);
	}

	// The field pages render in the browser with no server load (so they open offline). A visit
	// with no session cookie at all still goes to the login page here, like the SSR pages; an
	// expired session is found in the browser (web/lib/field/session.ts).
	// The service worker fetches the app shell with no cookie on purpose (nothing in it is a user's):
	// it gets the page, not the redirect (web/lib/pwa/strategy.ts SHELL_HEADER).
	const signedOut = !event.cookies.get(SESSION_COOKIE) && !event.request.headers.get('authorization');
	const shellFetch = event.request.headers.get(SHELL_HEADER) === '1';
	if (signedOut && !shellFetch && event.request.method === 'GET' && !event.isDataRequest && isFieldPath(event.url.pathname)) {
		redirect(303, loginPath(event.url.pathname + event.url.search));
	}

	// Security headers are set by the server (server/http/headers.ts), not here.
	return resolve(event, {
		transformPageChunk: ({ html }) => html.replaceAll('%lang%', event.locals.lang).replace('%sa.preload%', rendererPreloadTag(event.url.pathname)),
	});
};

function isServerPath(pathname: string): boolean {
	return pathname === '/graphql' || pathname.startsWith('/auth/');
}

/** Origin of the fastify server as seen from this process (no proxy round trip). */
function internalOrigin(event: RequestEvent): string {
	if (env.SA_INTERNAL_ORIGIN) return env.SA_INTERNAL_ORIGIN;
	const req = (event.platform as { req?: IncomingMessage } | undefined)?.req;
	const socket = req?.socket;
	if (socket?.localPort && socket.localAddress) {
		const address = socket.localAddress.includes(':') ? `[${socket.localAddress}]` : socket.localAddress;
		const protocol = (socket as TLSSocket).encrypted ? 'https' : 'http';
		return `${protocol}://${address}:${socket.localPort}`;
	}
	return event.url.origin;
}

export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
	const url = new URL(request.url);
	if (url.origin !== event.url.origin || !isServerPath(url.pathname)) return fetch(request);

	const headers = new Headers(request.headers);
	const cookie = event.request.headers.get('cookie');
	if (cookie) headers.set('cookie', cookie);
	const authorization = event.request.headers.get('authorization');
	if (authorization && !headers.has('authorization')) headers.set('authorization', authorization);
	headers.set('x-forwarded-for', event.getClientAddress());
	headers.delete('origin');

	const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
	return globalThis.fetch(new URL(url.pathname + url.search, internalOrigin(event)), {
		method: request.method,
		headers,
		body,
		redirect: 'manual',
	});
};
