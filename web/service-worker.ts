// Why: the offline field app (issue 9). SvelteKit's own service worker with a small precache list
// (decision in docs/decisions.md): this build's scripts, styles, the Khmer font files, static files
// and the app shell (the `/field` HTML, fetched without cookies), in a cache named after the build
// version. A new build waits: the page sends SKIP_WAITING only when no open tab holds unsaved input
// (web/lib/pwa/updates.svelte.ts). IndexedDB (drafts, outbox) is outside the caches and never touched.
/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';
import { SHELL_HEADER, SHELL_PATH, cacheName, isAudioPromptPath, isHelpImagePath, isHelpPagePath, precacheList, renonce, staleCaches, strategyFor, type Strategy } from '$lib/pwa/strategy';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = cacheName(version);
const ASSETS = precacheList(build, files);
const PRECACHED: ReadonlySet<string> = new Set(ASSETS);
/** A server-rendered page that has not answered by then opens the field home instead. */
const PAGE_TIMEOUT_MS = 6000;

/** The shell as any signed-out visitor gets it: no cookie sent, so nothing in it is a user's. */
async function fetchShell(): Promise<Response> {
	const response = await fetch(SHELL_PATH, { credentials: 'omit', headers: { [SHELL_HEADER]: '1' }, redirect: 'error', cache: 'no-store' });
	if (!response.ok || response.type !== 'basic') throw new Error(`app shell answered ${response.status}`);
	return response;
}

sw.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const cache = await caches.open(CACHE);
			await cache.addAll(ASSETS.map((path) => new Request(path, { credentials: 'omit' })));
			await cache.put(SHELL_PATH, await fetchShell());
		})(),
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			const stale = staleCaches(await caches.keys(), version);
			await carryHelpOver(stale);
			for (const name of stale) await caches.delete(name);
			await sw.clients.claim();
		})(),
	);
});

sw.addEventListener('message', (event) => {
	const type = (event.data as { type?: unknown } | null)?.type;
	if (type === 'SKIP_WAITING') void sw.skipWaiting();
	if (type === 'VERSION') event.ports[0]?.postMessage({ version });
});

function freshNonce(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	return btoa(String.fromCharCode(...bytes)).replace(/=+$/, '');
}

async function fromCache(request: Request, url: URL): Promise<Response> {
	const cache = await caches.open(CACHE);
	const hit = await cache.match(url.pathname);
	if (hit) return hit;
	// Not precached (or evicted): this build's immutable files are fetched without cookies and kept.
	const response = await fetch(url.pathname, { credentials: 'omit' });
	if (response.ok && response.type === 'basic' && url.pathname.startsWith('/_app/immutable/')) await cache.put(url.pathname, response.clone());
	return response.ok ? response : fetch(request);
}

/** A cached page with a fresh CSP nonce (the shell, or an anonymous help page). */
async function renonced(cached: Response): Promise<Response> {
	const html = await cached.text();
	const headers = new Headers(cached.headers);
	headers.delete('content-length');
	headers.delete('content-encoding');
	const csp = headers.get('content-security-policy');
	const fresh = csp ? renonce(csp, html, freshNonce()) : null;
	if (fresh) headers.set('content-security-policy', fresh.csp);
	return new Response(fresh ? fresh.html : html, { status: 200, headers });
}

async function shell(request: Request): Promise<Response> {
	const cached = await (await caches.open(CACHE)).match(SHELL_PATH);
	return cached ? renonced(cached) : fetch(request);
}

/** Keeps an anonymous copy of a help page for offline reading (no cookie: nothing of the user). */
async function keepHelpCopy(pathname: string): Promise<void> {
	const copy = await fetch(pathname, { credentials: 'omit', redirect: 'error', cache: 'no-store' });
	if (copy.ok && copy.type === 'basic') await (await caches.open(CACHE)).put(pathname, copy);
}

/** Help pages read before an update stay readable offline after it (fetched again for this build). */
async function carryHelpOver(stale: string[]): Promise<void> {
	for (const name of stale) {
		for (const request of await (await caches.open(name)).keys()) {
			const path = new URL(request.url).pathname;
			if (isHelpPagePath(path)) await keepHelpCopy(path).catch(() => undefined);
		}
	}
}

/** Network first; the copy is refreshed each visit. Offline: the copy, else the field home. */
async function help(request: Request, url: URL, event: FetchEvent): Promise<Response> {
	try {
		const response = await fetch(request);
		if (response.ok) event.waitUntil(keepHelpCopy(url.pathname).catch(() => undefined));
		return response;
	} catch {
		const cached = await (await caches.open(CACHE)).match(url.pathname);
		return cached ? renonced(cached) : page(request);
	}
}

/** Help images and audio prompts never change (their address is their hash): the cache, else the network, kept. */
async function publicAsset(request: Request, url: URL): Promise<Response> {
	const cache = await caches.open(CACHE);
	const hit = await cache.match(url.pathname);
	if (hit) return hit;
	const response = await fetch(url.pathname, { credentials: 'omit' });
	if (response.ok && response.type === 'basic' && (isHelpImagePath(url.pathname) || isAudioPromptPath(url.pathname))) await cache.put(url.pathname, response.clone());
	return response.ok ? response : fetch(request);
}

/** Network first; offline (or no answer in time) the field home, which opens from the cache. */
async function page(request: Request): Promise<Response> {
	const network = fetch(request);
	network.catch(() => undefined); // answered by the fallback below; no unhandled rejection
	const hasShell = (await (await caches.open(CACHE)).match(SHELL_PATH)) !== undefined;
	if (!hasShell) return network;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), PAGE_TIMEOUT_MS)));
	try {
		const answer = await Promise.race([network, timeout]);
		if (answer) return answer;
	} catch {
		// offline or the server is unreachable
	} finally {
		clearTimeout(timer);
	}
	return Response.redirect(new URL(SHELL_PATH, sw.location.origin).href, 302);
}

function answer(strategy: Exclude<Strategy, 'network'>, event: FetchEvent, url: URL): Promise<Response> {
	const request = event.request;
	if (strategy === 'cache') return fromCache(request, url);
	if (strategy === 'shell') return shell(request);
	if (strategy === 'help') return help(request, url, event);
	if (strategy === 'public') return publicAsset(request, url);
	return page(request);
}

sw.addEventListener('fetch', (event) => {
	const url = new URL(event.request.url);
	const strategy = strategyFor({ url, method: event.request.method, mode: event.request.mode }, sw.location.origin, PRECACHED);
	if (strategy === 'network') return;
	event.respondWith(answer(strategy, event, url));
});
