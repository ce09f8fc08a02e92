// Default answers end to end, in Khmer at 360 px and on desktop: a form whose fields have defaults
// (saved through GraphQL as an XLSForm import would make it) shows them in the builder's panel; the
// officer changes one there, and a limit, and saves; the fill page starts with the defaults.
// Screenshots in tests/e2e/screenshots/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server';
import { launchBrowser, openPage, screenshot, signInAt } from './browser';
import fixture from '../fixtures/form-engine/defaults.json' with { type: 'json' };

const KEY = 'meeting-defaults';
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

describe('default answers', () => {
  it('are edited in the builder and prefill the fill page (desktop, then 360 px)', async () => {
    const { page, errors } = await openPage(browser, { width: 1280, height: 900 }, contexts);
    await signInAt(page, server.url, 'admin', server.adminPassword);
    expect((await gql(page, 'mutation($s: JSON!) { saveDraft(key: "meeting-defaults", schema: $s) { version } }', { s: fixture.definition })).errors).toBeUndefined();

    await page.goto(`${server.url}/builder/${KEY}`);
    await page.locator('.builder-component', { hasText: 'អ្នកចូលរួម' }).first().click();
    expect(await page.inputValue('[data-testid=field-panel] [data-testid=default-input]')).toBe('20');
    await page.locator('[data-testid=field-panel] [data-testid=default-input]').fill('25');
    await page.locator('[data-testid=field-panel] [data-testid=default-input]').press('Tab');
    // Limits ("More settings"): the largest value, shown as the engine reads it back.
    expect(await page.textContent('[data-testid=limits-editor] legend')).toContain('ការកំណត់បន្ថែម');
    expect(await page.inputValue('[data-testid=limit-max]')).toBe('500');
    await page.locator('[data-testid=limit-max]').fill('100');
    await page.locator('[data-testid=limit-max]').press('Tab');
    await page.locator('[data-testid=limits-editor]').scrollIntoViewIfNeeded();
    await screenshot(page, 'builder-limits-desktop');
    await page.locator('.builder-component', { hasText: 'កម្រិត' }).first().click();
    expect(await page.inputValue('[data-testid=field-panel] [data-testid=default-input]')).toBe('2');
    expect(await page.locator('[data-testid=limits-editor]').count()).toBe(0); // choices have no limits
    await screenshot(page, 'default-answers-builder-desktop');
    await page.click('[data-testid=save-draft]');
    await page.locator('[data-testid=builder-notice]').waitFor();
    const saved = await gql(page, '{ definition(key: "meeting-defaults", version: 1) { schema } }');
    const participants = (saved.data?.definition as { schema: { properties: Record<string, { default?: unknown; maximum?: number }> } }).schema.properties.participants!;
    expect([participants.default, participants.maximum]).toEqual([25, 100]);
    expect((await gql(page, 'mutation { publish(key: "meeting-defaults") { version } }')).errors).toBeUndefined();
    expect(errors).toEqual([]);

    const phone = await openPage(browser, { width: 360, height: 780 }, contexts);
    await signInAt(phone.page, server.url, 'admin', server.adminPassword);
    await phone.page.goto(`${server.url}/forms/${KEY}`);
    await phone.page.locator('[name="data[venue]"]').waitFor();
    expect(await phone.page.inputValue('[name="data[venue]"]')).toBe('Commune hall');
    expect(await phone.page.inputValue('[name="data[participants]"]')).toBe('25');
    expect(await phone.page.isChecked('[name="data[consent]"]')).toBe(true);
    expect(await phone.page.isChecked('input[name^="data[level]"][value="2"]')).toBe(true);
    expect(await phone.page.inputValue('[name="data[held_on]"]')).toBe('2026-01-15');
    await screenshot(phone.page, 'default-answers-fill-phone');
    expect(phone.errors).toEqual([]);
  });
});
