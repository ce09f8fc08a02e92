// Why: the web figures issue 3 asks for, each beside a baseline measured in the same run: gzipped
// JavaScript a browser actually downloads for the fill and builder pages (vs formio.js's own bundles),
// and the time until the fill form is usable in Chromium on a local server (vs the plain login page).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../tests/e2e/browser';
import { startTestServer, type TestServer } from '../../tests/helpers/server';

export interface WebFigures {
  fillJsGz: number;
  /** The largest script the fill page loads: the formio.js renderer chunk as built, gzipped. */
  rendererChunkGz: number;
  rendererChunkUrl: string;
  builderJsGz: number;
  fillLoadsBuilder: boolean;
  rendererGz: number;
  fullFormioGz: number;
  usableMs: number;
  loginUsableMs: number;
}

const FORM = 'csc-health-centre';

function gz(bytes: Buffer | string): number {
  return gzipSync(bytes).length;
}

function distGz(file: string): number {
  return gz(readFileSync(new URL(`../../node_modules/@formio/js/dist/${file}`, import.meta.url)));
}

/** Loads `path` and sums the gzipped size of every script response; also reports the script URLs. */
async function scriptsOf(page: Page, url: string, ready: string): Promise<{ gz: number; urls: string[]; largest: { url: string; size: number } }> {
  const bodies: Array<Promise<{ url: string; size: number }>> = [];
  const onResponse = (res: import('playwright-core').Response) => {
    if (res.request().resourceType() === 'script') bodies.push(res.body().then((b) => ({ url: res.url(), size: gz(b) })));
  };
  page.on('response', onResponse);
  await page.goto(url);
  await page.locator(ready).first().waitFor({ timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  page.off('response', onResponse);
  const all = await Promise.all(bodies);
  const largest = all.reduce((a, b) => (b.size > a.size ? b : a), { url: '', size: 0 });
  return { gz: all.reduce((s, b) => s + b.size, 0), urls: all.map((b) => b.url), largest };
}

async function timeToUsable(browser: Browser, server: TestServer, cookie: string, path: string, ready: string, rounds: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    if (cookie) await context.addCookies([{ name: 'sa_session', value: cookie, url: server.url }]);
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(`${server.url}${path}`);
    await page.locator(ready).first().waitFor({ state: 'visible', timeout: 60_000 });
    times.push(performance.now() - started);
    await context.close();
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
}

export async function benchWebPages(rounds = 5): Promise<WebFigures> {
  const server = await startTestServer();
  const browser = await launchBrowser();
  try {
    const login = await fetch(`${server.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: server.adminPassword }),
    });
    const { token } = (await login.json()) as { token: string };
    const context = await browser.newContext();
    await context.addCookies([{ name: 'sa_session', value: token, url: server.url }]);
    const fillPage = await context.newPage();
    const fill = await scriptsOf(fillPage, `${server.url}/forms/${FORM}`, '.formio-form input');
    const builderPage = await context.newPage();
    const builder = await scriptsOf(builderPage, `${server.url}/builder/${FORM}`, '[data-testid=builder-host] .formbuilder, [data-testid=builder-host] .builder-components');
    const builderOnly = builder.urls.filter((u) => !fill.urls.includes(u));
    await context.close();
    return {
      fillJsGz: fill.gz,
      rendererChunkGz: fill.largest.size,
      rendererChunkUrl: new URL(fill.largest.url).pathname,
      builderJsGz: builder.gz,
      fillLoadsBuilder: builderOnly.length === 0,
      rendererGz: distGz('formio.form.min.js'),
      fullFormioGz: distGz('formio.full.min.js'),
      usableMs: await timeToUsable(browser, server, token, `/forms/${FORM}`, '.formio-form input:not([disabled])', rounds),
      loginUsableMs: await timeToUsable(browser, server, '', '/login', 'input[name=username], input[type=text]', rounds),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
