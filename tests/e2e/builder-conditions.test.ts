// Conditions with "all of / any of", groups and "not", built by point and click in the builder at
// 360 px in Khmer, and the service-provider field of the palette: an officer builds
// "Reason" shown when NOT «Services» picked Road OR («Water» = Option 1 AND «People» > 3), sets the
// provider field to primary schools, previews (the field comes and goes as answers change),
// publishes (the stored JSONLogic is exactly what was built), and a facilitator fills the form: the
// field appears and disappears as answers change, a hidden answer is not stored, and the server
// refuses what Form.io refuses. The same editor is shot on a desktop. Screenshots in
// tests/e2e/screenshots/builder-conditions-*.png.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server';
import { provinceSubset } from '../fixtures/gazetteer';
import { launchBrowser, openPage, screenshot, signInAt } from './browser';

const KEY = 'water-conditions';
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

async function gql(page: Page, query: string, variables: Record<string, unknown> = {}) {
  return page.evaluate(
    async ({ query, variables }) => (await (await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })).json()) as { data?: Record<string, unknown>; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> },
    { query, variables },
  );
}

async function addField(page: Page, id: string, en: string, km: string): Promise<void> {
  await page.click('[data-testid=add-field]');
  await page.click(`[data-testid=add-${id}]`);
  for (const [testid, value] of [['label-en', en], ['label-km', km]] as const) {
    const input = page.locator(`[data-testid=field-panel] [data-testid=${testid}]`);
    await input.fill(value);
    await input.press('Tab');
  }
}

/** Picks one option of a multiselect (the fill page and preview show formio's native multiple <select>). */
async function pickChoice(_page: Page, scope: Locator | Page, key: string, value: string): Promise<void> {
  await scope.locator(`select[name="data[${key}]"]`).selectOption([value]);
}

const v = (name: string) => ({ var: name });
const EXPECTED = {
  or: [
    { '!': [{ in: ['option_2', v('multiselect1')] }] },
    { and: [{ '==': [v('radio1'), 'option_1'] }, { and: [{ '!=': [v('number1'), null] }, { '!==': [v('number1'), ''] }, { '>': [v('number1'), 3] }] }] },
  ],
};

