// Importing records on the data page, in Khmer, as an officer would: /data/i4c-session → "Import
// records" → a KoboToolbox CSV → check the column matching → import (a job on the server: the
// progress bar ends at 100%) → 2 stored, 1 refused with its row and reason, the refused rows as a CSV
// download from the job; the table shows the new records. At 360 px and on desktop; screenshots in
// tests/e2e/screenshots/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server';
import { launchBrowser, openPage, screenshot, signInAt } from './browser';

const FIXTURE = new URL('../fixtures/submissions/kobo-i4c-session.csv', import.meta.url).pathname;
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

describe('importing records on the data page', () => {
  it.each([
    ['desktop', { width: 1280, height: 900 }, 2],
    ['phone', { width: 360, height: 780 }, 0],
  ])('checks the columns, imports, and reports refused rows (%s)', async (name, viewport, stored) => {
    const { page, errors } = await openPage(browser, viewport, contexts);
    await signInAt(page, server.url, 'admin', server.adminPassword);
    await page.goto(`${server.url}/data/i4c-session`);
    await page.click('[data-testid=import-records]');
    await page.waitForSelector('[data-testid=data-import-dialog][open]');
    expect(await page.textContent('#data-import-title')).toMatch(KHMER);
    await page.setInputFiles('[data-testid=data-import-file]', FIXTURE);
    await page.click('[data-testid=data-import-check]');
    await page.waitForSelector('[data-testid=data-import-mapping]');
    expect(await page.textContent('[data-testid=data-import-id]')).toContain('_uuid');
    expect(await page.inputValue('select[aria-label="participants/female"]')).toBe('participants.female');
    expect(await page.inputValue('select[aria-label="start"]')).toBe('');
    await screenshot(page, `data-import-mapping-${name}`);
    await page.click('[data-testid=data-import-run]');
    await page.waitForSelector('[data-testid=data-import-done]');
    expect(await page.getAttribute('[data-testid=data-import-progress]', 'data-state')).toBe('done');
    expect(await page.getAttribute('[data-testid=data-import-progress]', 'aria-valuenow')).toBe('100');
    const done = await page.textContent('[data-testid=data-import-done]');
    expect(done).toMatch(KHMER);
    // The second run (phone) imports the same file again: nothing new, the same row refused.
    expect(done).toContain(stored === 2 ? 'បានរក្សាទុក 2 ' : 'បានរក្សាទុក 0 ');
    expect(await page.textContent('[data-testid=data-import-refused]')).toContain('materials_distributed');
    const download = page.waitForEvent('download');
    await page.click('[data-testid=data-import-download]');
    const file = await download;
    expect(file.suggestedFilename()).toBe('i4c-session-refused-rows.csv');
    const { readFile } = await import('node:fs/promises');
    const csv = await readFile((await file.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFrow,id,code,field,reason');
    expect(csv).toContain('materials_distributed');
    await screenshot(page, `data-import-done-${name}`);
    expect(errors).toEqual([]);
  });
});
