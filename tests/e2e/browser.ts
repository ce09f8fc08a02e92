// Shared browser set-up for e2e tests: Debian's chromium, headless, no network chatter.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';

export const SCREENSHOT_DIR = join(import.meta.dirname, 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Collects uncaught page errors and console errors so a test can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** A fresh context and page (Khmer browser locale), remembered in `contexts` for closing afterwards. */
export async function openPage(browser: Browser, viewport: { width: number; height: number }, contexts: BrowserContext[]): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'km-KH' });
  contexts.push(context);
  const page = await context.newPage();
  return { page, errors: watchErrors(page) };
}

/** A GraphQL call made by the page itself (its session cookie), answering the parsed body. */
export async function pageGql(page: Page, query: string, variables: Record<string, unknown> = {}): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }> {
  return page.evaluate(
    async ({ query, variables }) => (await (await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })).json()) as { data?: Record<string, unknown>; errors?: unknown[] },
    { query, variables },
  );
}

/**
 * A test server and a browser for one test file, started before its tests and closed after them
 * with every context opened in `contexts`. Read `server` and `browser` inside tests (they are set by then).
 */
export function serverAndBrowser(): { readonly server: TestServer; readonly browser: Browser; contexts: BrowserContext[] } {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
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
  return {
    get server() {
      return server!;
    },
    get browser() {
      return browser!;
    },
    contexts,
  };
}

/** Signs in through the login page and waits to leave it. */
export async function signInAt(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
  await page.waitForURL((url) => url.pathname !== '/login');
}

/** A GraphQL call to the test server as a token's user; fails the test on any error. */
export async function graphqlAs<T>(baseUrl: string, query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const response = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Signs in through the API: a bearer token for graphqlAs. */
export async function apiToken(baseUrl: string, username: string, password: string): Promise<string> {
  const login = await fetch(`${baseUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  return ((await login.json()) as { token: string }).token;
}

/** Creates a user with one grant (no forced password change). */
export async function createUserAs(baseUrl: string, token: string, user: { username: string; password: string; name: string; locale: 'km' | 'en'; role: string; scope: string }): Promise<void> {
  const create = 'mutation U($input: CreateUserInput!) { createUser(input: $input) { username } }';
  await graphqlAs(baseUrl, create, { input: { username: user.username, password: user.password, displayName: user.name, locale: user.locale, mustChangePassword: false, grants: [{ role: user.role, scope: user.scope }] } }, token);
}
