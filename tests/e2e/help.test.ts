// Issue 11 in a real browser, as a trainer and a facilitator would use it: a trainer writes a Khmer +
// English help page with an uploaded image and a guided tour, publishes it, finds it from the page's
// "?" and in the search, and prints a handout (Khmer shaped with the app's font); a facilitator reads
// help offline after one visit; and every product page's "?" leads to that page's own help.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server';
import { launchBrowser, openPage, signInAt } from './browser';
import { KHMER, SHOTS, waitForWorker } from './pwa';

const TRAINER = { username: 'trainer.kt', password: 'teach-the-isaf-cycle-26', name: 'Trainer KT' };
const CAF = { username: 'caf.help', password: 'scorecard-village-meeting-7', name: 'CAF Help' };
const KEY = 'scorecard-tips';
/** A real picture: the app's own 192 px icon. */
const PNG = readFileSync(join(import.meta.dirname, '../../web/static/icons/icon-192.png'));

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function api<T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  expect(body.errors ?? []).toEqual([]);
  return body.data;
}

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const login = await fetch(`${server.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: server.adminPassword }) });
  const { token } = (await login.json()) as { token: string };
  const create = 'mutation U($input: CreateUserInput!) { createUser(input: $input) { username } }';
  await api(create, { input: { username: TRAINER.username, password: TRAINER.password, displayName: TRAINER.name, locale: 'km', mustChangePassword: false, grants: [{ role: 'trainer', scope: '' }] } }, token);
  await api(create, { input: { username: CAF.username, password: CAF.password, displayName: CAF.name, locale: 'km', mustChangePassword: false, grants: [{ role: 'facilitator', scope: '06' }] } }, token);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

describe('help centre', () => {
  it('a trainer writes a page with an image and a tour, publishes it, and finds it from the "?" and in search', async () => {
    const { page, errors } = await openPage(browser, { width: 1280, height: 900 }, contexts);
    await signInAt(page, server.url, TRAINER.username, TRAINER.password);
    await page.goto(`${server.url}/help`);
    await page.click('[data-testid=help-new]');
    await page.fill('[data-testid=help-key]', KEY);
    await page.fill('[data-testid=help-title-km]', 'គន្លឹះប័ណ្ណដាក់ពិន្ទុ');
    await page.fill('[data-testid=help-title-en]', 'Scorecard tips');
    await page.fill('[data-testid=help-body-km]', '## ការរៀបចំ\n\nរាប់អ្នកចូលរួមមុនពេលចាប់ផ្តើមដាក់ពិន្ទុ។\n\n');
    await page.fill('[data-testid=help-body-en]', '## Preparing\n\nCount the participants before scoring starts.\n\n');
    await page.setInputFiles('[data-testid=help-body-km-image]', { name: 'map.png', mimeType: 'image/png', buffer: PNG });
    await page.waitForFunction(() => (document.querySelector('[data-testid=help-body-km]') as HTMLTextAreaElement).value.includes('](image:'));
    await page.click('[data-testid=help-body-en-tool-tip]');
    await page.locator('[data-testid=help-body-en-preview] .help-note--tip').waitFor();
    await page.locator('[data-testid=help-body-km-preview] img[src^="/help-images/"]').waitFor();
    await page.fill('[data-testid=help-routes]', '/dashboard');
    await page.selectOption('[data-testid=tour-route]', '/dashboard');
    await page.selectOption('[data-testid=tour-step-target]', 'dashboard-year');
    await page.fill('[data-testid=tour-step-title-km]', 'ឆ្នាំ');
    await page.fill('[data-testid=tour-step-title-en]', 'The year');
    await page.fill('[data-testid=tour-step-text-km]', 'ជ្រើសរើសឆ្នាំនៃវដ្ត ISAF។');
    await page.fill('[data-testid=tour-step-text-en]', 'Choose the year of the ISAF cycle.');
    await page.screenshot({ path: join(SHOTS, 'help-editor-km-desktop.png'), fullPage: true });
    await page.click('[data-testid=help-save]');
    await page.waitForURL(`**/help/${KEY}/edit`);
    await page.click('[data-testid=help-publish]');
    await expect.poll(() => page.locator('[data-testid=help-message]').textContent()).toMatch(KHMER);

    // From the dashboard's "?": the page and its tour.
    await page.goto(`${server.url}/dashboard`);
    await page.click('[data-testid=help-link]');
    const menu = page.locator('[data-testid=help-menu]');
    await menu.locator('[data-testid=help-menu-page]', { hasText: 'គន្លឹះប័ណ្ណដាក់ពិន្ទុ' }).waitFor();
    await menu.locator('[data-testid=help-menu-tour]').click();
    await page.locator('.driver-popover', { hasText: 'ឆ្នាំ' }).waitFor();
    expect(await page.locator('.driver-popover-description').textContent()).toBe('ជ្រើសរើសឆ្នាំនៃវដ្ត ISAF។');
    expect(await page.locator('[data-testid=tour-offer]').count()).toBe(0); // asked for: not offered as well
    await page.waitForTimeout(700); // driver.js fades the popover in
    await page.screenshot({ path: join(SHOTS, 'help-tour-dashboard-km.png') });
    await page.keyboard.press('Escape');

    // Search: a Khmer word in the middle of unspaced text.
    await page.goto(`${server.url}/help?q=${encodeURIComponent('អ្នកចូលរួម')}`);
    expect(await page.locator('[data-testid=help-hit] a').allTextContents()).toContain('គន្លឹះប័ណ្ណដាក់ពិន្ទុ');

    // The page as readers see it, at 360 px, with the picture served by SA Studio.
    const { page: phone } = await openPage(browser, { width: 360, height: 740 }, contexts);
    await phone.goto(`${server.url}/help/${KEY}`);
    await phone.locator('[data-testid=help-body] img').waitFor();
    await expect.poll(() => phone.locator('[data-testid=help-body] img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(192);
    await phone.screenshot({ path: join(SHOTS, 'help-page-km-360.png'), fullPage: true });
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });

  it('prints a guide as a PDF handout in the app\'s Khmer font', async () => {
    const { page } = await openPage(browser, { width: 1280, height: 900 }, contexts);
    await page.goto(`${server.url}/help/guide-trainer`);
    await page.locator('[data-testid=help-article] h1').waitFor();
    await page.evaluate(() => document.fonts.ready);
    const pdf = await page.pdf({ format: 'A4', printBackground: true, displayHeaderFooter: true, footerTemplate: '<div style="font-size:8px;width:100%;text-align:center"><span class="pageNumber"></span> / <span class="totalPages"></span></div>', headerTemplate: '<div></div>', margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' } });
    writeFileSync(join(SHOTS, 'help-guide-trainer.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // The shipped Noto Sans Khmer is embedded (not a system fallback), and it runs to several pages.
    expect(pdf.toString('latin1')).toMatch(/NotoSansKhmer/);
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBeGreaterThan(3);
  });

  it('a facilitator reads help offline after one visit', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'km-KH' });
    contexts.push(context);
    const page = await context.newPage();
    await signInAt(page, server.url, CAF.username, CAF.password);
    await page.goto(`${server.url}/field`);
    // The first worker claims the page while it loads; ask again on the reloaded page if that raced.
    await waitForWorker(page).catch(async () => {
      await page.reload();
      await waitForWorker(page);
    });
    await page.goto(`${server.url}/help/fill`);
    await page.locator('[data-testid=help-article] h1').waitFor();
    // The worker keeps its anonymous copy in the background; give it a moment.
    await expect.poll(() => page.evaluate(async () => (await caches.keys()).length > 0 && !!(await caches.match('/help/fill'))), { timeout: 15_000 }).toBe(true);
    await context.setOffline(true);
    await page.goto(`${server.url}/help/fill`);
    expect(await page.locator('[data-testid=help-article] h1').textContent()).toBe('ការបំពេញទម្រង់');
    await page.screenshot({ path: join(SHOTS, 'help-offline-km-360.png'), fullPage: true });
    await context.setOffline(false);
  });

  it('every product page\'s "?" opens that page\'s own help', async () => {
    const { page } = await openPage(browser, { width: 1280, height: 900 }, contexts);
    // Signed out: the sign-in page's own help.
    await page.goto(`${server.url}/login`);
    const loginHelp = await page.locator('[data-testid=help-link]').first().getAttribute('href');
    const loginAnswer = await page.request.get(`${server.url}${loginHelp}`, { maxRedirects: 0 });
    expect(loginAnswer.headers().location).toMatch(/^\/help\/login(\?|$)/);
    await signInAt(page, server.url, 'admin', server.adminPassword);
    const expected: Array<[string, string]> = [
      ['/', 'home'],
      ['/dashboard', 'dashboard'],
      ['/indicators', 'indicators'],
      ['/indicators/median-score', 'indicators'],
      ['/builder', 'builder'],
      ['/builder/jaap', 'builder'],
      ['/data/jaap', 'data'],
      ['/admin/users', 'admin-users'],
      ['/admin/users/new', 'admin-users'],
      ['/admin/audit', 'admin-audit'],
      ['/admin/geography', 'admin-geography'],
      ['/account', 'account'],
      ['/field', 'fill'],
      ['/forms/jaap', 'fill'],
    ];
    for (const [path, key] of expected) {
      await page.goto(`${server.url}${path}`);
      const href = await page.locator('[data-testid=help-link]').first().getAttribute('href');
      expect(href, path).toMatch(/^\/help\?for=/);
      const response = await page.request.get(`${server.url}${href}`, { maxRedirects: 0 });
      expect(response.status(), path).toBe(303);
      expect(response.headers().location, path).toMatch(new RegExp(`^/help/${key}(\\?|$)`));
    }
    // The builder's per-widget "?" links land on a heading of the builder help.
    await page.goto(`${server.url}/help/builder`);
    for (const id of ['text', 'number', 'geography', 'provider', 'repeat']) expect(await page.locator(`[id="${id}"]`).count(), id).toBe(1);
  });
});
