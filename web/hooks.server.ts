// Request hooks: (1) language from ?lang / cookie, reflected in <html lang>; (2) server-side fetches
// of /graphql and /auth/* are sent to the fastify server itself. SvelteKit's `event.fetch` would
// otherwise handle same-origin URLs internally (no SvelteKit route → 404), so handleFetch forwards
// them over HTTP to the socket address the current request arrived on, with the user's cookies.
import type { Handle, HandleFetch, RequestEvent } from '@sveltejs/kit';
import { redirect } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { DEFAULT_LANG, LANG_COOKIE, isLang } from '$lib/i18n';
import { setLocale } from '$lib/queries';

const YEAR = 60 * 60 * 24 * 365;
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
		if (event.cookies.get(SESSION_COOKIE)) {
			// Remember the choice on the account too; a failure here must not block the page.
			await setLocale(event.fetch, fromQuery).catch(() => undefined);
		}
		const clean = new URL(event.url);
		clean.searchParams.delete('lang');
		redirect(303, clean.pathname + clean.search);
	}

	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.lang),
	});
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	response.headers.set('x-frame-options', 'DENY');
	return response;
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
