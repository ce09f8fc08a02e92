// Cross-field rules and answer formats end to end, as an M&E officer and a facilitator use them, in
// Khmer: the officer adds "women ≤ total" by point and click (the message prefilled in Khmer and
// English, then edited), picks the Cambodian phone format, sees a pattern the engine cannot read
// refused with its reason, saves and publishes; the fill page refuses 12 women of 10 with the Khmer
// message under the field and accepts 8; the server refuses the same over GraphQL with the keyword
// and path. Screenshots (desktop and 360 px, Khmer) go to /tmp/builder-constraints-*.png.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server';
import { launchBrowser, signInAt, watchErrors } from './browser';

const KEY = 'women-count';
const MESSAGE_KM = 'ចំនួនស្ត្រីមិនអាចលើសចំនួនសរុបទេ';
const MESSAGE_EN = 'There cannot be more women than people in all';

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

async function setText(page: Page, testid: string, value: string): Promise<void> {
  const input = page.locator(`[data-testid=field-panel] [data-testid=${testid}]`);
  await input.fill(value);
  await input.press('Tab');
}

async function addField(page: Page, id: string): Promise<string> {
  await page.click('[data-testid=add-field]');
  await page.click(`[data-testid=add-${id}]`);
  return page.inputValue('[data-testid=field-panel] [data-testid=field-key]');
}

async function shot(page: Page, name: string, part?: string): Promise<void> {
  const path = `/tmp/builder-constraints-${name}.png`;
  if (part) await page.locator(part).screenshot({ path });
  else await page.screenshot({ path, fullPage: true });
}

async function graphql(token: string, query: string, variables: Record<string, unknown>) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, any>; errors?: Array<{ extensions: { code: string; errors?: Array<{ path: string; keyword: string; message: { km: string; en: string } }> } }> };
}

