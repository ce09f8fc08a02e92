// Why: the figures issue 9 asks for about the offline field app, each with its baseline in the same
// run: time to a usable fill form at 360x740 with 4x CPU throttling and a slow-3G profile (first
// visit, repeat visit with the service worker installed, offline reload) and the JavaScript/CSS bytes
// a repeat visit still fetches from the network (page requests not answered by the worker, plus the
// worker's own network fetches), against what a first visit fetches.
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { launchBrowser } from '../../tests/e2e/browser';
import { startTestServer, type TestServer } from '../../tests/helpers/server';

/** Chrome DevTools' "Slow 3G" preset (as Puppeteer defines it): 2 s latency, 50 kB/s each way. */
export const SLOW_3G = { offline: false, latency: 2000, downloadThroughput: 50_000, uploadThroughput: 50_000 };
const CPU_SLOWDOWN = 4;
const VIEWPORT = { width: 360, height: 740 };
const FORM = 'csc-health-centre';
const READY = '.formio-form input:not([disabled])';

export interface Visit {
	/** Navigation start to the first enabled input of the form, or NaN when it never came. */
	ms: number;
	/** Requests the page made (answered by the network, the HTTP cache or the worker). */
	requests: number;
	/** JavaScript and CSS bytes that crossed the network (encoded, headers included). */
	jsCssBytes: number;
}

export interface FieldFigures {
	first: Visit;
	repeat: Visit;
	offline: Visit;
	rounds: number;
}

const isJsCss = (url: string): boolean => /\.(m?js|css)(\?|$)/.test(new URL(url).pathname);

/** Counts the page's requests and its JS/CSS network bytes over CDP, plus the worker's network fetches. */
async function watchNetwork(context: BrowserContext, cdp: CDPSession): Promise<() => Omit<Visit, 'ms'>> {
	const meta = new Map<string, { url: string; network: boolean }>();
	let requests = 0;
	let pageBytes = 0;
	let workerBytes = 0;
	cdp.on('Network.requestWillBeSent', () => requests++);
	cdp.on('Network.responseReceived', (e) => {
		meta.set(e.requestId, { url: e.response.url, network: !e.response.fromServiceWorker && !e.response.fromDiskCache && !e.response.fromPrefetchCache });
	});
	cdp.on('Network.loadingFinished', (e) => {
		const m = meta.get(e.requestId);
		if (m?.network && isJsCss(m.url)) pageBytes += e.encodedDataLength;
	});
	const onWorker = (request: import('playwright-core').Request) => {
		if (!request.serviceWorker() || !isJsCss(request.url())) return;
		void request.sizes().then((s) => (workerBytes += s.responseBodySize + s.responseHeadersSize)).catch(() => undefined);
	};
	context.on('requestfinished', onWorker);
	await cdp.send('Network.enable');
	return () => {
		context.off('requestfinished', onWorker);
		return { requests, jsCssBytes: pageBytes + workerBytes };
	};
}

async function throttled(context: BrowserContext, network: boolean): Promise<{ page: Page; cdp: CDPSession }> {
	const page = await context.newPage();
	const cdp = await context.newCDPSession(page);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
	if (network) await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
	return { page, cdp };
}

async function visit(context: BrowserContext, url: string, network: boolean, timeoutMs: number): Promise<Visit> {
	const { page, cdp } = await throttled(context, network);
	const done = await watchNetwork(context, cdp);
	const started = performance.now();
	let ms = Number.NaN;
	try {
		await page.goto(url, { timeout: timeoutMs });
		await page.locator(READY).first().waitFor({ state: 'visible', timeout: timeoutMs });
		ms = performance.now() - started;
	} catch {
		// not usable in time: reported as n/a
	}
	await page.waitForTimeout(500);
	const counts = done();
	await page.close();
	return { ms, ...counts };
}

async function signedInContext(browser: Browser, server: TestServer, token: string): Promise<BrowserContext> {
	const context = await browser.newContext({ viewport: VIEWPORT, locale: 'km-KH' });
	await context.addCookies([{ name: 'sa_session', value: token, url: server.url }]);
	return context;
}

/** Opens the fill page once at full speed and waits until the worker controls it with its precache done. */
async function installWorker(context: BrowserContext, url: string): Promise<void> {
	const page = await context.newPage();
	await page.goto(url);
	await page.locator(READY).first().waitFor({ state: 'visible', timeout: 60_000 });
	await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated' && navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
	await page.close();
}

function median(visits: Visit[]): Visit {
	const pick = <K extends keyof Visit>(k: K): number => {
		const values = visits.map((v) => v[k]).sort((a, b) => (Number.isNaN(a) ? 1 : Number.isNaN(b) ? -1 : a - b));
		return values[Math.floor(values.length / 2)] as number;
	};
	return { ms: pick('ms'), requests: pick('requests'), jsCssBytes: pick('jsCssBytes') };
}

export async function benchFieldApp(rounds = 3): Promise<FieldFigures> {
	const server = await startTestServer();
	const browser = await launchBrowser();
	try {
		const login = await fetch(`${server.url}/auth/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: 'admin', password: server.adminPassword }),
		});
		const { token } = (await login.json()) as { token: string };
		const url = `${server.url}/forms/${FORM}`;
		const first: Visit[] = [];
		const repeat: Visit[] = [];
		const offline: Visit[] = [];
		for (let i = 0; i < rounds; i++) {
			const fresh = await signedInContext(browser, server, token);
			first.push(await visit(fresh, url, true, 90_000));
			await fresh.close();

			const installed = await signedInContext(browser, server, token);
			await installWorker(installed, url);
			repeat.push(await visit(installed, url, true, 30_000));
			await installed.setOffline(true);
			offline.push(await visit(installed, url, false, 30_000));
			await installed.close();
		}
		return { first: median(first), repeat: median(repeat), offline: median(offline), rounds };
	} finally {
		await browser.close();
		await server.close();
	}
}
