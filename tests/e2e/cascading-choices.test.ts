// Cascading choices on the fill page, in Khmer at 360 px and on desktop: a province answer leaves
// only its districts in the district drop-down (and the other-districts list, and each visit row's
// place by the row's province); changing the province clears a district no longer offered; the
// record is sent and the server stores exactly the answers. Screenshots in tests/e2e/screenshots/.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { cascadeDefinition } from '../unit/form-engine/support/cascade';
import { launchBrowser, openPage, screenshot, signInAt } from './browser';

const KEY = 'cascade-visit';
let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function gql(page: Page, query: string, variables: Record<string, unknown> = {}) {
  return page.evaluate(
    async ({ query, variables }) => (await (await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })).json()) as { data?: Record<string, unknown>; errors?: unknown[] },
    { query, variables },
  );
}

/** The option values a native select (formio html5 widget) offers, the empty one left out. */
async function offered(page: Page, name: string): Promise<string[]> {
  const values = await page.locator(`select[name="${name}"] option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  return values.filter((v) => v !== '');
}

async function waitOffered(page: Page, name: string, expected: string[]): Promise<void> {
  await page.waitForFunction(
    ({ name, expected }) => {
      const select = document.querySelector(`select[name="${name}"]`);
      const values = select ? [...(select as HTMLSelectElement).options].map((o) => o.value).filter((v) => v !== '') : null;
      return JSON.stringify(values) === JSON.stringify(expected);
    },
    { name, expected },
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

describe('cascading choices on the fill page', () => {
  it('offers only the chosen province’s districts, clears a district no longer offered and stores the record', async () => {
    const setup = await openPage(browser, { width: 1280, height: 900 }, contexts);
    await signInAt(setup.page, server.url, 'admin', server.adminPassword);
    expect((await gql(setup.page, 'mutation($k: String!, $s: JSON!) { saveDraft(key: $k, schema: $s) { version } }', { k: KEY, s: cascadeDefinition() })).errors).toBeUndefined();
    expect((await gql(setup.page, 'mutation($k: String!) { publish(key: $k) { version } }', { k: KEY })).errors).toBeUndefined();

    for (const viewport of [
      { name: 'phone', width: 360, height: 780 },
      { name: 'desktop', width: 1280, height: 900 },
    ]) {
      const { page, errors } = await openPage(browser, viewport, contexts);
      await signInAt(page, server.url, 'admin', server.adminPassword);
      await page.goto(`${server.url}/forms/${KEY}?new`);
      await page.locator('select[name="data[district]"]').waitFor();
      // No province yet: no district is offered.
      await waitOffered(page, 'data[district]', []);
      await page.check('input[name^="data[province]"][value="p01"]');
      await waitOffered(page, 'data[district]', ['d0101', 'd0102']);
      await page.selectOption('select[name="data[district]"]', 'd0102');
      // The other-districts list offers the province's districts but not the one chosen above.
      await waitOffered(page, 'data[also]', ['d0101']);
      expect(await page.locator('select[name="data[district]"] option[value="d0102"]').textContent()).toContain('ស្រុក');
      await screenshot(page, `cascading-01-province-one-${viewport.name}`);

      // Another province: its districts only, and the district answered before is cleared.
      await page.check('input[name^="data[province]"][value="p02"]');
      await waitOffered(page, 'data[district]', ['d0201', 'd0202']);
      expect(await page.inputValue('select[name="data[district]"]')).toBe('');
      await page.waitForFunction(() => (document.querySelector('select[name="data[district]"]') as HTMLSelectElement | null)?.value === '');
      await screenshot(page, `cascading-02-changed-${viewport.name}`);
      await page.selectOption('select[name="data[district]"]', 'd0202');
      await page.selectOption('select[name="data[also]"]', ['d0201']);

      // A visit row: its place follows the row's own province.
      await page.selectOption('select[name="data[visits][0][where]"]', 'p03');
      await waitOffered(page, 'data[visits][0][place]', ['d0301']);
      await page.selectOption('select[name="data[visits][0][place]"]', 'd0301');
      await screenshot(page, `cascading-03-filled-${viewport.name}`);

      await page.click('[data-testid=send]');
      await page.waitForSelector('[data-testid=submit-success]');
      const id = (await page.textContent('[data-testid=submission-id]'))!.trim();
      const stored = await gql(page, 'query($id: ID!) { submission(id: $id) { data } }', { id });
      expect((stored.data?.submission as { data: unknown }).data).toEqual({ province: 'p02', district: 'd0202', also: ['d0201'], visits: [{ where: 'p03', place: 'd0301' }] });
      expect(errors).toEqual([]);
    }
  });
});
