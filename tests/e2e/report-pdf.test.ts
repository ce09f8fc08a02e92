// The monthly report as a ministry prints it (issue 15.6): an officer's dashboard cards and the
// report's PDF (Chromium's page.pdf, read back with poppler's pdftotext) show the same figures for the
// same month and area; the PDF has the national header, the period in Khmer words and digits, page
// numbers on every page ("ទំព័រ ១ នៃ …" / "Page 1 of …"), the narrative and the signature block; page 1
// of the Khmer PDF is rendered to PNG (pdftoppm) in screenshots/report-pdf-km-page1.png to look at.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { indicatorDataset } from '../fixtures/indicator-data';
import { startTestServer, type TestServer } from '../helpers/server';
import { latinDigits } from '../../server/reports/report-format';
import { SCREENSHOT_DIR, apiToken, createUserAs, graphqlAs, launchBrowser, openPage, signInAt } from './browser';

const OFFICER = { username: 'me.report', password: 'monthly-report-signed-26', name: 'M&E Report' };
const MONTH = '2026-05';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

const api = <T>(query: string, variables: Record<string, unknown>, token: string) => graphqlAs<T>(server.url, query, variables, token);

/** The PDF's text, page by page (pdftotext -layout keeps a table row on one line; \f between pages). */
function pdfText(pdf: Buffer, name: string): string[] {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name}.pdf`);
  writeFileSync(file, pdf);
  const out = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  expect(out.status, out.stderr).toBe(0);
  return out.stdout.split('\f').filter((p) => p.trim() !== '');
}

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const token = await apiToken(server.url, 'admin', server.adminPassword);
  await createUserAs(server.url, token, { ...OFFICER, locale: 'en', role: 'national_officer', scope: '' });
  for (const row of indicatorDataset) {
    await api('mutation($i: SubmitInput!) { submit(input: $i) { id } }', { i: { id: randomUUID(), definitionKey: row.key, definitionVersion: row.version, data: row.data } }, token);
  }
  await api('mutation($m: String!, $a: String!, $km: String!, $en: String!) { saveReportNarrative(month: $m, area: $a, km: $km, en: $en) { area } }', {
    m: MONTH,
    a: '06',
    km: 'ក្នុងខែនេះ ឃុំចំនួន **២** បានបញ្ចប់វដ្ត ISAF ពេញលេញ។ សកម្មភាពផែនការ JAAP ភាគច្រើនកំពុងដំណើរការ។',
    en: 'This month **two** communes completed the full ISAF cycle. Most JAAP actions are under way.',
  }, token);
  await server.services.indicators.refreshNow();
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

describe('the printed monthly report', () => {
  it("prints the dashboard's figures, with the national header, page numbers and Khmer shaped", { timeout: 180_000 }, async () => {
    const { page, errors } = await openPage(browser, { width: 1280, height: 900 }, contexts);
    await signInAt(page, server.url, OFFICER.username, OFFICER.password);
    for (const scope of ['', '06']) {
      // What the officer reads on the dashboard for this area, card by card.
      await page.goto(`${server.url}/dashboard?lang=en&year=2026&month=${MONTH}${scope ? `&scope=${scope}` : ''}`);
      await page.locator('[data-testid=indicator-card]').first().waitFor();
      const cards = await page.locator('[data-testid=indicator-card]').evaluateAll((els) =>
        els.map((el) => ({ key: el.getAttribute('data-key') ?? '', title: el.querySelector('h2, h3')?.textContent?.trim() ?? '', value: el.querySelector('[data-testid=card-value]')?.textContent?.trim() ?? '' })),
      );
      expect(cards.length).toBeGreaterThanOrEqual(6);
      // The same report the dashboard's button opens, printed to PDF.
      await page.goto(`${server.url}/reports/progress?month=${MONTH}&lang=en${scope ? `&scope=${scope}` : ''}`);
      await page.evaluate(() => document.fonts.ready);
      const pages = pdfText(await page.pdf({ preferCSSPageSize: true, printBackground: true }), `report-pdf-en${scope ? `-${scope}` : ''}`);
      const text = pages.join('\n');
      const lines = text.split('\n');
      for (const card of cards.filter((c) => c.value && c.value !== '–')) {
        // The card's number (without its unit) on the report's row for the indicator.
        const number = /^[\d.,]+/.exec(card.value)?.[0] ?? card.value;
        const first = card.title.split(/\s+/).slice(0, 2).join(' ');
        const row = lines.find((l) => l.includes(first) && l.includes(number));
        expect(row, `${card.key} (${card.value}) in the report for "${scope}"`).toBeTruthy();
      }
      expect(text).toContain('Kingdom of Cambodia');
      expect(text).toContain('Nation Religion King');
      expect(text).toContain('May 2026');
      pages.forEach((p, i) => expect(p, `page ${i + 1}`).toContain(`Page ${i + 1} of ${pages.length}`));
      expect(text).toContain('Prepared by');
      if (scope === '06') expect(text).toContain('two communes completed the full ISAF cycle');
    }

    // Khmer: the same figures in Khmer digits, months in Khmer, page numbers in Khmer digits.
    await page.goto(`${server.url}/reports/progress?month=${MONTH}&lang=km&scope=06`);
    await page.evaluate(() => document.fonts.ready);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const pages = pdfText(pdf, 'report-pdf-km');
    const text = pages.join('\n');
    expect(text).toContain('ព្រះរាជាណាចក្រកម្ពុជា');
    expect(text).toContain('ខែឧសភា ឆ្នាំ២០២៦');
    expect(text).not.toMatch(/\b2026\b/);
    pages.forEach((p, i) => expect(latinDigits(p), `page ${i + 1}`).toContain(`${i + 1} នៃ ${pages.length}`));
    expect(text).toMatch(/ទំព័រ ១ នៃ [០-៩]/);
    expect(text).toContain('រៀបចំដោយ');
    const figures = (await (await page.request.get(`${server.url}/reports/progress.json?month=${MONTH}&scope=06`)).json()) as { indicators: Array<{ key: string; value: number | null }> };
    const jaap = figures.indicators.find((i) => i.key === 'jaap-actions-progress')!;
    expect(latinDigits(text)).toContain(`${jaap.value!.toLocaleString('en-US', { maximumFractionDigits: 1 }).replace('.', ',')} %`);
    // Page 1 as a picture, to look at: Khmer shaped (not boxes), header centred, page number visible.
    const png = spawnSync('pdftoppm', ['-png', '-r', '90', '-f', '1', '-l', '1', '-singlefile', join(SCREENSHOT_DIR, 'report-pdf-km.pdf'), join(SCREENSHOT_DIR, 'report-pdf-km-page1')]);
    expect(png.status, String(png.stderr)).toBe(0);
    expect(errors).toEqual([]);
  });

  it('an officer writes the summary and changes the template on a phone, in Khmer, without code', { timeout: 180_000 }, async () => {
    const { page, errors } = await openPage(browser, { width: 360, height: 740 }, contexts);
    await signInAt(page, server.url, OFFICER.username, OFFICER.password);
    const noOverflow = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
    // The summary of the country for April, from the dashboard's link.
    await page.goto(`${server.url}/dashboard?lang=km&month=2026-04`);
    await page.click('[data-testid=report-narrative]');
    await page.waitForURL(/\/dashboard\/narrative/);
    await page.fill('[data-testid=narrative-km]', '## លទ្ធផលសំខាន់ៗ\n\n- ការប្រជុំ I4C ចំនួន **៣** ត្រូវបានរៀបចំ។');
    await page.click('[data-testid=narrative-save]');
    await page.locator('[data-testid=narrative-preview] strong').waitFor();
    expect(await page.locator('[data-testid=narrative-message]').innerText()).toBe('បានរក្សាទុក។');
    expect(await noOverflow()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'report-narrative-360-km.png'), fullPage: true });

    // The national template: a new organisation line and a signature name; an unsafe template is refused first.
    await page.goto(`${server.url}/dashboard/templates?lang=km`);
    await page.click('[data-testid=template-edit-progress]');
    await page.waitForURL(/\/dashboard\/templates\/progress/);
    const body = await page.inputValue('[data-testid=template-body]');
    await page.fill('[data-testid=template-body]', `${body}\n<p>{{{areaName}}}</p>`);
    await page.click('[data-testid=template-save]');
    await expect.poll(() => page.locator('[data-testid=template-error]').innerText()).toContain('{{{');
    await page.fill('[data-testid=template-body]', body);
    await page.fill('[data-testid=template-org-km]', 'ក្រសួងមហាផ្ទៃ\nរដ្ឋបាលខេត្តកំពង់ធំ');
    await page.fill('[data-testid=sig-1-name]', 'សុខ ចាន់ថា');
    await page.click('[data-testid=template-save]');
    await expect.poll(() => page.locator('[data-testid=template-message]').innerText()).toContain('v2');
    expect(await noOverflow()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'report-template-360-km.png'), fullPage: true });
    const previewHref = await page.getAttribute('[data-testid=template-preview]', 'href');
    expect(previewHref).toContain('template=progress&version=2');
    await page.click('[data-testid=template-publish]');
    await expect.poll(() => page.locator('[data-testid=template-message]').innerText()).toContain('កំណែ 2');
    // Reports use the published version: the new line, the name, the April summary.
    await page.goto(`${server.url}/reports/progress?month=2026-04&lang=km`);
    const text = await page.locator('main').innerText();
    expect(text).toContain('រដ្ឋបាលខេត្តកំពង់ធំ');
    expect(text).toContain('សុខ ចាន់ថា');
    expect(text).toContain('ការប្រជុំ I4C ចំនួន');
    expect(await page.getAttribute('main', 'data-template')).toBe('progress@2');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'report-360-km.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
