// Issue 9, installable PWA: after one online visit (sign in, the field home, a form), with the
// network cut, reloading the home page and the form page works, in Khmer, and the form fills.
// Also: the manifest and the service worker are served with the right type and policy.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server';
import { launchBrowser, signInAt, watchErrors } from './browser';
import { KHMER, SHOTS, waitForWorker } from './pwa';

const FORM = 'csc-health-centre';
const READY = '.formio-form input:not([disabled])';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
	server = await startTestServer();
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.close();
});

describe('offline field app', () => {
	it('serves the manifests and the worker with their types and policies', async () => {
		for (const lang of ['km', 'en'] as const) {
			const res = await fetch(`${server.url}/manifest-${lang}.webmanifest`);
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
			const manifest = (await res.json()) as { lang: string; name: string; start_url: string; display: string; icons: Array<{ src: string; purpose?: string }> };
			expect(manifest).toMatchObject({ lang, start_url: '/field', display: 'standalone' });
			if (lang === 'km') expect(manifest.name).toMatch(KHMER);
			expect(manifest.icons.map((i) => i.src)).toEqual(['/icons/icon.svg', '/icons/icon-192.png', '/icons/icon-512.png', '/icons/maskable-512.png']);
			for (const icon of manifest.icons) expect((await fetch(`${server.url}${icon.src}`)).status, icon.src).toBe(200);
		}
		const worker = await fetch(`${server.url}/service-worker.js`);
		expect(worker.status).toBe(200);
		expect(worker.headers.get('content-type')).toMatch(/javascript/);
		expect(worker.headers.get('content-security-policy')).toBe("default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
		const page = await fetch(`${server.url}/login`);
		expect(page.headers.get('content-security-policy')).toContain("worker-src 'self'");
		expect(page.headers.get('content-security-policy')).toContain("manifest-src 'self'");
		expect(await page.text()).toContain('<link rel="manifest" href="/manifest-km.webmanifest"');
	});

	it('reloads the home page and a form with no connection, in Khmer, and the form fills', async () => {
		const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'km-KH' });
		const page = await context.newPage();
		const errors = watchErrors(page);
		await signInAt(page, server.url, 'admin', server.adminPassword);
		await page.goto(`${server.url}/field`);
		const version = await waitForWorker(page);
		expect(version).toMatch(/\S/);
		await page.goto(`${server.url}/forms/${FORM}`);
		await page.locator(READY).first().waitFor();

		await context.setOffline(true);
		// The home page is server-rendered: offline the worker opens the field home instead.
		for (const step of ['home', 'reload']) {
			if (step === 'home') await page.goto(`${server.url}/`);
			else await page.reload();
			expect(new URL(page.url()).pathname, step).toBe('/field');
			await page.locator('h1').first().waitFor();
			expect(await page.getAttribute('html', 'lang')).toBe('km');
			expect(await page.locator('h1').first().textContent()).toMatch(KHMER);
		}
		await page.screenshot({ path: join(SHOTS, 'offline-home-km-360.png'), fullPage: true });

		// The form page opens from the cache and fills.
		await page.goto(`${server.url}/forms/${FORM}`);
		expect(new URL(page.url()).pathname).toBe(`/forms/${FORM}`);
		await page.locator(READY).first().waitFor({ timeout: 30_000 });
		expect(await page.getAttribute('html', 'lang')).toBe('km');
		expect(await page.locator('[data-testid=form-title]').textContent()).toMatch(KHMER);
		await page.fill('[name="data[provider_name]"]', 'មណ្ឌលសុខភាពតាកែវ');
		expect(await page.inputValue('[name="data[provider_name]"]')).toBe('មណ្ឌលសុខភាពតាកែវ');
		await page.reload();
		await page.locator(READY).first().waitFor({ timeout: 30_000 });
		await page.screenshot({ path: join(SHOTS, 'offline-form-km-360.png'), fullPage: true });
		expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
		await context.close();
	});
});
