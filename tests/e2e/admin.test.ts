// Administration in a browser, end to end on a real server: the admin imports the full gazetteer
// (four YAML files) through the geography page, invites a provincial officer for Kampong Thom (06)
// with a temporary password; the officer is forced to change it, then invites a facilitator for
// commune 060101 (Bak Sna) and sees only the data of the province. Screenshots at 1280x800 and
// 360x740 go to tests/e2e/screenshots/admin-*.png.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server';
import { launchBrowser, screenshot as save, openPage, signInAt } from './browser';
import { GAZETTEER_DIR } from '../fixtures/gazetteer';

const KHMER = /[\u1780-\u17FF]/;
const GAZETTEER = GAZETTEER_DIR;
const GAZETTEER_FILES = ['villages.yml', 'communes.yml', 'provinces.yml', 'districts.yml'].map((f) => `${GAZETTEER}${f}`);
const DESKTOP = { width: 1280, height: 800 };
const MOBILE = { width: 360, height: 740 };
const OFFICER = { username: 'kt.officer', name: 'Sok Dara', password: 'kampong-thom-2026' };
const CAF = { username: 'baksna.caf', name: 'Chan Sophea', password: 'bak-sna-caf-2026' };

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  const missing = GAZETTEER_FILES.filter((f) => !existsSync(f));
  if (missing.length > 0) throw new Error(`The gazetteer files are missing: ${missing.join(', ')} (expected in ${GAZETTEER})`);
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

const open = (viewport: { width: number; height: number }) => openPage(browser, viewport, contexts);
const signIn = (page: Page, username: string, password: string) => signInAt(page, server.url, username, password);

