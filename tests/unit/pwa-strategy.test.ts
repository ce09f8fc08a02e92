// The service worker's rules (web/lib/pwa/strategy.ts): what is answered from the cache, what never
// is (API, sign-in, exports, uploads, data requests), which navigations get the offline app shell.
import { describe, expect, it } from 'vitest';
import { cacheName, isPrivatePath, precacheList, renonce, staleCaches, strategyFor, type RequestFacts } from '../../web/lib/pwa/strategy';

const ORIGIN = 'http://127.0.0.1:3000';
const PRECACHED = new Set(['/_app/immutable/entry/start.abc.js', '/favicon.svg', '/manifest-km.webmanifest']);

function facts(path: string, init: Partial<Omit<RequestFacts, 'url'>> & { origin?: string } = {}): RequestFacts {
	return { url: new URL(path, init.origin ?? ORIGIN), method: init.method ?? 'GET', mode: init.mode ?? 'no-cors' };
}

describe('service worker strategy', () => {
	it('answers this build’s files from the cache, precached or immutable', () => {
		expect(strategyFor(facts('/_app/immutable/entry/start.abc.js', { mode: 'cors' }), ORIGIN, PRECACHED)).toBe('cache');
		expect(strategyFor(facts('/_app/immutable/chunks/lazy.def.js', { mode: 'cors' }), ORIGIN, PRECACHED)).toBe('cache');
		expect(strategyFor(facts('/favicon.svg'), ORIGIN, PRECACHED)).toBe('cache');
		expect(strategyFor(facts('/robots.txt'), ORIGIN, PRECACHED)).toBe('network');
	});

	it('never answers the API, sign-in, exports, uploads or page data from a cache', () => {
		for (const path of ['/graphql', '/graphql?x=1', '/auth/login', '/auth/logout', '/export/abc.csv', '/export/indicator/x.xlsx', '/admin/geo/import', '/admin/geo/import/7', '/admin/providers/import', '/reports/progress', '/healthz', '/data/csc/__data.json']) {
			expect(strategyFor(facts(path, { mode: 'cors' }), ORIGIN, PRECACHED), path).toBe('network');
		}
		expect(isPrivatePath('/graphqlx')).toBe(true); // prefix: nothing under /graphql is a page
		expect(isPrivatePath('/forms/x')).toBe(false);
	});

	it('leaves other methods and other origins alone', () => {
		expect(strategyFor(facts('/favicon.svg', { method: 'POST' }), ORIGIN, PRECACHED)).toBe('network');
		expect(strategyFor(facts('/field', { method: 'POST', mode: 'navigate' }), ORIGIN, PRECACHED)).toBe('network');
		expect(strategyFor(facts('/favicon.svg', { origin: 'http://evil.example' }), ORIGIN, PRECACHED)).toBe('network');
	});

	it('serves the shell for the client-only pages and network-first for server-rendered ones', () => {
		expect(strategyFor(facts('/field', { mode: 'navigate' }), ORIGIN, PRECACHED)).toBe('shell');
		expect(strategyFor(facts('/forms/csc-health-centre?version=2', { mode: 'navigate' }), ORIGIN, PRECACHED)).toBe('shell');
		expect(strategyFor(facts('/', { mode: 'navigate' }), ORIGIN, PRECACHED)).toBe('page');
		expect(strategyFor(facts('/data/csc-health-centre', { mode: 'navigate' }), ORIGIN, PRECACHED)).toBe('page');
		expect(strategyFor(facts('/fieldwork', { mode: 'navigate' }), ORIGIN, PRECACHED)).toBe('page');
		// ?lang= sets a cookie on the server and redirects: always the network
		expect(strategyFor(facts('/field?lang=en', { mode: 'navigate' }), ORIGIN, PRECACHED)).toBe('network');
		// a sign-in or export opened as a page is still never cached
		expect(strategyFor(facts('/export/abc.csv', { mode: 'navigate' }), ORIGIN, PRECACHED)).toBe('network');
	});

	it('names caches after the build and finds only our old ones', () => {
		expect(cacheName('1764590000000')).toBe('sa-1764590000000');
		expect(staleCaches(['sa-1', 'sa-2', 'other-app', 'sa-3'], '2')).toEqual(['sa-1', 'sa-3']);
	});

	it('gives a cached shell a fresh nonce in the header and in every script', () => {
		const csp = "default-src 'self'; script-src 'self' 'unsafe-eval' 'nonce-OLD123'; style-src 'self'";
		const html = '<script nonce="OLD123">a()</script><link nonce="OLD123"><p>nonce="OTHER"</p>';
		const out = renonce(csp, html, 'NEW456');
		expect(out).toEqual({
			csp: "default-src 'self'; script-src 'self' 'unsafe-eval' 'nonce-NEW456'; style-src 'self'",
			html: '<script nonce="NEW456">a()</script><link nonce="NEW456"><p>nonce="OTHER"</p>',
		});
		expect(renonce("default-src 'self'", html, 'X')).toBeNull();
	});

	it('precaches build and static files but no source maps or woff fallbacks', () => {
		expect(precacheList(['/_app/immutable/a.js', '/_app/immutable/a.js.map', '/_app/immutable/assets/f.woff', '/_app/immutable/assets/f.woff2'], ['/favicon.svg', '/_app/immutable/a.js'])).toEqual([
			'/_app/immutable/a.js',
			'/_app/immutable/assets/f.woff2',
			'/favicon.svg',
		]);
	});
});

describe('help offline', () => {
	it('keeps help pages readable offline, but not searches, the editor or drafts', () => {
		expect(strategyFor(facts('/help', { mode: 'navigate' }), ORIGIN, PRECACHED)).toBe('help');
		expect(strategyFor(facts('/help/guide-facilitator', { mode: 'navigate' }), ORIGIN, PRECACHED)).toBe('help');
		expect(strategyFor(facts('/help/fill?from=%2Ffield', { mode: 'navigate' }), ORIGIN, PRECACHED)).toBe('help');
		for (const path of ['/help?q=ទម្រង់', '/help?for=%2Fdashboard', '/help/fill?version=2', '/help/fill/edit', '/help/new', '/help/new/x']) {
			expect(strategyFor(facts(path, { mode: 'navigate' }), ORIGIN, PRECACHED), path).toBe('page');
		}
		expect(strategyFor(facts('/help/fill/__data.json', { mode: 'cors' }), ORIGIN, PRECACHED)).toBe('network');
	});

	it('answers help images from the cache first (their address is their hash)', () => {
		expect(strategyFor(facts(`/help-images/${'a'.repeat(64)}`), ORIGIN, PRECACHED)).toBe('public');
		expect(strategyFor(facts('/help-images/not-a-hash'), ORIGIN, PRECACHED)).toBe('network');
		expect(strategyFor(facts(`/help-images/${'a'.repeat(64)}`, { method: 'POST' }), ORIGIN, PRECACHED)).toBe('network');
		expect(strategyFor(facts(`/audio-prompts/${'b'.repeat(64)}`), ORIGIN, PRECACHED)).toBe('public');
		expect(strategyFor(facts('/audio-prompts/x'), ORIGIN, PRECACHED)).toBe('network');
		expect(strategyFor(facts('/api/audio-prompts', { method: 'POST' }), ORIGIN, PRECACHED)).toBe('network');
	});
});
