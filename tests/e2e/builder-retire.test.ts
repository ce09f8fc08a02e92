// The builder's Retire button and its guard against leaving with unsaved changes, in Khmer: a link
// inside the app asks first (staying keeps the edit; leaving drops it), and a published form is
// retired after a confirmation, which the page then says and the server records. At 360 px and on
// desktop; screenshots in tests/e2e/screenshots/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server';
import { launchBrowser, openPage, screenshot, signInAt } from './browser';
import fixture from '../fixtures/form-engine/defaults.json' with { type: 'json' };

const KHMER = /[\u1780-\u17FF]/;
let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function gql(page: Page, query: string, variables: Record<string, unknown> = {}) {
  return page.evaluate(
    async ({ query, variables }) => (await (await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })).json()) as { data?: Record<string, unknown>; errors?: unknown[] },
    { query, variables },
  );
}

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
});

describe('builder: leaving with unsaved changes, and retiring', () => {
  it.each([
    ['desktop', { width: 1280, height: 900 }, 'retire-desktop'],
    ['phone', { width: 360, height: 780 }, 'retire-phone'],
  ])('asks before dropping edits and retires after confirming (%s)', async (name, viewport, key) => {
    const { page, errors } = await openPage(browser, viewport, contexts);
    await signInAt(page, server.url, 'admin', server.adminPassword);
    expect((await gql(page, 'mutation($k: String!, $s: JSON!) { saveDraft(key: $k, schema: $s) { version } }', { k: key, s: fixture.definition })).errors).toBeUndefined();
    expect((await gql(page, 'mutation($k: String!) { publish(key: $k) { version } }', { k: key })).errors).toBeUndefined();
    await page.goto(`${server.url}/builder/${key}`);
    await page.locator('[data-testid=builder-host] .builder-component').first().waitFor();

    // An unsaved edit: the form-list link asks; dismissing stays with the edit.
    await page.locator('.builder-component', { hasText: 'ទីកន្លែង' }).first().click();
    await page.locator('[data-testid=field-panel] [data-testid=label-en]').fill('Meeting place');
    await page.locator('[data-testid=field-panel] [data-testid=label-en]').press('Tab');
    const asked: string[] = [];
    page.once('dialog', (d) => void (asked.push(d.message()), d.dismiss()));
    await page.click('p.meta a[href="/builder"]');
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toMatch(KHMER);
    expect(new URL(page.url()).pathname).toBe(`/builder/${key}`);
    expect(await page.inputValue('[data-testid=field-panel] [data-testid=label-en]')).toBe('Meeting place');
    // Accepting leaves.
    page.once('dialog', (d) => void d.accept());
    await page.click('p.meta a[href="/builder"]');
    await page.waitForURL(/\/builder$/);

    // Retire the published version (nothing unsaved: the button is there).
    await page.goto(`${server.url}/builder/${key}`);
    await page.locator('[data-testid=retire-form]').waitFor();
    expect(await page.textContent('[data-testid=retire-form]')).toMatch(KHMER);
    page.once('dialog', (d) => void d.accept());
    await page.click('[data-testid=retire-form]');
    await page.locator('[data-testid=retired-notice]').waitFor();
    expect(await page.textContent('[data-testid=retired-notice]')).toMatch(KHMER);
    expect(await page.textContent('[data-testid=builder-status]')).toContain('ឈប់ប្រើ');
    await screenshot(page, `builder-retired-${name}`);
    const status = await gql(page, 'query($k: String!) { definition(key: $k, version: 1) { status } }', { k: key });
    expect((status.data?.definition as { status: string }).status).toBe('RETIRED');
    expect(await page.locator('[data-testid=retire-form]').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