async function apiToken(username: string, password: string): Promise<string> {
  const response = await fetch(`${server.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

async function graphql<T>(token: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  expect(body.errors ?? []).toEqual([]);
  return body.data;
}

function i4cSession(village: string) {
  return {
    village,
    date: '2026-03-15',
    facilitators: 'Chan Sophea',
    participants: { total: 30, female: 18, youth: 6, disability: 1, ethnic_minority: 0, id_poor: 4 },
    topics: ['service_standards', 'commune_budget'],
    materials_distributed: 25,
  };
}

/** Picks a value in the area picker of the last grant row once its options have loaded. */
async function pickArea(page: Page, level: string, code: string): Promise<void> {
  const select = page.locator(`[data-testid=grant-row]:last-of-type select[data-level=${level}]`);
  await select.locator(`option[value="${code}"]`).waitFor({ state: 'attached' });
  await select.selectOption(code);
}

/** Full-page screenshot from the top (the sticky top bar otherwise lands mid-page). */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await save(page, name);
}

const unexpected = (errors: string[]) => errors.filter((e) => !e.includes('status of 401') && !e.includes('status of 403'));

describe('administration', () => {
  let temporaryPassword = '';

  it('imports the full gazetteer through the geography page', async () => {
    const { page, errors } = await open(DESKTOP);
    await signIn(page, 'admin', server.adminPassword);
    await page.goto(`${server.url}/admin/geography`);
    expect(await page.textContent('h1')).toMatch(KHMER);
    await page.setInputFiles('[data-testid=geo-files]', GAZETTEER_FILES);
    await page.click('[data-testid=geo-import]');
    // The bar moves while the villages are written.
    await page.waitForSelector('[data-testid=geo-progress][data-state=running]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=geo-progress]')?.getAttribute('aria-valuenow')) >= 50, null, { timeout: 120_000 });
    await screenshot(page, 'admin-desktop-03-geography-progress');
    await page.waitForSelector('[data-testid=geo-done]', { timeout: 240_000 });
    const runs = page.locator('[data-testid=geo-file-run]');
    expect(await runs.count()).toBe(4);
    expect(await runs.locator('.mono').allTextContents()).toEqual(['provinces.yml', 'districts.yml', 'communes.yml', 'villages.yml']);
    await screenshot(page, 'admin-desktop-04-geography-result');

    // Browse: 25 provinces, then Kampong Thom's districts and Baray's communes.
    await page.goto(`${server.url}/admin/geography`);
    expect(await page.getAttribute('[data-testid=geo-count]', 'data-count')).toBe('25');
    expect(await page.locator('[data-testid=geo-row]').count()).toBe(25);
    await page.click('[data-testid=geo-row][data-code="06"] a');
    await page.waitForURL('**/admin/geography?unit=06');
    expect(Number(await page.getAttribute('[data-testid=geo-count]', 'data-count'))).toBeGreaterThan(3);
    await page.click('[data-testid=geo-row][data-code="0601"] a');
    await page.waitForSelector('[data-testid=geo-row][data-code="060101"]');
    await screenshot(page, 'admin-desktop-05-geography-browse');
    expect(unexpected(errors)).toEqual([]);
  }, 300_000);

  it('invites a provincial officer for Kampong Thom with a temporary password', async () => {
    const { page, errors } = await open(DESKTOP);
    await signIn(page, 'admin', server.adminPassword);
    await page.click('[data-testid=nav-admin]');
    await page.waitForURL('**/admin/users');
    await page.click('[data-testid=invite-user]');
    await page.waitForURL('**/admin/users/new');

    // Sending empty shows errors at the fields.
    await page.click('[data-testid=invite-submit]');
    await page.waitForSelector('[data-testid=error-username]');

    await page.fill('#username', OFFICER.username);
    await page.fill('#displayName', OFFICER.name);
    await page.selectOption('[data-testid=grant-role]', 'provincial_officer');
    await pickArea(page, 'province', '06');
    expect(await page.locator('select[data-level=district]').isVisible()).toBe(true);
    await screenshot(page, 'admin-desktop-02-invite-form');
    await page.click('[data-testid=invite-submit]');
    await page.waitForSelector('[data-testid=invite-success]');
    temporaryPassword = (await page.textContent('[data-testid=temporary-password]'))?.trim() ?? '';
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(8);
    await screenshot(page, 'admin-desktop-02b-invite-temporary');

    await page.goto(`${server.url}/admin/users`);
    const row = page.locator(`[data-testid=user-row][data-username="${OFFICER.username}"]`);
    await row.waitFor();
    expect(await row.locator('.badge').textContent()).toContain('មន្ត្រីថ្នាក់ខេត្ត');
    expect(await row.locator('.badge').textContent()).toContain('កំពង់ធំ');
    await screenshot(page, 'admin-desktop-01-users');
    expect(unexpected(errors)).toEqual([]);
  });

  it('makes the officer change the temporary password, then invite a facilitator in the province', async () => {
    expect(temporaryPassword).not.toBe('');
    const { page, errors } = await open(DESKTOP);
    await page.goto(`${server.url}/login`);
    await page.fill('#username', OFFICER.username);
    await page.fill('#password', temporaryPassword);
    await page.click('button[type=submit]');
    await page.waitForURL('**/account/password');
    await page.waitForSelector('[data-testid=password-forced]');
    // Any other page sends back here.
    await page.goto(`${server.url}/admin/users`);
    await page.waitForURL('**/account/password');
    await screenshot(page, 'admin-desktop-06-password-forced');
    // A common password is refused by the server, with the reason under the field in Khmer.
    await page.fill('#current', temporaryPassword);
    await page.fill('#new', 'password-1234');
    await page.fill('#confirm', 'password-1234');
    await page.click('[data-testid=password-submit]');
    await page.waitForSelector('[data-testid=error-new]');
    expect(await page.textContent('[data-testid=error-new]')).toContain('នេះជាពាក្យសម្ងាត់ដែលគេប្រើញឹកញាប់។');
    expect(await page.textContent('[data-testid=password-message]')).toContain('សូមជ្រើសរើសពាក្យសម្ងាត់ដែលពិបាកទាយជាងនេះ។');
    await page.fill('#current', temporaryPassword);
    await page.fill('#new', OFFICER.password);
    await page.fill('#confirm', OFFICER.password);
    await page.click('[data-testid=password-submit]');
    await page.waitForURL((url) => url.pathname === '/');

    // Delegated administration: roles up to provincial officer, inside Kampong Thom only.
    await page.goto(`${server.url}/admin/users/new`);
    const roles = await page.locator('[data-testid=grant-role] option:not([disabled])').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(roles).not.toContain('system_admin');
    expect(roles).not.toContain('national_officer');
    expect(roles).toContain('facilitator');
    await page.fill('#username', CAF.username);
    await page.fill('#displayName', CAF.name);
    await page.selectOption('[data-testid=grant-role]', 'facilitator');
    // Only Kampong Thom is offered (and chosen); "whole country" is not.
    const province = page.locator('select[data-level=province]');
    await page.waitForFunction(() => (document.querySelector('select[data-level=province]') as HTMLSelectElement | null)?.value === '06');
    expect(await province.locator('option:not([disabled])').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['06']);
    await pickArea(page, 'district', '0601');
    await pickArea(page, 'commune', '060101');
    await page.fill('#password', CAF.password);
    await page.uncheck('[data-testid=must-change]');
    await screenshot(page, 'admin-desktop-07-officer-invites-caf');
    await page.click('[data-testid=invite-submit]');
    await page.waitForSelector('[data-testid=invite-success]');
    expect(await page.locator('[data-testid=temporary-password]').count()).toBe(0);

    // The officer's list has the facilitator, not the admin.
    await page.goto(`${server.url}/admin/users`);
    await page.locator(`[data-testid=user-row][data-username="${CAF.username}"]`).waitFor();
    expect(await page.locator('[data-testid=user-row][data-username="admin"]').count()).toBe(0);
    expect(await page.locator(`[data-testid=user-row][data-username="${CAF.username}"] .badge`).textContent()).toContain('បាក់ស្នា');
    // No audit or geography tabs for a provincial officer.
    expect(await page.locator('.admin-tab').count()).toBe(0);
    expect(unexpected(errors)).toEqual([]);

    // The facilitator can sign in with the given password (no forced change).
    await apiToken(CAF.username, CAF.password);
  });

  it('shows the officer only the data of the province', async () => {
    const token = await apiToken('admin', server.adminPassword);
    const { definition } = await graphql<{ definition: { version: number } }>(token, 'query { definition(key: "i4c-session") { version } }', {});
    for (const village of ['06010101', '12010101']) {
      await graphql(token, 'mutation($input: SubmitInput!) { submit(input: $input) { id } }', {
        input: { id: crypto.randomUUID(), definitionKey: 'i4c-session', definitionVersion: definition.version, data: i4cSession(village) },
      });
    }

    const officer = await open(DESKTOP);
    await signIn(officer.page, OFFICER.username, OFFICER.password);
    await officer.page.goto(`${server.url}/data/i4c-session`);
    await officer.page.waitForSelector('[data-testid=submission-row]');
    const rows = officer.page.locator('[data-testid=submission-row]');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('06010101');

    const admin = await open(DESKTOP);
    await signIn(admin.page, 'admin', server.adminPassword);
    await admin.page.goto(`${server.url}/data/i4c-session`);
    await admin.page.waitForSelector('[data-testid=submission-row]');
    expect(await admin.page.locator('[data-testid=submission-row]').count()).toBe(2);

    // The audit log has the invitations and the import, with readable labels.
    await admin.page.goto(`${server.url}/admin/audit?action=user.create`);
    expect(await admin.page.locator('[data-testid=audit-row]').count()).toBe(2);
    await admin.page.goto(`${server.url}/admin/audit`);
    await admin.page.locator('[data-testid=audit-row][data-action="geo.import"]').first().waitFor();
    await admin.page.locator('[data-testid=audit-row][data-action="user.create"] details summary').first().click();
    await screenshot(admin.page, 'admin-desktop-08-audit');

    await admin.page.goto(`${server.url}/account`);
    await admin.page.locator('[data-testid=session][data-current=true]').waitFor();
    expect(await admin.page.locator('[data-testid=session]').count()).toBeGreaterThanOrEqual(2);
    await screenshot(admin.page, 'admin-desktop-09-account');
    // Sign out another device (an API token session).
    const before = await admin.page.locator('[data-testid=revoke-session]').count();
    await admin.page.locator('[data-testid=revoke-session]').first().click();
    await admin.page.waitForFunction((n) => document.querySelectorAll('[data-testid=revoke-session]').length === n - 1, before);

    // English check of the users page.
    await admin.page.goto(`${server.url}/admin/users?lang=en`);
    await admin.page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await admin.page.locator(`[data-testid=user-row][data-username="${OFFICER.username}"] .badge`).textContent()).toContain('Kampong Thom');
    await screenshot(admin.page, 'admin-desktop-10-users-en');
    await admin.page.goto(`${server.url}/admin/users?lang=km`);
    expect(unexpected([...officer.errors, ...admin.errors])).toEqual([]);
  });

  it('lays the pages out at phone size', async () => {
    const { page, errors } = await open(MOBILE);
    await signIn(page, 'admin', server.adminPassword);
    await page.goto(`${server.url}/admin/users`);
    await page.locator('[data-testid=user-row]').first().waitFor();
    await screenshot(page, 'admin-mobile-01-users');
    await page.goto(`${server.url}/admin/users/new`);
    await page.selectOption('[data-testid=grant-role]', 'district_officer');
    await pickArea(page, 'province', '06');
    await pickArea(page, 'district', '0601');
    await screenshot(page, 'admin-mobile-02-invite-form');
    await page.goto(`${server.url}/admin/audit`);
    await page.locator('[data-testid=audit-row]').first().waitFor();
    await screenshot(page, 'admin-mobile-03-audit');
    // A small re-import: provinces only, unchanged.
    await page.goto(`${server.url}/admin/geography`);
    await page.setInputFiles('[data-testid=geo-files]', [`${GAZETTEER}provinces.yml`]);
    await page.click('[data-testid=geo-import]');
    await page.waitForSelector('[data-testid=geo-done]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid=geo-added]')).toMatch(/^[0០]$/);
    await screenshot(page, 'admin-mobile-04-geography');
    await page.goto(`${server.url}/account`);
    await page.locator('[data-testid=session]').first().waitFor();
    await screenshot(page, 'admin-mobile-05-account');
    await page.goto(`${server.url}/account/password`);
    await screenshot(page, 'admin-mobile-06-password');
    expect(unexpected(errors)).toEqual([]);
  });
});