describe('builder conditions and provider field', () => {
  it('builds an any-of / all-of condition with "not" at 360 px, publishes, and the fill page and server agree', async () => {
    const { page, errors } = await openPage(browser, { width: 360, height: 740 }, contexts);
    await signInAt(page, server.url, 'admin', server.adminPassword);
    await page.goto(`${server.url}/builder`);
    await page.click('[data-testid=new-form]');
    await page.fill('[data-testid=new-key]', KEY);
    await page.fill('[data-testid=new-title-km]', 'ការត្រួតពិនិត្យទឹក');
    await page.fill('[data-testid=new-title-en]', 'Water check');
    await page.click('[data-testid=new-create]');
    await page.waitForURL(`**/builder/${KEY}`);
    await page.locator('[data-testid=builder-host]').waitFor();

    await addField(page, 'radio', 'Water', 'ទឹក');
    await addField(page, 'number', 'People', 'មនុស្ស');
    await addField(page, 'multiselect', 'Services', 'សេវា');

    // The service-provider field from the palette, with its kind.
    await addField(page, 'provider', 'School', 'សាលា');
    expect(await page.inputValue('[data-testid=provider-kind]')).toBe('health_centre');
    expect(await page.locator('[data-testid=provider-kind] option').allTextContents()).toEqual(['មណ្ឌលសុខភាព', 'សាលាបឋមសិក្សា', 'រដ្ឋបាលឃុំ/សង្កាត់']);
    await page.selectOption('[data-testid=provider-kind]', 'primary_school');
    expect(await page.textContent('[data-testid=field-panel]')).toContain('អ្នកផ្តល់សេវា');

    await addField(page, 'text', 'Reason', 'មូលហេតុ');
    await page.check('[data-testid=field-required]');

    // NOT «Services» picked Road …
    await page.click('[data-testid=condition-add]');
    const rules = page.locator('[data-testid=condition-rule]');
    await rules.nth(0).locator('[data-testid=condition-field]').selectOption('data.multiselect1');
    expect(await rules.nth(0).locator('[data-testid=condition-op]').inputValue()).toBe('picked');
    await rules.nth(0).locator('[data-testid=condition-value]').selectOption('option_2');
    await rules.nth(0).locator('[data-testid=condition-not]').check();
    // … OR a group: «Water» = Option 1 AND «People» > 3.
    await page.locator('[data-testid=condition-group][data-depth="0"] > .group__actions [data-testid=condition-add-group]').click();
    await page.locator('[data-testid=condition-join]').first().selectOption('any');
    const inner = page.locator('[data-testid=condition-group][data-depth="1"]');
    await inner.locator('[data-testid=condition-add-rule]').click();
    await inner.locator('[data-testid=condition-join]').selectOption('all');
    // A new rule reads the form's first field (the new form's own «First question»): pick «Water».
    expect(await rules.nth(1).locator('[data-testid=condition-field]').inputValue()).toBe('data.question1');
    await rules.nth(1).locator('[data-testid=condition-field]').selectOption('data.radio1');
    expect(await rules.nth(1).locator('[data-testid=condition-value]').inputValue()).toBe('option_1');
    await rules.nth(2).locator('[data-testid=condition-field]').selectOption('data.number1');
    await rules.nth(2).locator('[data-testid=condition-op]').selectOption('gt');
    await rules.nth(2).locator('[data-testid=condition-value]').fill('3');
    await rules.nth(2).locator('[data-testid=condition-value]').press('Tab');
    await expect
      .poll(() => page.textContent('[data-testid=condition-summary]'))
      .toContain('មិនមែន «សេវា» បានជ្រើស ជម្រើសទី 2 ឬ («ទឹក» ស្មើនឹង ជម្រើសទី 1 និង «មនុស្ស» ធំជាង 3)');
    await page.locator('[data-testid=condition-editor]').scrollIntoViewIfNeeded();
    await screenshot(page, 'builder-conditions-360-km');
    await page.locator('[data-testid=condition-editor]').screenshot({ path: '/tmp/d-condition-editor-360-km.png' });

    // Reopening the field shows the same tree.
    await page.locator('.builder-component', { hasText: 'ទឹក' }).first().click();
    await page.locator('.builder-component', { hasText: 'មូលហេតុ' }).first().click();
    await expect.poll(() => rules.count()).toBe(3);
    expect(await rules.nth(0).locator('[data-testid=condition-not]').isChecked()).toBe(true);
    expect(await page.locator('[data-testid=condition-join]').first().inputValue()).toBe('any');

    // Preview: the field comes and goes as answers change.
    await page.click('[data-testid=save-draft]');
    await page.locator('[data-testid=builder-notice]').waitFor();
    await page.click('[data-testid=preview-open]');
    const preview = page.locator('[data-testid=preview-dialog]');
    const previewReason = preview.locator('[name="data[text1]"]');
    await previewReason.waitFor();
    await pickChoice(page, preview, 'multiselect1', 'option_2');
    await expect.poll(() => previewReason.isVisible()).toBe(false);
    await preview.locator('input[name^="data[radio1]"][value="option_1"]').check();
    await preview.locator('[name="data[number1]"]').fill('5');
    await expect.poll(() => previewReason.isVisible()).toBe(true);
    await preview.locator('[name="data[number1]"]').fill('2');
    await expect.poll(() => previewReason.isVisible()).toBe(false);
    await preview.locator('[data-testid=preview-close], button:has-text("បិទ")').first().click();

    // Publish: the definition holds exactly the JSONLogic built, and the provider kind.
    await page.click('[data-testid=publish-open]');
    await page.click('[data-testid=publish-confirm]');
    await page.locator('[data-testid=published-notice]').waitFor();
    const published = await gql(page, `{ definition(key: "${KEY}", version: 1) { schema } }`);
    const properties = (published.data?.definition as { schema: { properties: Record<string, Record<string, unknown>> } }).schema.properties;
    expect(properties.text1!['x-visible-when']).toEqual(EXPECTED);
    expect([properties.provider1!['x-widget'], properties.provider1!['x-provider-kind']]).toEqual(['provider', 'primary_school']);

    // Kampong Thom's communes, then a primary school in Bak Sna (060101) for the provider picker.
    const imported = await page.evaluate(async (yaml) => {
      const started = await fetch('/admin/geo/import', { method: 'POST', headers: { 'content-type': 'text/yaml' }, body: yaml });
      const location = started.headers.get('location');
      for (let i = 0; location && i < 200; i++) {
        const job = (await (await fetch(location)).json()) as { status: string };
        if (job.status !== 'running' && job.status !== 'queued') return job.status;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      return `not started: ${started.status}`;
    }, provinceSubset('06'));
    expect(imported).toBe('done');
    const school = await gql(page, 'mutation($i: ServiceProviderInput!) { createServiceProvider(input: $i) { id } }', { i: { kind: 'primary_school', code: 'PS-0101', nameKm: 'សាលាបឋមសិក្សាបាក់ស្នា', nameEn: 'Bak Sna primary school', geoCode: '060101' } });
    expect(school.errors).toBeUndefined();
    const schoolId = (school.data?.createServiceProvider as { id: string }).id;

    // Fill: shown at first (nothing picked), hidden once Road is picked …
    await page.goto(`${server.url}/forms/${KEY}`);
    const reason = page.locator('[name="data[text1]"]');
    await reason.waitFor();
    expect(await reason.isVisible()).toBe(true);
    await reason.fill('typed, then hidden');
    await pickChoice(page, page, 'multiselect1', 'option_2');
    await expect.poll(() => reason.isVisible()).toBe(false);
    await page.locator('[data-testid=provider-picker-provider1] [data-testid=provider-select]').selectOption(schoolId);
    await screenshot(page, 'builder-conditions-fill-hidden-360-km');
    await page.click('[data-testid=send]');
    await page.locator('[data-testid=submit-success]').waitFor();
    const hiddenId = (await page.textContent('[data-testid=submission-id]'))!.trim();
    const hidden = await gql(page, 'query($id: ID!) { submission(id: $id) { data } }', { id: hiddenId });
    expect((hidden.data?.submission as { data: unknown }).data).toEqual({ multiselect1: ['option_2'], provider1: schoolId });

    // … shown again for Water = Option 1 and People > 3: now required, in Form.io and on the server.
    await page.click('[data-testid=fill-another]');
    await reason.waitFor({ state: 'attached' });
    await pickChoice(page, page, 'multiselect1', 'option_2');
    await expect.poll(() => reason.isVisible()).toBe(false);
    await page.locator('input[name^="data[radio1]"][value="option_1"]').check();
    await page.fill('[name="data[number1]"]', '4');
    await expect.poll(() => reason.isVisible()).toBe(true);
    await page.click('[data-testid=send]');
    await page.locator('[data-testid=error-summary]').waitFor();
    expect(await page.textContent('[data-testid=error-summary]')).toContain('មូលហេតុ');
    const refused = await gql(page, 'mutation($i: SubmitInput!) { submit(input: $i) { id } }', { i: { id: randomUUID(), definitionKey: KEY, definitionVersion: 1, data: { radio1: 'option_1', number1: 4, multiselect1: ['option_2'] } } });
    expect(JSON.stringify(refused.errors)).toContain('text1');
    await reason.fill('Only one tap stand');
    await screenshot(page, 'builder-conditions-fill-shown-360-km');
    await page.click('[data-testid=send]');
    await page.locator('[data-testid=submit-success]').waitFor();
    const shownId = (await page.textContent('[data-testid=submission-id]'))!.trim();
    const shown = await gql(page, 'query($id: ID!) { submission(id: $id) { data } }', { id: shownId });
    expect((shown.data?.submission as { data: unknown }).data).toEqual({ radio1: 'option_1', number1: 4, multiselect1: ['option_2'], text1: 'Only one tap stand' });
    expect(errors.filter((e) => !e.includes('Cannot validate value NaN'))).toEqual([]);
  });

  it('shows the condition editor on a desktop, in Khmer', async () => {
    const { page, errors } = await openPage(browser, { width: 1280, height: 900 }, contexts);
    await signInAt(page, server.url, 'admin', server.adminPassword);
    await page.goto(`${server.url}/builder/${KEY}`);
    await page.locator('.builder-component', { hasText: 'មូលហេតុ' }).first().click();
    await expect.poll(() => page.locator('[data-testid=condition-rule]').count()).toBe(3);
    expect(await page.textContent('[data-testid=condition-editor]')).toMatch(KHMER);
    await page.locator('[data-testid=condition-editor]').scrollIntoViewIfNeeded();
    await screenshot(page, 'builder-conditions-desktop-km');
    await page.locator('[data-testid=field-panel]').screenshot({ path: '/tmp/d-field-panel-desktop-km.png' });
    expect(errors.filter((e) => !e.includes('Cannot validate value NaN'))).toEqual([]);
  });
});
