// A broken indicator in the browser: stored by other means (the API refuses it), it fails every
// refresh while the others stay fresh; its editors see a Khmer (and English) "not up to date" badge
// with the reason on the indicator page and in the builder; a viewer sees no such notice.
// Screenshots: screenshots/indicator-refresh-failed-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server';
import { launchBrowser, openPage, screenshot, signInAt } from './browser';

const KHMER = /[\u1780-\u17FF]/;
const BROKEN = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  'x-kind': 'indicator',
  'x-title': { km: 'សកម្មភាពខូច', en: 'Broken actions' },
  sources: [{ form: 'jaap', each: 'actions' }],
  measure: { type: 'count' },
  filter: { '==': [{ var: "row.status'x" }, 'completed'] },
};

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function graphql<T>(query: string, token: string): Promise<T> {
  const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
  return ((await response.json()) as { data: T }).data;
}

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  await server.services.db
    .insertInto('definition')
    .values({ key: 'broken-actions', version: 1, kind: 'indicator', status: 'published', schema: JSON.stringify(BROKEN), created_by: null, published_at: new Date() })
    .execute();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
});

describe('an indicator whose refresh fails', () => {
  it('is marked for editors on its page and in the builder, and not shown to viewers', async () => {
    const login = await fetch(`${server.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: server.adminPassword }) });
    const token = ((await login.json()) as { token: string }).token;
    let state = '';
    for (let i = 0; i < 100 && state !== 'FAILED'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      state = (await graphql<{ indicator: { refreshStatus: { state: string } } }>('{ indicator(key: "broken-actions") { refreshStatus { state } } }', token)).indicator.refreshStatus.state;
    }
    expect(state).toBe('FAILED');
    const others = await graphql<{ indicators: Array<{ key: string; refreshStatus: { state: string } }> }>('{ indicators { key refreshStatus { state } } }', token);
    expect(others.indicators.filter((i) => i.key !== 'broken-actions').every((i) => i.refreshStatus.state === 'FRESH')).toBe(true);
    await graphql('mutation { createUser(input: { username: "kt.viewer", displayName: "KT", password: "kampot-pepper-field-7", mustChangePassword: false, grants: [{ role: "viewer", scope: "" }] }) { username } }', token);

    const { page, errors } = await openPage(browser, { width: 1280, height: 800 }, contexts);
    await signInAt(page, server.url, 'admin', server.adminPassword);
    await page.goto(`${server.url}/indicators/broken-actions?lang=km`);
    const notice = page.getByTestId('refresh-failed');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(KHMER);
    expect(await notice.textContent()).toContain('filter.==.0.var');
    await screenshot(page, 'indicator-refresh-failed-page-km');
    await page.goto(`${server.url}/indicators/broken-actions?lang=en`);
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Not up to date');
    expect(await notice.textContent()).toContain('The definition is not valid.');
    await page.goto(`${server.url}/indicators/broken-actions/edit?lang=km`);
    await page.getByTestId('refresh-failed').waitFor();
    await screenshot(page, 'indicator-refresh-failed-builder-km');
    expect(errors).toEqual([]);

    const viewer = await openPage(browser, { width: 360, height: 740 }, contexts);
    await signInAt(viewer.page, server.url, 'kt.viewer', 'kampot-pepper-field-7');
    await viewer.page.goto(`${server.url}/indicators/broken-actions?lang=km`);
    await viewer.page.getByTestId('indicator-title').waitFor();
    expect(await viewer.page.getByTestId('refresh-failed').count()).toBe(0);
  });
});
