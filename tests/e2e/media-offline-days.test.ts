// A photo taken offline survives the phone being switched off (issue 15.4: "included in the offline
// outbox"): at 360 px in Khmer, with no connection, a facilitator takes a photo (a form whose photo
// setting is 256 px) and sends the record, which waits in the outbox; the browser is closed, as a
// phone switched off for days; it is opened again on the same profile with the connection back, and
// the outbox sends the file and then the record; the server holds the record and the 256 px photo.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { pageGql, screenshot, signInAt } from './browser';
import { waitForWorker } from './pwa';

const KEY = 'media-days';
const PHOTO = fileURLToPath(new URL('../../web/static/icons/icon-512.png', import.meta.url));
const form = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  'x-kind': 'form',
  'x-title': { km: 'រូបថតភូមិ', en: 'Village photo' },
  'x-order': ['note', 'photo'],
  properties: {
    note: { type: 'string', 'x-widget': 'text', 'x-label': { km: 'កំណត់ចំណាំ', en: 'Note' } },
    photo: { type: 'string', 'x-widget': 'photo', 'x-max-pixels': 320, 'x-label': { km: 'រូបថតកិច្ចប្រជុំ', en: 'Photo of the meeting' } },
  },
  required: ['note', 'photo'],
  additionalProperties: false,
};

let server: TestServer;
let profile: string;

beforeAll(async () => {
  server = await startTestServer();
  profile = mkdtempSync(join(tmpdir(), 'sa-phone-'));
});

afterAll(async () => {
  await server?.close();
  rmSync(profile, { recursive: true, force: true });
});

/** The same phone each time: a persistent Chromium profile (IndexedDB, caches, cookies kept). */
function phone(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 360, height: 740 },
    locale: 'km-KH',
  });
}

describe('media answers offline for days', () => {
  it('keeps a photo taken offline through a restart and sends it, then the record, when the connection is back', async () => {
    let context = await phone();
    let page = context.pages()[0] ?? (await context.newPage());
    await signInAt(page, server.url, 'admin', server.adminPassword);
    expect((await pageGql(page, 'mutation($s: JSON!) { saveDraft(key: "media-days", schema: $s) { version } }', { s: form })).errors).toBeUndefined();
    expect((await pageGql(page, 'mutation { publish(key: "media-days") { version } }')).errors).toBeUndefined();
    await page.goto(`${server.url}/field`);
    await waitForWorker(page).catch(async () => {
      await page.reload();
      await waitForWorker(page);
    });
    await page.goto(`${server.url}/forms/${KEY}`);
    await page.locator('[name="data[note]"]').waitFor();

    await context.setOffline(true);
    await page.locator('[name="data[note]"]').fill('កិច្ចប្រជុំភូមិ');
    await page.locator('[data-media-kind=photo] input[type=file]').setInputFiles(PHOTO);
    await page.locator('[data-media-kind=photo] img.sa-media__preview').waitFor();
    const photoId = await page.locator('[data-media-kind=photo]').getAttribute('data-media-id');
    await page.click('[data-testid=send]');
    await page.locator('[data-testid=record-queued]').waitFor();
    const id = (await page.textContent('[data-testid=submission-id]'))!.trim();
    await screenshot(page, 'media-offline-queued-360-km');
    // Nothing reached the server: the file and the record wait on the phone (IndexedDB).
    expect(await server.services.db.selectFrom('media_file').select('id').where('id', '=', photoId!).executeTakeFirst()).toBeUndefined();
    expect(await server.services.db.selectFrom('submission').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
    await context.close(); // the phone is switched off

    context = await phone();
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${server.url}/field`);
    await expect
      .poll(async () => (await server.services.db.selectFrom('submission').select('data').where('id', '=', id).executeTakeFirst())?.data ?? null, { timeout: 60_000, interval: 500 })
      .toEqual({ note: 'កិច្ចប្រជុំភូមិ', photo: photoId });
    const photo = await page.evaluate(async (mediaId) => {
      const res = await fetch(`/media/${mediaId}`);
      const bitmap = await createImageBitmap(await res.blob());
      return { status: res.status, type: res.headers.get('content-type'), width: bitmap.width };
    }, photoId);
    // The field's own size setting (320 px), not the 1600 px default.
    expect(photo).toEqual({ status: 200, type: 'image/jpeg', width: 320 });
    await context.close();
  });
});