describe('cross-field rules and formats in the builder', () => {
  it('"women ≤ total": built, published, refused and accepted on the fill page and by the server', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'km-KH' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInAt(page, server.url, 'admin', server.adminPassword);

    await page.goto(`${server.url}/builder?lang=km`);
    await page.click('[data-testid=new-form]');
    await page.fill('[data-testid=new-key]', KEY);
    await page.fill('[data-testid=new-title-km]', 'ចំនួនអ្នកចូលរួម');
    await page.fill('[data-testid=new-title-en]', 'Participants count');
    await page.click('[data-testid=new-create]');
    await page.waitForURL(`**/builder/${KEY}`);
    await page.locator('[data-testid=builder-host] .builder-component').first().waitFor();

    const total = await addField(page, 'number');
    await setText(page, 'label-km', 'ចំនួនសរុប');
    await setText(page, 'label-en', 'Total');
    await page.check('[data-testid=field-required]');
    // No other number yet: the rule can only compare with a value.
    expect(await page.locator('[data-testid=constraints-editor]').textContent()).toContain('គ្មានច្បាប់');

    const female = await addField(page, 'number');
    await setText(page, 'label-km', 'ស្ត្រី');
    await setText(page, 'label-en', 'Women');
    await page.click('[data-testid=rule-add]');
    // Prefilled: "is at most" the total, with a message in both languages.
    expect(await page.inputValue('[data-testid=rule-op]')).toBe('le');
    expect(await page.inputValue('[data-testid=rule-field]')).toBe(total);
    expect(await page.inputValue('[data-testid=rule-message-km-0]')).toBe('ត្រូវតែមិនលើសពី ចំនួនសរុប');
    expect(await page.inputValue('[data-testid=rule-message-en-0]')).toBe('Must be at most Total');
    // The officer writes their own message.
    await setText(page, 'rule-message-km-0', MESSAGE_KM);
    await setText(page, 'rule-message-en-0', MESSAGE_EN);

    const phone = await addField(page, 'text');
    await setText(page, 'label-km', 'លេខទូរស័ព្ទ');
    await setText(page, 'label-en', 'Phone');
    await page.selectOption('[data-testid=pattern-choice]', 'custom');
    await page.fill('[data-testid=pattern-input]', '(0');
    await page.press('[data-testid=pattern-input]', 'Tab');
    expect(await page.textContent('[data-testid=pattern-error]')).toContain('ខ្វះ ")"');
    await shot(page, 'desktop-pattern-refused', '[data-testid=pattern-editor]');
    await page.selectOption('[data-testid=pattern-choice]', 'phone');
    await expect.poll(() => page.locator('[data-testid=pattern-error]').count()).toBe(0);

    // Back on "women": the rule is shown again as it was written.
    await page.locator('.builder-component', { hasText: 'ស្ត្រី' }).first().click();
    expect(await page.inputValue('[data-testid=rule-message-km-0]')).toBe(MESSAGE_KM);
    await shot(page, 'desktop-rule', '[data-testid=constraints-editor]');
    await page.setViewportSize({ width: 360, height: 800 });
    await shot(page, 'mobile-rule', '[data-testid=constraints-editor]');
    await shot(page, 'mobile-builder');
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.click('[data-testid=save-draft]');
    await page.locator('[data-testid=builder-notice]').waitFor();
    await page.click('[data-testid=publish-open]');
    await page.click('[data-testid=publish-confirm]');
    await page.locator('[data-testid=published-notice]').waitFor();

    // The facilitator's fill page, in Khmer: 12 women of 10 are refused with the officer's message.
    await page.goto(`${server.url}/forms/${KEY}?lang=km`);
    await page.locator(`[name="data[${total}]"]`).waitFor();
    await page.fill(`[name="data[${total}]"]`, '10');
    await page.fill(`[name="data[${female}]"]`, '12');
    await page.fill(`[name="data[${phone}]"]`, '012345678');
    await page.click('[data-testid=send]');
    await page.locator('[data-testid=error-summary]').waitFor();
    await expect.poll(() => page.locator(`.formio-component-${female} .formio-errors`).textContent()).toContain(MESSAGE_KM);
    expect(await page.textContent('[data-testid=error-summary]')).toContain(MESSAGE_KM);
    await shot(page, 'desktop-fill-refused');
    await page.setViewportSize({ width: 360, height: 800 });
    await page.locator(`.formio-component-${female}`).scrollIntoViewIfNeeded();
    await shot(page, 'mobile-fill-refused');
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.fill(`[name="data[${female}]"]`, '8');
    await page.click('[data-testid=send]');
    await page.locator('[data-testid=submit-success]').waitFor();

    // The server judges the same: over GraphQL, 12 of 10 is VALIDATION_FAILED at the field with the keyword.
    const login = await fetch(`${server.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: server.adminPassword }) });
    const { token } = (await login.json()) as { token: string };
    const version = (await graphql(token, `{ definition(key: "${KEY}") { version } }`, {})).data!.definition.version as number;
    const submit = 'mutation($input: SubmitInput!) { submit(input: $input) { id } }';
    const refused = await graphql(token, submit, { input: { id: crypto.randomUUID(), definitionKey: KEY, definitionVersion: version, data: { [total]: 10, [female]: 12 } } });
    expect(refused.errors?.[0]?.extensions.code).toBe('VALIDATION_FAILED');
    expect(refused.errors?.[0]?.extensions.errors).toEqual([{ path: female, keyword: 'x-constraint', message: { km: MESSAGE_KM, en: MESSAGE_EN } }]);
    const badPhone = await graphql(token, submit, { input: { id: crypto.randomUUID(), definitionKey: KEY, definitionVersion: version, data: { [total]: 10, [female]: 8, [phone]: '12345' } } });
    expect(badPhone.errors?.[0]?.extensions.errors?.map((e) => `${e.path}:${e.keyword}`)).toEqual([`${phone}:pattern`]);
    const accepted = await graphql(token, submit, { input: { id: crypto.randomUUID(), definitionKey: KEY, definitionVersion: version, data: { [total]: 10, [female]: 8, [phone]: '+85512345678' } } });
    expect(accepted.errors ?? []).toEqual([]);

    expect(errors).toEqual([]);
    await context.close();
  });
});
