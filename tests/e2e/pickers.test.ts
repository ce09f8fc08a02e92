// Fill-page pickers in a browser, on a real server: the admin imports Kampong Thom (06) from the
// gazetteer through the API, creates a facilitator for commune 060101 (Bak Sna) and health centres in
// two districts, and publishes a small form with a village field and a health-centre field. The
// facilitator sees only Kampong Thom › Baray › Bak Sna (preselected) and its villages, and only the
// Baray health centre; the stored submission holds the village code and the provider id. The shipped
// i4c-session form's village is chosen the same way. The admin (no districts outside 06) gets the
// plain code input back. Screenshots at 360x740 and 1280x800: tests/e2e/screenshots/pickers-*.png.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server';
import { launchBrowser, screenshot as save, openPage, signInAt } from './browser';
import { GAZETTEER_DIR, provinceSubset } from '../fixtures/gazetteer';

const KHMER = /[\u1780-\u17FF]/;
const KM_MONTH = /(មករា|កុម្ភៈ|មីនា|មេសា|ឧសភា|មិថុនា|កក្កដា|សីហា|កញ្ញា|តុលា|វិច្ឆិកា|ធ្នូ)/;
const GAZETTEER = GAZETTEER_DIR;
const LEVEL_FILES = ['districts.yml', 'communes.yml', 'villages.yml'];
const CAF = { username: 'baksna.picker', name: 'Chan Sophea', password: 'bak-sna-picker-2026' };
const FORM = 'village-visit';
const VIEWPORTS = [
  { name: 'mobile', width: 360, height: 740 },
  { name: 'desktop', width: 1280, height: 800 },
];

let server: TestServer;
let browser: Browser;
let adminToken = '';
let baray = '';
let stoung = '';
const contexts: BrowserContext[] = [];

