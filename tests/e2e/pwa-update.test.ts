// Issue 9, "deploy a new app build while records are pending": a new build (its service worker has
// another version) is deployed on the same address while a form is open with fresh input (the fill
// page's autosaved draft) and another record waits in IndexedDB (a record in a database of its own,
// standing in for any local data). The old worker keeps serving both tabs, the banner says the update waits
// for the open form, nothing in IndexedDB changes; once the form is closed the new version takes over
// in every tab, and every record is still there.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureWebBuild, startTestServer, type TestServer } from '../helpers/server';
import { launchBrowser, signInAt, watchErrors } from './browser';
import { SHOTS, controllerVersion, dumpIndexedDb, makeNextBuild, seedRecord, waitForWorker } from './pwa';

const FORM = 'csc-health-centre';
const READY = '.formio-form input:not([disabled])';
const TYPED = 'Update-safe provider 7';

let dataDir: string;
let server: TestServer | null = null;
let browser: Browser;
let next: ReturnType<typeof makeNextBuild>;

beforeAll(async () => {
	ensureWebBuild();
	next = makeNextBuild('next');
	dataDir = mkdtempSync(join(tmpdir(), 'sa-e2e-update-'));
	server = await startTestServer({ dataDir });
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.close();
	rmSync(dataDir, { recursive: true, force: true });
	next?.remove();
});

async function banner(page: Page): Promise<string | null> {
	const el = page.locator('[data-testid=update-banner]');
	return (await el.count()) ? el.getAttribute('data-phase') : null;
}

/** Waits (through the reload the switch causes) until the page's worker is of `version`. */
async function waitForVersion(page: Page, version: string): Promise<void> {
	const until = Date.now() + 30_000;
	let seen = '';
	while (Date.now() < until) {
		seen = await controllerVersion(page).catch(() => '');
		if (seen === version) return;
		await page.waitForTimeout(200);
	}
	throw new Error(`page still on worker ${seen || '(none)'}, expected ${version}`);
}

describe('app update while records are pending', () => {
	it('keeps the old version until the open form is closed, loses nothing, then switches', async () => {
		const live = server as TestServer;
		const port = Number(new URL(live.url).port);
		const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'km-KH' });
		const form = await context.newPage();
		const errors = watchErrors(form);
		await signInAt(form, live.url, 'admin', live.adminPassword);
		await form.goto(`${live.url}/field`);
		expect(await waitForWorker(form)).toBe(next.previous);

		// A finished record waits locally, and the form is open with input not yet saved anywhere.
		await seedRecord(form, 'sa-e2e-pending', { id: 'rec-1', form: FORM, data: { provider_name: 'finished earlier' } });
		await form.goto(`${live.url}/forms/${FORM}`);
		await form.locator(READY).first().waitFor();
		await form.fill('[name="data[provider_name]"]', TYPED);
		await form.waitForTimeout(1000); // autosave, if any, has run
		const before = await dumpIndexedDb(form);
		expect(before['sa-e2e-pending']?.stores.records).toHaveLength(1);
		// the fill page's autosave put the typed answer into its draft (web/lib/offline/)
		expect(JSON.stringify(before['sa-studio-field'])).toContain(TYPED);

		// Deploy: the server restarts on the same address with the next build.
		await live.close();
		server = null;
		server = await startTestServer({ dataDir, port, webBuildDir: next.dir });

		// Another tab opens the field home: the browser finds the new worker, which installs and waits.
		const other = await context.newPage();
		await other.goto(`${server.url}/field`);
		await other.waitForFunction(async () => (await navigator.serviceWorker.getRegistration())?.waiting != null, undefined, { timeout: 60_000 });
		await form.locator('[data-testid=update-banner][data-phase=held]').waitFor({ timeout: 10_000 });
		await other.locator('[data-testid=update-banner][data-phase=held]').waitFor({ timeout: 10_000 });
		expect(await form.locator('[data-testid=update-banner]').textContent()).toContain('កំណែថ្មី');
		await form.screenshot({ path: join(SHOTS, 'update-banner-held-km-360.png') });

		// The old worker still serves both tabs; the input and every local record are untouched.
		expect(await controllerVersion(form)).toBe(next.previous);
		expect(await controllerVersion(other)).toBe(next.previous);
		await other.reload();
		expect(await controllerVersion(other)).toBe(next.previous);
		expect(await form.inputValue('[name="data[provider_name]"]')).toBe(TYPED);
		expect(await dumpIndexedDb(form)).toEqual(before);

		// The facilitator closes the form (back to the field home): the new version takes over everywhere.
		const reloaded = other.waitForEvent('load', { timeout: 30_000 });
		await form.goto(`${server.url}/field`);
		await reloaded;
		await waitForVersion(form, next.version);
		await waitForVersion(other, next.version);
		expect(await banner(form)).toBeNull();

		// Nothing local was lost: every database and record from before is still there.
		const after = await dumpIndexedDb(form);
		for (const [name, db] of Object.entries(before)) {
			for (const [store, records] of Object.entries(db.stores)) {
				for (const record of records) expect(after[name]?.stores[store], `${name}/${store}`).toContainEqual(record);
			}
		}
		// and only this build's cache is left
		expect(await form.evaluate(() => caches.keys())).toEqual([`sa-${next.version}`]);
		expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
		await context.close();
	});
});
