// API tokens on My account, in Khmer on a phone (360 px): make a read token, copy it once, use it as
// Bearer from outside the browser, see "last used", revoke it and see it refused. Screenshots in
// tests/e2e/screenshots/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
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

const asToken = (token: string) =>
  fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ definitions { key } }' }) }).then((r) => r.json() as Promise<{ data?: { definitions: unknown[] }; errors?: Array<{ extensions: { code: string } }> }>);

describe('API tokens on My account', () => {
  it('makes, shows once, uses and revokes a token (360 px, Khmer)', async () => {
    const { page, errors } = await openPage(browser, { width: 360, height: 780 }, contexts);
    await signInAt(page, server.url, 'admin', server.adminPassword);
    await page.goto(`${server.url}/account`);
    const card = page.locator('[data-testid=api-tokens]');
    expect(await card.locator('h2').textContent()).toMatch(KHMER);
    expect(await page.textContent('[data-testid=api-tokens-all]')).toMatch(KHMER); // the administrator sees everyone's
    await page.fill('[data-testid=api-token-name]', 'Power BI ខេត្តបាត់ដំបង');
    await page.click('[data-testid=api-token-create]');
    const secret = (await page.textContent('[data-testid=api-token-secret]'))!.trim();
    expect(secret).toMatch(/^sat_[a-z2-7]{32}$/);
    await page.waitForSelector('[data-testid=api-token][data-state=active]');
    await screenshot(page, 'api-tokens-created-phone');
    const used = await asToken(secret);
    expect(used.data?.definitions.length).toBeGreaterThan(5);
    await page.reload();
    expect(await page.locator('[data-testid=api-token-secret]').count()).toBe(0); // shown once only
    expect(await page.textContent('[data-testid=api-token]')).not.toContain('មិនដែល'); // last used is set
    await page.click('[data-testid=api-token-revoke]');
    await page.waitForSelector('[data-testid=api-token][data-state=revoked]');
    await screenshot(page, 'api-tokens-revoked-phone');
    expect((await asToken(secret)).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(errors).toEqual([]);
  });
});
