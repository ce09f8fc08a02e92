// Smoke test of the whole product in a browser: login, Khmer home page, language switch, filling
// the health-centre scorecard (invalid, then valid), and finding the submission in the data table.
// Runs at a cheap-phone size (360x740) and a laptop size (1280x800); screenshots go to
// tests/e2e/screenshots/ for a human to look at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server';
import { launchBrowser, screenshot, watchErrors } from './browser';

const KHMER = /[\u1780-\u17FF]/;
const FORM = 'csc-health-centre';

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

async function fillValid(page: Page, provider: string): Promise<void> {
  await page.fill('[name="data[commune]"]', '010201');
  await page.fill('[name="data[village]"]', '01020101');
  await page.fill('[name="data[provider_name]"]', provider);
  await page.fill('[name="data[cycle_year]"]', '2026');
  await page.fill('[name="data[date]"]', '2026-03-15');
  await page.fill('[name="data[facilitators]"]', 'Sok Dara, Chan Sophea');
  const counts = { total: '20', female: '12', youth: '5', disability: '1', ethnic_minority: '0', id_poor: '3' };
  for (const [key, value] of Object.entries(counts)) await page.fill(`[name="data[participants][${key}]"]`, value);
  await page.selectOption('[name="data[criteria][0][criterion]"]', 'clean_water');
  // The scorecard (v2) takes the votes per face and calculates the score, their median: 4.
  await page.fill('[name="data[criteria][0][votes_3]"]', '2');
  await page.fill('[name="data[criteria][0][votes_4]"]', '5');
  await page.fill('[name="data[criteria][0][votes_5]"]', '1');
  // formio suffixes radio names with component ids: data[criteria][0][score][<id>]
  await page.locator('[name^="data[criteria][0][score]"][value="4"]:checked').waitFor({ state: 'attached' });
  await page.fill('[name="data[criteria][0][strengths]"]', 'Water tank repaired');
}

for (const viewport of [
  { name: 'mobile', width: 360, height: 740 },
  { name: 'desktop', width: 1280, height: 800 },
]) {
  describe(`smoke at ${viewport.width}x${viewport.height}`, () => {
    it('logs in, fills the health-centre scorecard and finds it in the data', async () => {
      const context = await browser.newContext({ viewport, locale: 'km-KH' });
      const page = await context.newPage();
      const errors = watchErrors(page);
      const shot = (step: string) => screenshot(page, `${viewport.name}-${step}`);

      // Not logged in: sent to the login page, in Khmer. (The first run also switches the admin's
      // saved language to English, so the second run asks for Khmer explicitly.)
      await page.goto(`${server.url}/forms/${FORM}${viewport.name === 'mobile' ? '' : '?lang=km'}`);
      expect(new URL(page.url()).pathname).toBe('/login');
      expect(await page.getAttribute('html', 'lang')).toBe('km');
      await page.fill('#username', 'admin');
      await page.fill('#password', 'wrong-password');
      await page.click('button[type=submit]');
      await page.waitForSelector('[data-testid=login-error]');
      expect(await page.textContent('[data-testid=login-error]')).toMatch(KHMER);
      await shot('01-login-error');

      // Log in: back to the page we asked for; then the home page lists the ISAF forms in Khmer.
      await page.fill('#password', server.adminPassword);
      await page.click('button[type=submit]');
      await page.waitForURL(`**/forms/${FORM}`);
      await page.goto(`${server.url}/`);
      const card = page.locator(`[data-testid=form-card][data-key="${FORM}"]`);
      await card.waitFor();
      expect(await card.locator('h2').textContent()).toMatch(KHMER);
      expect(await page.locator('[data-testid=form-card]').count()).toBeGreaterThanOrEqual(5);
      await shot('02-home-km');

      // Switch to English.
      await page.click('[data-testid=lang-switch]');
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      expect(await card.locator('h2').textContent()).toContain('Community scorecard: health centre');
      await shot('03-home-en');

      // Fill page: submit empty → errors at the fields.
      await card.locator('a', { hasText: 'Fill in' }).click();
      await page.waitForURL(`**/forms/${FORM}`);
      await page.waitForSelector('[name="data[provider_name]"]');
      await shot('04-fill-empty');
      await page.click('[data-testid=send]');
      await page.waitForSelector('[data-testid=error-summary]');
      const providerError = page.locator('.formio-component-provider_name .formio-errors');
      await providerError.waitFor();
      expect((await providerError.textContent())?.trim()).not.toBe('');
      await shot('05-fill-invalid');

      // Valid answers → success screen.
      await fillValid(page, `Health centre ${viewport.name}`);
      await page.click('[data-testid=send]');
      await page.waitForSelector('[data-testid=submit-success]');
      const id = (await page.textContent('[data-testid=submission-id]'))?.trim();
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      await shot('06-fill-success');

      // The draft was cleared: "fill another" starts empty.
      await page.click('[data-testid=fill-another]');
      await page.waitForSelector('[name="data[provider_name]"]');
      expect(await page.inputValue('[name="data[provider_name]"]')).toBe('');

      // Data page shows the submission.
      await page.goto(`${server.url}/data/${FORM}`);
      const row = page.locator(`[data-testid=submission-row][data-id="${id}"]`);
      await row.waitFor();
      expect(await row.textContent()).toContain(`Health centre ${viewport.name}`);
      await shot('07-data');

      // formio logs "Validator error: Cannot validate value NaN" for an empty number-typed radio
      // (the faces score); reported to the form-engine owner, ignored here.
      // The 401 is the deliberate wrong-password login.
      const unexpected = errors.filter((e) => !e.includes('Cannot validate value NaN') && !e.includes('status of 401'));
      expect(unexpected).toEqual([]);
      await context.close();
    });
  });
}
