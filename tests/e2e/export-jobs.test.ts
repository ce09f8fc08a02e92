// Exports made in the background on the data page (issue 14, Measure), in Khmer, as an officer would:
// /data/i4c-session → "Export XLSX" → "Your exports" shows the job with a progress bar (rows written
// of total, percent) → a download button → the file is the XLSX; after a reload the list finds the job
// again. At 360 px (nothing wider than the screen) and on desktop; screenshots in tests/e2e/screenshots/.
import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server';
import { launchBrowser, openPage, screenshot, signInAt } from './browser';

const KHMER = /[\u1780-\u17FF]/;
let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  // Enough records that the export is not over before the first poll.
  await sql`insert into submission (id, definition_key, definition_version, geo_code, period, data)
    select gen_random_uuid(), 'i4c-session', 1, '06010101', '2026-03-14', jsonb_build_object('village', '06010101', 'date', '2026-03-14', 'facilitators', 'Sok ' || g)
    from generate_series(1, 20000) g`.execute(server.services.db);
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
});

describe('exports as background jobs on the data page', () => {
  it.each([
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 360, height: 780 }],
  ])('shows the progress, then a download button (%s)', async (name, viewport) => {
    const { page, errors } = await openPage(browser, viewport, contexts);
    await signInAt(page, server.url, 'admin', server.adminPassword);
    await page.goto(`${server.url}/data/i4c-session`);
    await page.click('[data-testid=export-xlsx]');
    const job = page.locator('[data-testid=export-job]').first();
    await job.waitFor();
    expect(await page.textContent('#export-jobs-title')).toMatch(KHMER);
    if ((await job.getAttribute('data-state')) === 'running') {
      expect(await page.getAttribute('[data-testid=export-job-progress]', 'role')).toBe('progressbar');
      expect(await page.textContent('[data-testid=export-job-progress-label]')).toMatch(/%/);
      await screenshot(page, `export-job-running-${name}`);
    }
    await page.waitForSelector('[data-testid=export-job][data-state=done] [data-testid=export-job-download]', { timeout: 60_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await screenshot(page, `export-job-done-${name}`);
    const download = page.waitForEvent('download');
    await page.locator('[data-testid=export-job-download]').first().click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^i4c-session-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const bytes = await readFile((await file.path())!);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    // The list is the server's: a reload finds the finished job again.
    await page.reload();
    await page.waitForSelector('[data-testid=export-job][data-state=done]');
    expect(errors).toEqual([]);
  });
});
