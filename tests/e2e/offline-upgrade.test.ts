// Local stores are migrated by versioned upgrades (issue 9): the version-1 IndexedDB shape (no
// indexes, records without the fields version 2 added) and a first-release localStorage draft are
// made by hand on the app's origin before the app runs; after the app loads, the database is at
// version 2 with its indexes, the old record has the new fields, the localStorage draft became a
// record (and left localStorage), and both are listed and open on the fill page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { COUNT, signIn, startOfflineWorld, type OfflineWorld } from './offline-setup';

let world: OfflineWorld;
let browser: Browser;
const OLD_ID = '11111111-1111-4111-8111-111111111111';
const LEGACY_ID = '22222222-2222-4222-8222-222222222222';

beforeAll(async () => {
  world = await startOfflineWorld();
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await world?.server.close();
});

describe('offline store upgrade', () => {
  it('migrates a version-1 database and the localStorage drafts', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'km-KH' });
    const page = await context.newPage();
    // A page of the origin without the app (a JSON 404), to build the old shapes before it runs.
    await page.goto(`${world.server.url}/auth/not-a-page`);
    await page.evaluate(
      ([oldId, legacyId, key]) =>
        new Promise<void>((resolve, reject) => {
          localStorage.setItem(`sa-studio:draft:${key}@1`, JSON.stringify({ id: legacyId, data: { place: 'from localStorage', people: 7 }, savedAt: '2026-11-30T08:00:00.000Z' }));
          const open = indexedDB.open('sa-studio-field', 1);
          open.onupgradeneeded = () => {
            const db = open.result;
            db.createObjectStore('definitions', { keyPath: 'id' });
            db.createObjectStore('geo', { keyPath: 'parent' });
            db.createObjectStore('providers', { keyPath: 'kind' });
            db.createObjectStore('records', { keyPath: 'id' }).put({ id: oldId, definitionKey: key, definitionVersion: 1, data: { place: 'from version 1', people: 3 }, state: 'draft', createdAt: '2026-11-29T07:00:00.000Z' });
            db.createObjectStore('meta').put('2026-11-29T06:00:00.000Z', 'lastSyncAt');
          };
          open.onsuccess = () => {
            open.result.close();
            resolve();
          };
          open.onerror = () => reject(open.error);
        }),
      [OLD_ID, LEGACY_ID, COUNT],
    );

    await signIn(page, world);
    await page.goto(`${world.server.url}/field`);
    await page.locator(`[data-testid=record-row][data-id="${OLD_ID}"]`).waitFor();
    await page.locator(`[data-testid=record-row][data-id="${LEGACY_ID}"]`).waitFor();
    const after = await page.evaluate(
      ([oldId, legacyId, key]) =>
        new Promise<Record<string, unknown>>((resolve, reject) => {
          const open = indexedDB.open('sa-studio-field');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const store = db.transaction('records').objectStore('records');
            const old = store.get(oldId!);
            const legacy = store.get(legacyId!);
            legacy.onsuccess = () => {
              resolve({ version: db.version, stores: [...db.objectStoreNames], indexes: [...store.indexNames], old: old.result, legacy: legacy.result, localStorage: localStorage.getItem(`sa-studio:draft:${key}@1`) });
              db.close();
            };
          };
        }),
      [OLD_ID, LEGACY_ID, COUNT],
    );
    // Version 3 (media answers) came after version 2: every step ran, one after the other.
    expect(after.version).toBe(3);
    expect(after.stores).toEqual(['definitions', 'geo', 'media', 'meta', 'providers', 'records']);
    expect(after.indexes).toEqual(['by-form', 'by-state']);
    expect(after.old).toEqual({
      id: OLD_ID, definitionKey: COUNT, definitionVersion: 1, data: { place: 'from version 1', people: 3 }, state: 'draft',
      refusal: null, replaces: null, createdAt: '2026-11-29T07:00:00.000Z', updatedAt: '2026-11-29T07:00:00.000Z', sentAt: null, serverCreatedAt: null,
      // A record from before training mode existed is a real one.
      training: false,
    });
    expect(after.legacy).toMatchObject({ id: LEGACY_ID, definitionKey: COUNT, definitionVersion: 1, state: 'draft', data: { place: 'from localStorage', people: 7 }, updatedAt: '2026-11-30T08:00:00.000Z' });
    expect(after.localStorage).toBeNull();
    // The last sync time from version 1 is still shown.
    expect(await page.getAttribute('[data-testid=last-sync]', 'data-at')).toBe('2026-11-29T06:00:00.000Z');

    // The migrated record opens on the fill page with its answers.
    await page.locator(`[data-testid=record-row][data-id="${OLD_ID}"] a`).click();
    await page.locator('[name="data[place]"]').waitFor();
    await page.waitForFunction(() => (document.querySelector('[name="data[place]"]') as HTMLInputElement | null)?.value === 'from version 1');
    expect(await page.inputValue('[name="data[people]"]')).toBe('3');
    await context.close();
  });
});
