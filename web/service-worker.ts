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
import { SHELL_HEADER, SHELL_PATH, cacheName, precacheList, renonce, staleCaches, strategyFor, type Strategy } from '$lib/pwa/strategy';

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
			for (const name of staleCaches(await caches.keys(), version)) await caches.delete(name);
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

async function shell(request: Request): Promise<Response> {
	const cached = await (await caches.open(CACHE)).match(SHELL_PATH);
	if (!cached) return fetch(request);
	const html = await cached.text();
	const headers = new Headers(cached.headers);
	headers.delete('content-length');
	headers.delete('content-encoding');
	const csp = headers.get('content-security-policy');
	const fresh = csp ? renonce(csp, html, freshNonce()) : null;
	if (fresh) headers.set('content-security-policy', fresh.csp);
	return new Response(fresh ? fresh.html : html, { status: 200, headers });
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

function answer(strategy: Exclude<Strategy, 'network'>, request: Request, url: URL): Promise<Response> {
	if (strategy === 'cache') return fromCache(request, url);
	if (strategy === 'shell') return shell(request);
	return page(request);
}

sw.addEventListener('fetch', (event) => {
	const url = new URL(event.request.url);
	const strategy = strategyFor({ url, method: event.request.method, mode: event.request.mode }, sw.location.origin, PRECACHED);
	if (strategy === 'network') return;
	event.respondWith(answer(strategy, event.request, url));
});
