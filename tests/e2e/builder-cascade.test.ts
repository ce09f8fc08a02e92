// Cascading choices built by point and click (issue 15.3), at 360 px in Khmer: an officer adds
// «Province» (radio) and «District» (drop-down with four options), says in the District's panel that
// its choices depend on Province and which Province answer each district belongs to (one belongs to
// none), publishes (the stored definition holds exactly that x-enum-data and x-choice-filter), and a
// facilitator's fill page offers only the chosen province's districts. Screenshots in
// tests/e2e/screenshots/builder-cascade-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server';
import { launchBrowser, openPage, screenshot, signInAt } from './browser';

const KEY = 'cascade-built';
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

async function addField(page: Page, id: string, en: string, km: string): Promise<void> {
  await page.click('[data-testid=add-field]');
  await page.click(`[data-testid=add-${id}]`);
  for (const [testid, value] of [['label-en', en], ['label-km', km]] as const) {
    const input = page.locator(`[data-testid=field-panel] [data-testid=${testid}]`);
    await input.fill(value);
    await input.press('Tab');
  }
}

async function offered(page: Page, name: string): Promise<string[]> {
  return (await page.locator(`select[name="${name}"] option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).filter((v) => v !== '');
}

describe('cascading choices in the builder', () => {
  it('an officer makes District depend on Province by point and click; the fill page offers only that province’s districts', async () => {
    const { page, errors } = await openPage(browser, { width: 360, height: 740 }, contexts);
    await signInAt(page, server.url, 'admin', server.adminPassword);
    await page.goto(`${server.url}/builder`);
    await page.click('[data-testid=new-form]');
    await page.fill('[data-testid=new-key]', KEY);
    await page.fill('[data-testid=new-title-km]', 'ទីតាំង');
    await page.fill('[data-testid=new-title-en]', 'Place');
    await page.click('[data-testid=new-create]');
    await page.waitForURL(`**/builder/${KEY}`);
    await page.locator('[data-testid=builder-host]').waitFor();

    await addField(page, 'radio', 'Province', 'ខេត្ត');
    await addField(page, 'select', 'District', 'ស្រុក');
    const panel = page.locator('[data-testid=field-panel]');
    await panel.getByRole('button', { name: /បន្ថែមជម្រើស/ }).click();
    await panel.getByRole('button', { name: /បន្ថែមជម្រើស/ }).click();
    await expect.poll(() => panel.locator('[data-testid=option-row]').count()).toBe(4);

    const editor = page.locator('[data-testid=cascade-editor]');
    expect(await editor.textContent()).toContain('ជម្រើសដែលអាស្រ័យលើចម្លើយមុន');
    const parentOptions = await editor.locator('[data-testid=cascade-parent] option').allTextContents();
    expect(parentOptions).toContain('ខេត្ត');
    expect(parentOptions).not.toContain('ស្រុក');
    await editor.locator('[data-testid=cascade-parent]').selectOption('data.radio1');
    await expect.poll(() => editor.locator('[data-testid=cascade-row]').count()).toBe(4);
    const belongs = (value: string) => editor.locator(`[data-testid=cascade-belongs][data-option="${value}"]`);
    await belongs('option_1').selectOption('option_1');
    await belongs('option_2').selectOption('option_1');
    await belongs('option_3').selectOption('option_2');
    expect(await belongs('option_4').inputValue()).toBe('');
    await editor.scrollIntoViewIfNeeded();
    await editor.screenshot({ path: new URL('./screenshots/builder-cascade-editor-360-km.png', import.meta.url).pathname });

    // Reopening the field shows the same matches.
    await page.locator('.builder-component', { hasText: 'ខេត្ត' }).first().click();
    await page.locator('.builder-component', { hasText: 'ស្រុក' }).first().click();
    await expect.poll(() => belongs('option_3').inputValue()).toBe('option_2');

    await page.click('[data-testid=save-draft]');
    await page.locator('[data-testid=builder-notice]').waitFor();
    await page.click('[data-testid=publish-open]');
    await page.click('[data-testid=publish-confirm]');
    await page.locator('[data-testid=published-notice]').waitFor();
    const published = await page.evaluate(async (key) => {
      const res = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ definition(key: "${key}") { schema } }` }) });
      return ((await res.json()) as { data: { definition: { schema: { properties: Record<string, Record<string, unknown>> } } } }).data.definition.schema.properties;
    }, KEY);
    expect(published.select1!['x-choice-filter']).toEqual({ '==': [{ var: 'choice.radio1' }, { var: 'radio1' }] });
    expect(published.select1!['x-enum-data']).toEqual({ option_1: { radio1: 'option_1' }, option_2: { radio1: 'option_1' }, option_3: { radio1: 'option_2' } });

    // The fill page: nothing offered before a province, then only its districts.
    await page.goto(`${server.url}/forms/${KEY}?new`);
    await page.locator('select[name="data[select1]"]').waitFor();
    await expect.poll(() => offered(page, 'data[select1]')).toEqual([]);
    await page.check('input[name^="data[radio1]"][value="option_1"]');
    await expect.poll(() => offered(page, 'data[select1]')).toEqual(['option_1', 'option_2']);
    await page.check('input[name^="data[radio1]"][value="option_2"]');
    await expect.poll(() => offered(page, 'data[select1]')).toEqual(['option_3']);
    await screenshot(page, 'builder-cascade-fill-360-km');
    expect(errors).toEqual([]);
  });
});
