// Indicators end to end, as a national M&E officer would use them: the admin imports the districts and
// communes of Kampong Thom (06) and Phnom Penh (12), sends JAAP submissions through the API, then
// builds "% of JAAP actions completed or ongoing, by province, per year" in the indicator builder
// without writing code (source jaap, one row per action, percentage where status is completed or
// ongoing), watches the live preview, publishes, waits for the refresher, opens the indicator page
// (bar chart by province, map), drills into province 06 (districts), downloads the CSV, sees the
// dashboard and opens the printable monthly report in Khmer (also saved as PDF and, when pdftoppm
// exists, as a PNG of its first page). Screenshots at 1280x800 and 360x740: screenshots/indicators-*.png.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dump, loadAll } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { indicatorDataset } from '../fixtures/indicator-data';
import { startTestServer, type TestServer } from '../helpers/server';
import { SCREENSHOT_DIR, launchBrowser, screenshot, watchErrors } from './browser';
import { GAZETTEER_DIR } from '../fixtures/gazetteer';

const KHMER = /[\u1780-\u17FF]/;
const GAZETTEER = GAZETTEER_DIR;
const KEY = 'jaap-progress-province';
const MOBILE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

let server: TestServer;
let browser: Browser;
let token = '';

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const response = await fetch(`${server.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: server.adminPassword }) });
  token = ((await response.json()) as { token: string }).token;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  expect(body.errors ?? []).toEqual([]);
  return body.data;
}

/** Districts and communes of some provinces, one multi-document YAML (one import: each level list is complete). */
function geographyOf(provinces: string[]): string {
  const documents: string[] = [];
  for (const file of ['districts.yml', 'communes.yml']) {
    for (const doc of loadAll(readFileSync(`${GAZETTEER}${file}`, 'utf8')) as Array<Record<string, Record<string, unknown>>>) {
      if (!doc) continue;
      for (const [level, units] of Object.entries(doc)) {
        documents.push(dump({ [level]: Object.fromEntries(Object.entries(units).filter(([code]) => provinces.some((p) => code.startsWith(p)))) }));
      }
    }
  }
  return documents.map((d) => `---\n${d}`).join('');
}

async function importGeography(yaml: string): Promise<void> {
  const response = await fetch(`${server.url}/admin/geo/import`, { method: 'POST', headers: { 'content-type': 'text/yaml', authorization: `Bearer ${token}` }, body: yaml });
  expect(response.status).toBe(202);
  const location = response.headers.get('location')!;
  for (let i = 0; i < 200; i++) {
    const job = (await (await fetch(`${server.url}${location}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { status: string; errors: unknown[] };
    if (job.status === 'done') return;
    if (job.status === 'failed') throw new Error(`geography import failed: ${JSON.stringify(job.errors).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('geography import did not finish');
}

const action = (service: string, status: string) => ({ issue: 'Not enough water', action: 'Repair the well', responsible: 'Commune council', service, funding_source: 'commune_fund', status });
const jaap = (commune: string, date: string, statuses: string[]) => ({
  commune,
  cycle_year: Number(date.slice(0, 4)),
  interface_meeting_date: date,
  actions: statuses.map((s, i) => action(['commune', 'health_centre', 'primary_school'][i % 3]!, s)),
});
// 2026: province 06 → 5 of 8 actions completed or ongoing (62.5 %): 0601 2/3, 0602 2/4, 0603 1/1;
// province 12 → 1 of 3 (33.3 %). 2025: 06 → 1 of 2 (50 %), 12 → 2 of 2 (100 %).
const SUBMISSIONS = [
  jaap('060101', '2026-03-10', ['completed', 'ongoing', 'not_started']),
  jaap('060201', '2026-04-02', ['completed', 'completed', 'not_started', 'not_started']),
  jaap('060301', '2026-05-20', ['ongoing']),
  jaap('060102', '2025-06-15', ['not_started', 'completed']),
  jaap('120101', '2026-02-11', ['completed', 'cancelled', 'not_started']),
  jaap('120109', '2025-09-30', ['ongoing', 'ongoing']),
];

async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => scrollTo(0, 0));
  await screenshot(page, `indicators-${name}`);
}

async function signIn(page: Page, next: string): Promise<void> {
  await page.goto(`${server.url}/login?next=${encodeURIComponent(next)}`);
  await page.fill('#username', 'admin');
  await page.fill('#password', server.adminPassword);
  await page.click('button[type=submit]');
  await page.waitForURL(`**${next.split('?')[0]}*`);
}

describe('indicators', () => {
  it('builds, publishes, charts, maps, drills into, exports and reports an indicator', async () => {
    await importGeography(geographyOf(['06', '12']));
    const { definition } = await graphql<{ definition: { version: number } }>('{ definition(key: "jaap") { version } }');
    for (const data of SUBMISSIONS) {
      await graphql('mutation($i: SubmitInput!) { submit(input: $i) { id } }', { i: { id: randomUUID(), definitionKey: 'jaap', definitionVersion: definition.version, data } });
    }

    // Scorecards and self-assessments for the citizens-vs-providers view of the shipped average score.
    for (const { key, data } of indicatorDataset.filter((d) => d.key.startsWith('csc-') || d.key.startsWith('ssa-'))) {
      const { definition: form } = await graphql<{ definition: { version: number } }>(`{ definition(key: "${key}") { version } }`);
      await graphql('mutation($i: SubmitInput!) { submit(input: $i) { id } }', { i: { id: randomUUID(), definitionKey: key, definitionVersion: form.version, data } });
    }

    const context = await browser.newContext({ viewport: DESKTOP, locale: 'km-KH' });
    const page = await context.newPage();
    const errors = watchErrors(page);

    // The officer works in Khmer (the default); the list offers "New indicator".
    await signIn(page, '/indicators');
    await page.locator('[data-testid=indicator-row][data-key="jaap-actions-progress"]').waitFor();
    await page.click('[data-testid=new-indicator]');
    await page.waitForURL('**/indicators/new');

    // Build it by pointing and clicking.
    await page.fill('[data-testid=ib-key]', KEY);
    await page.fill('[data-testid=ib-title-km]', 'ភាគរយនៃសកម្មភាព JAAP ដែលបានបញ្ចប់ ឬកំពុងអនុវត្ត តាមខេត្ត');
    await page.fill('[data-testid=ib-title-en]', '% of JAAP actions completed or ongoing, by province');
    await page.fill('[data-testid=ib-desc-en]', 'Actions completed or ongoing, out of all actions of the JAAPs, per province and year.');
    await page.fill('[data-testid=ib-desc-km]', 'សកម្មភាពដែលបានបញ្ចប់ ឬកំពុងអនុវត្ត ធៀបនឹងសកម្មភាពទាំងអស់នៃ JAAP តាមខេត្ត និងឆ្នាំ។');
    await page.selectOption('[data-testid=ib-form]', 'jaap');
    await page.selectOption('[data-testid=ib-each]', 'actions');
    await page.selectOption('[data-testid=ib-measure]', 'percentage');
    await page.click('[data-testid=ib-where-add]');
    await page.selectOption('[data-testid=ib-where] [data-testid=cond-field]', 'row.status');
    await expect.poll(() => page.inputValue('[data-testid=ib-where] [data-testid=cond-op]')).toBe('in');
    await page.check('[data-testid=ib-where] [data-testid=cond-check][data-value=completed]');
    await page.check('[data-testid=ib-where] [data-testid=cond-check][data-value=ongoing]');
    await page.fill('[data-testid=ib-target]', '80');
    await page.fill('[data-testid=ib-unit-km]', '%');
    await page.fill('[data-testid=ib-unit-en]', '%');

    // Live preview on current data: province 06 in 2026 is 62.5 %, 12 in 2025 is 100 %.
    const preview = page.locator('[data-testid=ib-preview-table]');
    await expect.poll(async () => ((await preview.count()) ? await preview.innerText() : ''), { timeout: 15_000 }).toContain('62.5%');
    expect(await preview.innerText()).toContain('កំពង់ធំ');
    expect(await preview.innerText()).toContain('100%');
    await expect.poll(() => page.locator('[data-testid=ib-problems]').count()).toBe(0);
    await shot(page, 'desktop-builder-preview');

    // Save and publish.
    await page.click('[data-testid=ib-publish]');
    await page.locator('[data-testid=ib-confirm]').waitFor();
    await page.click('[data-testid=ib-publish-confirm]');
    await page.waitForURL(`**/indicators/${KEY}`);

    // The refresher (every second) builds its roll-ups.
    let values: Array<{ dimensions: Record<string, string>; value: number }> = [];
    for (let i = 0; i < 50 && values.length === 0; i++) {
      values = (await graphql<{ indicatorValues: typeof values }>(`{ indicatorValues(key: "${KEY}", groupBy: ["province", "year"]) { dimensions value } }`)).indicatorValues;
      if (values.length === 0) await new Promise((r) => setTimeout(r, 200));
    }
    const v = (p: string, y: string) => values.find((x) => x.dimensions.province === p && x.dimensions.year === y)?.value;
    expect(v('06', '2026')).toBeCloseTo(62.5);
    expect(v('12', '2026')).toBeCloseTo(33.33, 1);
    expect(v('12', '2025')).toBeCloseTo(100);

    // Its page in Khmer for 2026: bars by province with the target line, and the map.
    await page.goto(`${server.url}/indicators/${KEY}?lang=km&periodKind=year&period=2026`);
    const chart = page.locator('[data-testid=area-chart]');
    await chart.waitFor();
    expect(await chart.locator('.bars__row').count()).toBe(2);
    expect(await chart.innerText()).toContain('កំពង់ធំ');
    expect(await chart.innerText()).toContain('62.5%');
    expect(await page.locator('[data-testid=indicator-map] circle.map__point').count()).toBe(2);
    expect(await page.locator('[data-testid=trend-chart] rect').count()).toBe(2);
    expect(await page.locator('h1').innerText()).toMatch(KHMER);
    await shot(page, 'desktop-indicator');

    // Drill into Kampong Thom: its districts, with the breadcrumb back up.
    await page.click('[data-testid=drill-table] tr[data-code="06"] a');
    await page.waitForURL(/scope=06/);
    await expect.poll(() => page.locator('[data-testid=drill-table] tbody tr').count()).toBe(3);
    expect(await page.locator('[data-testid=area-breadcrumb]').innerText()).toContain('កំពង់ធំ');
    expect(await page.locator('[data-testid=drill-table]').innerText()).toContain('66.7%');
    expect(await page.locator('[data-testid=indicator-map] circle.map__point').count()).toBe(3);
    await shot(page, 'desktop-drilldown');

    // CSV of what is shown (the page's own cookie session).
    const csvHref = await page.getAttribute('[data-testid=export-csv]', 'href');
    expect(csvHref).toContain('groupBy=district');
    expect(csvHref).toContain('scope=06');
    const csv = await page.evaluate(async (href) => {
      const r = await fetch(href!);
      return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
    }, csvHref);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    const [header, ...lines] = csv.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(header).toMatch(KHMER);
    expect(lines).toHaveLength(3);
    expect(csv.text).toMatch(/66\.7/);

    // Dashboard: a card per published indicator, ours at 62.5 % below its 80 % target for 2026.
    await page.goto(`${server.url}/dashboard?year=2026`);
    const card = page.locator(`[data-testid=indicator-card][data-key="${KEY}"]`);
    await card.waitFor();
    // Whole country 2026: 6 of 11 actions (5 of 8 in 06, 1 of 3 in 12).
    expect(await card.locator('[data-testid=card-value]').innerText()).toBe('54.5%');
    expect(await card.innerText()).toContain('ក្រោមគោលដៅ');
    expect(await page.locator('[data-testid=indicator-card]').count()).toBeGreaterThanOrEqual(7);
    await page.selectOption('[data-testid=report-month]', '2026-05');
    await expect.poll(() => page.getAttribute('[data-testid=print-report]', 'href')).toContain('month=2026-05');
    await shot(page, 'desktop-dashboard');
    const reportHref = (await page.getAttribute('[data-testid=print-report]', 'href'))!;
    expect(reportHref).toContain('lang=km');
    expect(await page.getAttribute('[data-testid=print-report]', 'target')).toBe('_blank');

    // The printable report in Khmer, in a new tab; saved as PDF.
    const [report] = await Promise.all([context.waitForEvent('page'), page.click('[data-testid=print-report]')]);
    await report.waitForLoadState('load');
    expect(await report.locator('body').innerText()).toMatch(KHMER);
    await report.evaluate(() => document.fonts.ready);
    await screenshot(report, 'indicators-desktop-report');
    const pdf = join(SCREENSHOT_DIR, 'report.pdf');
    await report.pdf({ path: pdf, format: 'A4', printBackground: true });
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    if (spawnSync('which', ['pdftoppm']).status === 0) {
      spawnSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', pdf, join(SCREENSHOT_DIR, 'report-page')]);
      expect(existsSync(join(SCREENSHOT_DIR, 'report-page-1.png'))).toBe(true);
    }
    await report.close();

    // Citizens and providers side by side per criterion, with the form's criterion labels.
    await page.goto(`${server.url}/indicators/average-score?period=2026`);
    const compare = page.locator('[data-testid=compare-chart]');
    await compare.waitFor();
    expect(await compare.locator('.bars__legend').innerText()).toContain('ពលរដ្ឋ');
    expect(await compare.innerText()).not.toContain('enough_staff');
    await shot(page, 'desktop-compare');

    // English is complete too.
    await page.goto(`${server.url}/indicators/${KEY}?lang=en&period=2026`);
    await chart.waitFor();
    expect(await page.locator('main').innerText()).not.toMatch(KHMER);
    await page.goto(`${server.url}/dashboard?lang=km`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('fits a phone (360x740)', async () => {
    const context = await browser.newContext({ viewport: MOBILE, locale: 'km-KH', isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, '/dashboard?year=2026&lang=km');
    await page.locator(`[data-testid=indicator-card][data-key="${KEY}"]`).waitFor();
    const noOverflow = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
    expect(await noOverflow()).toBe(true);
    await shot(page, 'mobile-dashboard');

    await page.goto(`${server.url}/indicators/${KEY}?period=2026`);
    await page.locator('[data-testid=area-chart]').waitFor();
    expect(await noOverflow()).toBe(true);
    await shot(page, 'mobile-indicator');
    await page.goto(`${server.url}/indicators/${KEY}?period=2026&scope=06`);
    await page.locator('[data-testid=drill-table]').waitFor();
    await shot(page, 'mobile-drilldown');

    await page.goto(`${server.url}/indicators/${KEY}/edit`);
    await expect.poll(async () => ((await page.locator('[data-testid=ib-preview-table]').count()) ? await page.locator('[data-testid=ib-preview-table]').innerText() : ''), { timeout: 15_000 }).toContain('%');
    expect(await noOverflow()).toBe(true);
    await shot(page, 'mobile-builder');
    expect(errors).toEqual([]);

    // The report is the server's page (no favicon of its own).
    await page.goto(`${server.url}/reports/progress?month=2026-05&lang=km`);
    expect(await page.locator('body').innerText()).toMatch(KHMER);
    await screenshot(page, 'indicators-mobile-report');
    await context.close();
  });
});
