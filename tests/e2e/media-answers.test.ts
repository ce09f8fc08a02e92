// Media answers in the browser, in Khmer at 360 px (issue 15.4): a photo chosen from a file (the
// camera's file input in headless Chromium) is made smaller on the phone and kept there, a signature
// is drawn with the pointer; on send the outbox uploads both by tus before the record, and the
// record view shows them from the server. Screenshots in tests/e2e/screenshots/media-*.png.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { openPage, pageGql as gql, screenshot, serverAndBrowser, signInAt } from './browser';

const KEY = 'media-visit';
const PHOTO = fileURLToPath(new URL('../../web/static/icons/icon-512.png', import.meta.url));
const form = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  'x-kind': 'form',
  'x-title': { km: 'ដំណើរទស្សនកិច្ច', en: 'Visit' },
  'x-order': ['note', 'photo', 'signature'],
  properties: {
    note: { type: 'string', 'x-widget': 'text', 'x-label': { km: 'កំណត់ចំណាំ', en: 'Note' } },
    photo: { type: 'string', 'x-widget': 'photo', 'x-label': { km: 'រូបថតមណ្ឌលសុខភាព', en: 'Photo of the health centre' } },
    signature: { type: 'string', 'x-widget': 'signature', 'x-label': { km: 'ហត្ថលេខាប្រធានមណ្ឌល', en: "Chief's signature" } },
  },
  required: ['note', 'photo', 'signature'],
  additionalProperties: false,
};

const world = serverAndBrowser();
const contexts = world.contexts;

describe('media answers', () => {
  it('takes a photo and a signature at 360 px, sends them before the record, and shows them in the record', async () => {
    const { page, errors } = await openPage(world.browser, { width: 360, height: 780 }, contexts);
    await signInAt(page, world.server.url, 'admin', world.server.adminPassword);
    expect((await gql(page, 'mutation($s: JSON!) { saveDraft(key: "media-visit", schema: $s) { version } }', { s: form })).errors).toBeUndefined();
    expect((await gql(page, 'mutation { publish(key: "media-visit") { version } }')).errors).toBeUndefined();

    await page.goto(`${world.server.url}/forms/${KEY}`);
    await page.locator('[name="data[note]"]').fill('ការទស្សនកិច្ចប្រចាំខែ');
    await page.locator('[data-media-kind=photo] input[type=file]').setInputFiles(PHOTO);
    await page.locator('[data-media-kind=photo] img.sa-media__preview').waitFor();
    const photoId = await page.locator('[data-media-kind=photo]').getAttribute('data-media-id');
    expect(photoId).toMatch(/^[0-9a-f-]{36}$/);
    // The Form.io field underneath holds the id, so the record's answer is the id.
    expect(await page.inputValue('[name="data[photo]"]')).toBe(photoId);

    const pad = page.locator('[data-media-kind=signature] canvas');
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    await page.mouse.move(box.x + 20, box.y + 30);
    await page.mouse.down();
    for (let k = 1; k <= 10; k++) await page.mouse.move(box.x + 20 + k * 25, box.y + 30 + (k % 2) * 60);
    await page.mouse.up();
    await page.locator('[data-media-kind=signature] .btn-primary').click();
    await page.locator('[data-media-kind=signature] img.sa-media__preview').waitFor();
    const signatureId = await page.locator('[data-media-kind=signature]').getAttribute('data-media-id');
    expect(signatureId).toMatch(/^[0-9a-f-]{36}$/);
    await screenshot(page, 'media-fill-phone');

    await page.click('[data-testid=send]');
    await page.waitForSelector('[data-testid=submit-success]');
    const id = (await page.textContent('[data-testid=submission-id]'))?.trim();
    // The outbox sends the files, then the record: wait for the server to hold the record.
    await page.waitForFunction(async (recordId) => {
      const res = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ submission(id: "${recordId}") { data } }` }) });
      return Boolean(((await res.json()) as { data?: { submission?: unknown } }).data?.submission);
    }, id, { timeout: 30_000, polling: 500 });
    const stored = await gql(page, `{ submission(id: "${id}") { data } }`);
    expect((stored.data?.submission as { data: Record<string, unknown> }).data).toEqual({ note: 'ការទស្សនកិច្ចប្រចាំខែ', photo: photoId, signature: signatureId });

    // The photo the server holds is the smaller JPEG made on the phone (512 px: already under 1600).
    const photo = await page.evaluate(async (mediaId) => {
      const res = await fetch(`/media/${mediaId}`);
      const blob = await res.blob();
      const bitmap = await createImageBitmap(blob);
      return { status: res.status, type: res.headers.get('content-type'), width: bitmap.width };
    }, photoId);
    expect(photo).toEqual({ status: 200, type: 'image/jpeg', width: 512 });

    await page.goto(`${world.server.url}/data/${KEY}/${id}`);
    const shown = page.locator('img.media');
    await shown.first().waitFor();
    expect(await shown.count()).toBe(2);
    await page.waitForFunction(() => [...document.querySelectorAll('img.media')].every((img) => (img as HTMLImageElement).naturalWidth > 0));
    await screenshot(page, 'media-record-phone');
    expect(errors).toEqual([]);
  });
});