async function apiToken(username: string, password: string): Promise<string> {
  const response = await fetch(`${server.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

async function graphql<T>(query: string, variables: Record<string, unknown> = {}, token = adminToken): Promise<T> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  expect(body.errors ?? []).toEqual([]);
  return body.data;
}


async function importGeography(yaml: string): Promise<void> {
  const response = await fetch(`${server.url}/admin/geo/import`, {
    method: 'POST',
    headers: { 'content-type': 'text/yaml', authorization: `Bearer ${adminToken}` },
    body: yaml,
  });
  expect(response.status).toBe(202);
  const location = response.headers.get('location')!;
  for (let i = 0; i < 200; i++) {
    const job = (await (await fetch(`${server.url}${location}`, { headers: { authorization: `Bearer ${adminToken}` } })).json()) as { status: string; added: number; errors: unknown[] };
    if (job.status === 'done') {
      expect(job.added).toBeGreaterThan(100);
      return;
    }
    if (job.status === 'failed') throw new Error(`geography import failed: ${JSON.stringify(job.errors).slice(0, 2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error('geography import did not finish');
}

async function createProvider(code: string, nameKm: string, nameEn: string, geoCode: string): Promise<string> {
  const data = await graphql<{ createServiceProvider: { id: string } }>(
    `mutation P($input: ServiceProviderInput!) { createServiceProvider(input: $input) { id } }`,
    { input: { kind: 'health_centre', code, nameKm, nameEn, geoCode } },
  );
  return data.createServiceProvider.id;
}

const visitForm = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  'x-kind': 'form',
  'x-title': { km: 'ការចុះសួរសុខទុក្ខភូមិ', en: 'Village visit' },
  'x-order': ['village', 'provider', 'note'],
  properties: {
    village: { type: 'string', pattern: '^[0-9]{8}$', 'x-widget': 'geography', 'x-geo-level': 'village', 'x-label': { km: 'ភូមិ', en: 'Village' } },
    provider: { type: 'string', 'x-widget': 'provider', 'x-provider-kind': 'health_centre', 'x-label': { km: 'មណ្ឌលសុខភាព', en: 'Health centre' } },
    note: { type: 'string', 'x-widget': 'textarea', maxLength: 500, 'x-label': { km: 'កំណត់សម្គាល់', en: 'Note' } },
  },
  required: ['village', 'provider'],
  additionalProperties: false,
};

beforeAll(async () => {
  for (const f of LEVEL_FILES) if (!existsSync(`${GAZETTEER}${f}`)) throw new Error(`gazetteer file missing: ${GAZETTEER}${f}`);
  server = await startTestServer();
  browser = await launchBrowser();
  adminToken = await apiToken('admin', server.adminPassword);
  await importGeography(provinceSubset('06'));
  await graphql(
    `mutation U($input: CreateUserInput!) { createUser(input: $input) { username } }`,
    { input: { username: CAF.username, password: CAF.password, displayName: CAF.name, locale: 'km', mustChangePassword: false, grants: [{ role: 'facilitator', scope: '060101' }] } },
  );
  baray = await createProvider('HC-060101', 'មណ្ឌលសុខភាពបារាយណ៍', 'Baray health centre', '0601');
  stoung = await createProvider('HC-060801', 'មណ្ឌលសុខភាពស្ទោង', 'Stoung health centre', '0608');
  await graphql(`mutation D($key: String!, $schema: JSON!) { saveDraft(key: $key, schema: $schema) { version } }`, { key: FORM, schema: visitForm });
  await graphql(`mutation P($key: String!) { publish(key: $key) { version status } }`, { key: FORM });
}, 300_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

const open = (viewport: { width: number; height: number }) => openPage(browser, viewport, contexts);
const signIn = (page: Page, username: string, password: string) => signInAt(page, server.url, username, password);

async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await save(page, name);
}

async function storedData(id: string): Promise<Record<string, unknown>> {
  const data = await graphql<{ submission: { data: Record<string, unknown> } | null }>(`query S($id: ID!) { submission(id: $id) { data } }`, { id });
  return data.submission!.data;
}

/** The village select of a geography picker, once its options have loaded. */
async function villageSelect(page: Page, field: string) {
  const select = page.locator(`[data-testid=geo-picker-${field}] [data-testid=geo-select-village]`);
  await select.locator('option[value^="060101"]').first().waitFor({ state: 'attached' });
  return select;
}

const ignorable = (errors: string[]) => errors.filter((e) => !e.includes('Cannot validate value NaN'));

for (const viewport of VIEWPORTS) {
  describe(`pickers at ${viewport.width}x${viewport.height}`, () => {
    it('the facilitator picks a Bak Sna village and the Baray health centre', async () => {
      const { page, errors } = await open(viewport);
      const shot = (step: string) => screenshot(page, `pickers-${viewport.name}-${step}`);
      await signIn(page, CAF.username, CAF.password);
      await page.goto(`${server.url}/forms/${FORM}?lang=km`);

      // Province, district and commune are the facilitator's only choices: shown as a path.
      const picker = page.locator('[data-testid=geo-picker-village]');
      const select = await villageSelect(page, 'village');
      expect(await picker.locator('[data-testid=geo-path] .sa-picker__crumb').allTextContents()).toEqual(['កំពង់ធំ', 'បារាយណ៍', 'បាក់ស្នា']);
      expect(await picker.locator('select').count()).toBe(1);
      const villages = (await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).filter(Boolean);
      expect(villages.length).toBeGreaterThan(3);
      expect(villages.every((code) => /^060101\d{2}$/.test(code))).toBe(true);
      expect(await select.locator('option').nth(1).textContent()).toMatch(KHMER);
      // The Form.io textfield is still there, hidden under the picker.
      const input = page.locator('[name="data[village]"]');
      expect(await input.getAttribute('aria-hidden')).toBe('true');
      expect((await input.boundingBox())?.height ?? 0).toBeLessThanOrEqual(1);

      // Only the Baray health centre (district 0601) is offered, not Stoung's (0608).
      const provider = page.locator('[data-testid=provider-picker-provider] [data-testid=provider-select]');
      await provider.locator(`option[value="${baray}"]`).waitFor({ state: 'attached' });
      expect(await provider.locator(`option[value="${stoung}"]`).count()).toBe(0);
      await shot('01-empty');

      // Sending empty: the engine's required errors still show under the pickers.
      await page.click('[data-testid=send]');
      await page.waitForSelector('[data-testid=error-summary]');
      await page.locator('.formio-component-village .formio-errors').filter({ hasText: KHMER }).waitFor();
      await shot('02-invalid');

      const village = villages[1]!;
      await select.selectOption(village);
      expect(await input.inputValue()).toBe(village);
      expect(await picker.locator('[data-testid=geo-code]').textContent()).toBe(village);
      await provider.selectOption(baray);
      expect(await page.inputValue('[name="data[provider]"]')).toBe(baray);
      // formio re-validates on the picked values: the errors under both fields go away.
      await page.waitForFunction(() => [...document.querySelectorAll('.formio-component-village .formio-errors, .formio-component-provider .formio-errors')].every((e) => !e.textContent?.trim()));
      await page.fill('[name="data[note]"]', `picked on ${viewport.name}`);
      await shot('03-filled');

      // A reload restores the draft, and the pickers show the restored answers.
      await page.waitForSelector('[data-testid=draft-saved]');
      await page.reload();
      await page.waitForSelector('[data-testid=form-notice]');
      expect(await (await villageSelect(page, 'village')).inputValue()).toBe(village);
      await provider.locator(`option[value="${baray}"]`).waitFor({ state: 'attached' });
      expect(await provider.inputValue()).toBe(baray);

      await page.click('[data-testid=send]');
      await page.waitForSelector('[data-testid=submit-success]');
      expect(await page.textContent('[data-testid=submit-success] .meta')).toMatch(KM_MONTH);
      const id = (await page.textContent('[data-testid=submission-id]'))!.trim();
      await shot('04-sent');
      const data = await storedData(id);
      expect(data).toEqual({ village, provider: baray, note: `picked on ${viewport.name}` });

      // English: Latin names with the Khmer ones.
      await page.goto(`${server.url}/forms/${FORM}?lang=en`);
      await villageSelect(page, 'village');
      expect(await picker.locator('[data-testid=geo-path]').textContent()).toContain('Kampong Thom');
      expect(await provider.locator(`option[value="${baray}"]`).textContent()).toContain('Baray health centre');
      await shot('05-english');
      expect(ignorable(errors)).toEqual([]);
      await context(page).close();
    });

    it('the facilitator fills the shipped i4c-session form, choosing the village in the picker', async () => {
      const { page, errors } = await open(viewport);
      await signIn(page, CAF.username, CAF.password);
      await page.goto(`${server.url}/forms/i4c-session?lang=km`);
      const select = await villageSelect(page, 'village');
      const villages = (await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).filter(Boolean);
      const village = villages.at(-1)!;
      await select.selectOption(village);
      await page.fill('[name="data[date]"]', '2026-03-15');
      await page.fill('[name="data[facilitators]"]', CAF.name);
      const counts = { total: '30', female: '18', youth: '6', disability: '1', ethnic_minority: '0', id_poor: '4' };
      for (const [key, value] of Object.entries(counts)) await page.fill(`[name="data[participants][${key}]"]`, value);
      await page.selectOption('select[name="data[topics]"]', ['service_standards', 'commune_budget']);
      await page.fill('[name="data[materials_distributed]"]', '25');
      await screenshot(page, `pickers-${viewport.name}-06-i4c`);
      await page.click('[data-testid=send]');
      await page.waitForSelector('[data-testid=submit-success]');
      const id = (await page.textContent('[data-testid=submission-id]'))!.trim();
      const data = await storedData(id);
      expect(data.village).toBe(village);
      expect(data.topics).toEqual(['service_standards', 'commune_budget']);
      expect(ignorable(errors)).toEqual([]);
      await context(page).close();
    });
  });
}

describe('fallback', () => {
  it('gives the admin the plain code input when the list below a level is missing', async () => {
    const { page, errors } = await open(VIEWPORTS[1]!);
    await signIn(page, 'admin', server.adminPassword);
    await page.goto(`${server.url}/forms/${FORM}?lang=km`);
    await page.waitForSelector('[data-testid=geo-picker-village] [data-testid=geo-fallback]');
    expect(await page.textContent('[data-testid=geo-fallback]')).toMatch(KHMER);
    // Both health centres are in the admin's area ...
    const provider = page.locator('[data-testid=provider-select]');
    await provider.locator(`option[value="${stoung}"]`).waitFor({ state: 'attached' });
    expect(await provider.locator(`option[value="${baray}"]`).count()).toBe(1);
    await page.fill('[name="data[village]"]', '06010101');
    expect(await page.inputValue('[name="data[village]"]')).toBe('06010101');
    // ... until a village of Baray is answered: then only Baray's is listed.
    await provider.locator(`option[value="${stoung}"]`).waitFor({ state: 'detached' });
    expect(await provider.locator(`option[value="${baray}"]`).count()).toBe(1);
    await screenshot(page, 'pickers-desktop-07-admin-fallback');
    // The answered code is kept as a draft; a form without one shows the hint in English.
    await page.goto(`${server.url}/forms/i4c-session?lang=en`);
    await page.waitForSelector('[data-testid=geo-fallback]');
    await screenshot(page, 'pickers-desktop-08-admin-fallback-en');
    expect(await page.textContent('[data-testid=geo-fallback]')).toContain('type the 8-digit village code');

    // The builder's "?" links land on a section per widget, in both languages (the help page is
    // content now: a heading with a fixed id per widget, in the reader's language).
    await page.goto(`${server.url}/help/builder?lang=en#geography`);
    expect(await page.locator('h2#geography').textContent()).toBe('Geography');
    await page.goto(`${server.url}/help/builder?lang=km#geography`);
    expect(await page.locator('h2#geography').textContent()).toMatch(KHMER);
    for (const id of ['text', 'textarea', 'number', 'faces', 'select', 'radio', 'multiselect', 'checkbox', 'date', 'provider', 'group', 'repeat', 'section']) {
      expect(await page.locator(`#${id}`).count()).toBe(1);
    }
    await save(page, 'pickers-desktop-09-help-builder');
    expect(ignorable(errors)).toEqual([]);
  });
});

function context(page: Page): BrowserContext {
  return page.context();
}
