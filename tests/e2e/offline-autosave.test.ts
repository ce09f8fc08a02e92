// Autosave (issue 9): answers typed on the fill page are in IndexedDB within ~400 ms. The browser is
// closed in the middle of typing (its profile kept, as a phone's is) and opened again: the form
// opens on the same record with what was typed before the close. Offline, the language switch
// re-renders the same record in English.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext } from 'playwright-core';
import { COUNT, KHMER, signIn, startOfflineWorld, type OfflineWorld } from './offline-setup';

let world: OfflineWorld;
const profile = mkdtempSync(join(tmpdir(), 'sa-e2e-profile-'));

function openProfile(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 360, height: 740 },
    locale: 'km-KH',
  });
}

beforeAll(async () => {
  world = await startOfflineWorld();
}, 300_000);

afterAll(async () => {
  await world?.server.close();
  rmSync(profile, { recursive: true, force: true });
});

describe('autosave', () => {
  it('keeps what was typed when the browser is closed mid-typing', async () => {
    let context = await openProfile();
    let page = context.pages()[0] ?? (await context.newPage());
    await signIn(page, world);
    await page.goto(`${world.server.url}/forms/${COUNT}`);
    await page.locator('[name="data[place]"]').waitFor();
    await page.fill('[name="data[people]"]', '42');
    await page.locator('[name="data[place]"]').pressSequentially('Wat Bak Sna', { delay: 30 });
    await page.locator('[data-testid=draft-saved]').waitFor();
    await page.waitForURL(/record=/);
    const id = new URL(page.url()).searchParams.get('record');
    await page.waitForTimeout(600);
    // Still typing when the browser goes away.
    await page.locator('[name="data[place]"]').pressSequentially(' pagoda', { delay: 30 });
    await context.close();

    context = await openProfile();
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${world.server.url}/forms/${COUNT}`);
    if (new URL(page.url()).pathname === '/login') await signIn(page, world);
    if (!new URL(page.url()).pathname.startsWith('/forms/')) await page.goto(`${world.server.url}/forms/${COUNT}`);
    await page.locator('[data-testid=form-notice]').waitFor();
    expect(await page.textContent('[data-testid=form-notice]')).toMatch(KHMER);
    expect(await page.inputValue('[name="data[people]"]')).toBe('42');
    expect(await page.inputValue('[name="data[place]"]')).toMatch(/^Wat Bak Sna/);
    // The same record continues (same id: a resend can never duplicate it).
    await page.locator('[name="data[place]"]').pressSequentially('!', { delay: 30 });
    await page.waitForURL(new RegExp(`record=${id}`));
    // With no connection the language switch still works, on the same record.
    await page.locator('[data-testid=draft-saved]').waitFor();
    await page.waitForTimeout(600);
    await context.setOffline(true);
    await page.click('[data-testid=lang-switch]');
    await page.locator('[data-testid=form-title]', { hasText: 'Participant count' }).waitFor();
    await page.locator('[name="data[place]"]').waitFor();
    expect((await page.inputValue('[name="data[place]"]')).replace('!', '')).toMatch(/^Wat Bak Sna/);
    expect(new URL(page.url()).searchParams.get('record')).toBe(id);
    await context.close();
  });
});
