// Why: what the service worker (web/service-worker.ts) does with each request, as pure functions so
// the rules (what is cached, what never is, which pages open offline) are unit-tested without a
// browser. Nothing per user is ever cached: only this build's files and the anonymous app shell.

/** The client-only page whose HTML (the app shell) is cached and served for every field page. */
export const SHELL_PATH = '/field';

/** Header the worker sends when it fetches the shell, so the server answers it without a session. */
export const SHELL_HEADER = 'x-sa-app-shell';

/** Cache names carry the build version; any other `sa-` cache is an old build's and is deleted. */
export const CACHE_PREFIX = 'sa-';

export function cacheName(version: string): string {
	return `${CACHE_PREFIX}${version}`;
}

/** Caches of older builds (and only ours: other `caches` on the origin are left alone). */
export function staleCaches(names: readonly string[], version: string): string[] {
	return names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== cacheName(version));
}

/**
 * - `cache`: a file of this build (precached; fetched without cookies if missing)
 * - `shell`: a client-only page: the cached shell, the client router renders the page asked for
 * - `page`: a server-rendered page: the network, and offline a redirect to the field home
 * - `help`: a help page (published help is public): the network, and an anonymous copy (fetched
 *   without cookies, so nothing of the user is in it) kept for offline reading
 * - `public`: a help image (public, immutable: its address is the hash of its bytes): cache first
 * - `network`: left to the browser (API, sign-in, exports, uploads, data requests, other origins)
 */
export type Strategy = 'cache' | 'shell' | 'page' | 'help' | 'public' | 'network';

/** The help centre and its pages (not the editor): what a reader opens, and can open offline. */
export function isHelpPagePath(pathname: string): boolean {
	return pathname === '/help' || (pathname !== '/help/new' && /^\/help\/[a-z][a-z0-9-]{1,62}$/.test(pathname));
}

/** Uploaded help images (server/help/help.routes.ts). */
export function isHelpImagePath(pathname: string): boolean {
	return /^\/help-images\/[0-9a-f]{64}$/.test(pathname);
}

/** Recorded questions (audio prompts) are addressed by their hash too: kept once fetched, played offline. */
export function isAudioPromptPath(pathname: string): boolean {
	return /^\/audio-prompts\/[0-9a-f]{64}$/.test(pathname);
}

export interface RequestFacts {
	url: URL;
	method: string;
	mode: RequestMode;
}

/** API sections and files answered per user: never read from or written to a cache. */
const PRIVATE_PREFIXES = ['/graphql', '/auth/', '/export/', '/admin/geo/import', '/admin/providers/import', '/admin/forms/', '/api/xlsform/', '/reports/', '/healthz'];

export function isPrivatePath(pathname: string): boolean {
	return PRIVATE_PREFIXES.some((prefix) => pathname === prefix.replace(/\/$/, '') || pathname.startsWith(prefix));
}

/** Client-only pages (web/routes/(field)/, same list as isFieldPath in web/lib/navigation.ts). */
export function isShellPath(pathname: string): boolean {
	return pathname === SHELL_PATH || pathname.startsWith('/forms/');
}

export function strategyFor(request: RequestFacts, origin: string, precached: ReadonlySet<string>): Strategy {
	const { url } = request;
	if (request.method !== 'GET' || url.origin !== origin) return 'network';
	if (isPrivatePath(url.pathname)) return 'network';
	if (request.mode === 'navigate') {
		if (url.searchParams.has('lang')) return 'network'; // the server sets the cookie and redirects
		if (isHelpPagePath(url.pathname) && !url.searchParams.has('q') && !url.searchParams.has('for') && !url.searchParams.has('version')) return 'help';
		return isShellPath(url.pathname) ? 'shell' : 'page';
	}
	if (isHelpImagePath(url.pathname) || isAudioPromptPath(url.pathname)) return 'public';
	if (url.pathname.endsWith('/__data.json')) return 'network';
	if (precached.has(url.pathname) || url.pathname.startsWith('/_app/immutable/')) return 'cache';
	return 'network';
}

/**
 * A cached shell carries the CSP nonce of the answer it was cached from. Each served copy gets a fresh
 * one (header and every `nonce="…"` attribute alike), so a nonce is never reused across page loads.
 */
export function renonce(csp: string, html: string, fresh: string): { csp: string; html: string } | null {
	const match = /'nonce-([A-Za-z0-9+/=_-]+)'/.exec(csp);
	if (!match) return null;
	const old = match[1] as string;
	return { csp: csp.split(`'nonce-${old}'`).join(`'nonce-${fresh}'`), html: html.split(`nonce="${old}"`).join(`nonce="${fresh}"`) };
}

/**
 * The files to precache from SvelteKit's lists (`$service-worker` build and files): everything the
 * build emitted that a page can load (scripts, styles, the two Khmer font files) and the static
 * folder (icons, manifests), minus what a phone never needs offline.
 */
export function precacheList(build: readonly string[], files: readonly string[]): string[] {
	const skip = (path: string) => path.endsWith('.map') || path.endsWith('.woff') || path.endsWith('/.DS_Store');
	return [...new Set([...build, ...files])].filter((path) => !skip(path));
}
