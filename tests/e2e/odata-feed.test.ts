// The data page's "Live feed" dialog in Khmer, at 360 px and on desktop: it shows this server's OData
// address for the form (and the CSV address with the table's filters), and the OData address answers
// with the form's service document when read with an API token as Basic credentials, as Power BI
// would. Screenshots in tests/e2e/screenshots/.
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

describe('the live feed dialog', () => {
  it.each([
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 360, height: 780 }],
  ])('shows addresses that a BI tool can read (%s)', async (name, viewport) => {
    const { page, errors } = await openPage(browser, viewport, contexts);
    await signInAt(page, server.url, 'admin', server.adminPassword);
    await page.goto(`${server.url}/data/i4c-session?geo=06`);
    await page.click('[data-testid=open-feed]');
    await page.waitForSelector('[data-testid=feed-dialog][open]');
    expect(await page.textContent('#feed-title')).toMatch(KHMER);
    const odata = await page.inputValue('[data-testid=feed-odata-url]');
    expect(odata).toBe(`${server.url.replace('127.0.0.1', new URL(page.url()).hostname)}/odata/i4c-session.svc/`);
    expect(await page.inputValue('[data-testid=feed-csv-url]')).toMatch(/\/export\/i4c-session\.csv\?.*geo=06/);
    await screenshot(page, `odata-feed-${name}`);
    const box = await page.locator('[data-testid=feed-dialog]').boundingBox();
    expect(box!.width).toBeLessThanOrEqual(viewport.width);
    expect(errors).toEqual([]);

    const made = await page.evaluate(async () => {
      const res = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'mutation { createApiToken(input: { name: "Power BI", scope: read, expiresInDays: 1 }) { token } }' }) });
      return ((await res.json()) as { data: { createApiToken: { token: string } } }).data.createApiToken.token;
    });
    const res = await fetch(odata, { headers: { authorization: `Basic ${Buffer.from(`powerbi:${made}`).toString('base64')}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { value: Array<{ name: string }> }).value.map((s) => s.name)).toContain('Submissions');
  });
});
