// Admin → Webhooks in Khmer, on a phone (360 px) and a desktop: a forbidden address is refused at
// its field, a webhook is made and its secret shown once, turned off and on, a test is sent and its
// attempt appears in the delivery log (the sandbox has no internet: the attempt fails and is logged
// with its error), and the webhook is deleted after the confirmation. Screenshots in
// tests/e2e/screenshots/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server';
import { launchBrowser, openPage, screenshot, signInAt } from './browser';

const KHMER = /[\u1780-\u17FF]/;
let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
});

async function make(page: Page, name: string, url: string) {
  await page.fill('[data-testid=webhook-name]', name);
  await page.fill('[data-testid=webhook-url]', url);
  await page.click('[data-testid=webhook-submit]');
}

describe('Admin → Webhooks', () => {
  it('makes a webhook, shows its secret once, sends a test and shows the log (360 px, Khmer)', async () => {
    const { page, errors } = await openPage(browser, { width: 360, height: 780 }, contexts);
    await signInAt(page, server.url, 'admin', server.adminPassword);
    await page.goto(`${server.url}/admin`);
    await page.click('a[href="/admin/webhooks"]');
    await page.waitForURL(/\/admin\/webhooks/);
    expect(await page.textContent('h1')).toMatch(KHMER);
    expect(await page.textContent('.page-head p')).toMatch(KHMER);

    await make(page, 'ប្រព័ន្ធខាងក្រៅ', 'https://127.0.0.1/hook');
    const refused = (await page.locator('[data-testid=webhook-url-error]').textContent())!;
    expect(refused).toMatch(KHMER);
    await screenshot(page, 'webhooks-refused-360-km');

    await make(page, 'ប្រព័ន្ធខាងក្រៅ', 'https://93.184.215.14/sa-studio');
    const secret = (await page.textContent('[data-testid=temporary-password]'))!.trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    await expect.poll(() => page.locator('[data-testid=webhook]').count()).toBe(1);
    await screenshot(page, 'webhooks-created-360-km');
    // The secret is never sent again.
    await page.reload();
    expect(await page.content()).not.toContain(secret);

    await page.click('[data-testid=webhook-toggle]');
    await expect.poll(() => page.getAttribute('[data-testid=webhook]', 'data-enabled')).toBe('false');
    await page.click('[data-testid=webhook-toggle]');
    await expect.poll(() => page.getAttribute('[data-testid=webhook]', 'data-enabled')).toBe('true');

    await page.click('[data-testid=webhook-test]');
    await page.click('[data-testid=webhook-log-link]');
    await page.waitForURL(/log=/);
    // The worker attempts the ping (nudged, or on its next poll); the sandbox cannot reach the address.
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator('[data-testid=webhook-delivery-error]').count();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(1);
    expect(await page.getAttribute('[data-testid=webhook-delivery]', 'data-status')).toBe('pending');
    await screenshot(page, 'webhooks-log-360-km');
    expect(errors).toEqual([]);
  });

  it('lays out on a desktop and deletes after asking (Khmer)', async () => {
    const { page, errors } = await openPage(browser, { width: 1280, height: 900 }, contexts);
    await signInAt(page, server.url, 'admin', server.adminPassword);
    await page.goto(`${server.url}/admin/webhooks`);
    const id = await page.getAttribute('[data-testid=webhook-log-link]', 'href');
    await page.goto(`${server.url}/admin/webhooks${id}`);
    await screenshot(page, 'webhooks-desktop-km');
    // A new secret: asked first, shown once, the old one still signing for a day.
    await page.click('[data-testid=webhook-rotate]');
    await page.click('[data-testid=confirm-ok]');
    await page.waitForSelector('[data-testid=temporary-password]');
    expect((await page.textContent('[data-testid=temporary-password]'))!.trim()).toMatch(/^whsec_/);
    await expect.poll(() => page.locator('[data-testid=webhook-previous-secret]').count()).toBe(1);
    await screenshot(page, 'webhooks-rotated-desktop-km');
    await page.click('[data-testid=webhook-delete]');
    await page.click('[data-testid=confirm-ok]');
    await expect.poll(() => page.locator('[data-testid=webhook]').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
