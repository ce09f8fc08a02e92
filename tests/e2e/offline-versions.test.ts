// Records stay on the version they were started on (issue 9): a draft open offline while an officer
// publishes version 2 survives, is finished on version 1 and accepted by the server on version 1;
// a second version-1 draft, opened online later, says that version 2 exists (Khmer) and is accepted
// too. And a record the server refuses (a village outside the facilitator's area) stays on the
// phone, refused, with the server's reason, and can be corrected and sent again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './browser';
import { KHMER, VISIT, clientGo, fillVisit, finish, localStates, publish, signIn, startOfflineWorld, stored, takeOffline, visitForm, waitPending, type OfflineWorld } from './offline-setup';

let world: OfflineWorld;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const OUTSIDE = '06080101';

beforeAll(async () => {
  world = await startOfflineWorld();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'km-KH' });
  page = await context.newPage();
  await signIn(page, world);
  await takeOffline(page, world, [VISIT]);
}, 300_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await world?.server.close();
});

/** The id of the record the fill page has open (kept in the URL after the first save). */
async function openRecordId(): Promise<string> {
  await page.waitForURL(/record=/);
  return new URL(page.url()).searchParams.get('record')!;
}

describe('version pinning', () => {
  it('a draft open offline when version 2 is published is finished and accepted on version 1', async () => {
    await clientGo(page, `/forms/${VISIT}?new`);
    await fillVisit(page, world, 'second draft, finished later');
    await page.locator('[data-testid=draft-saved]').waitFor();
    const later = await openRecordId();
    await clientGo(page, `/forms/${VISIT}?new`);
    await fillVisit(page, world, 'started on version 1');
    await page.locator('[data-testid=draft-saved]').waitFor();
    const first = await openRecordId();
    expect(first).not.toBe(later);

    await context.setOffline(true);
    expect(await publish(world, VISIT, visitForm('Remarks'))).toBe(2);
    await page.fill('[name="data[note]"]', 'started on version 1, finished offline');
    expect(await finish(page, 'record-queued')).toBe(first);
    await context.setOffline(false);
    await waitPending(page, 0);
    const rows = await stored(world, VISIT);
    expect(rows.get(first)).toMatchObject({ version: 1, data: { note: 'started on version 1, finished offline' } });

    // Online again: the other version-1 draft opens on version 1 with the notice.
    await clientGo(page, `/forms/${VISIT}?record=${later}`);
    const notice = page.locator('[data-testid=old-version]');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(KHMER);
    expect(await notice.textContent()).toMatch(/១|1/);
    expect(await page.inputValue('[name="data[note]"]')).toBe('second draft, finished later');
    await screenshot(page, 'offline-versions-01-old-version');
    expect(await finish(page, 'submit-success')).toBe(later);
    expect((await stored(world, VISIT)).get(later)?.version).toBe(1);
    // A new record is on version 2.
    await page.click('[data-testid=fill-another]');
    await page.locator('[data-testid=form-version]', { hasText: /២|2/ }).waitFor();
  });
});

describe('refused records', () => {
  it('a record outside the area stays on the phone with the reason, and is sent once corrected', async () => {
    await context.setOffline(true);
    await clientGo(page, `/forms/${VISIT}?new`);
    await fillVisit(page, world, 'wrong village');
    await page.locator('[data-testid=draft-saved]').waitFor();
    const id = await openRecordId();
    // The picker offers only the area's villages: put a Stoung village (commune 060801) in the
    // finished record, as a record made before the facilitator's area changed would have.
    await page.evaluate(
      ([recordId, village]) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('sa-studio-field');
          open.onsuccess = () => {
            const tx = open.result.transaction('records', 'readwrite');
            const store = tx.objectStore('records');
            const get = store.get(recordId!);
            get.onsuccess = () => store.put({ ...get.result, state: 'queued', data: { ...get.result.data, village } });
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      [id, OUTSIDE],
    );
    await context.setOffline(false);
    await clientGo(page, '/field');
    const row = page.locator(`[data-testid=record-row][data-id="${id}"][data-state=refused]`);
    await row.waitFor({ timeout: 60_000 });
    expect(await row.locator('[data-testid=refusal-reason]').textContent()).toMatch(KHMER);
    expect((await stored(world, VISIT)).has(id)).toBe(false);
    await screenshot(page, 'offline-versions-02-refused');
    // Still there after a reload.
    await page.reload();
    await row.waitFor();
    expect((await localStates(page))[id]).toBe('refused');

    // Open, see the reason, pick a village of the area, send again.
    await row.locator('a').click();
    await page.locator('[data-testid=form-notice]').waitFor();
    expect(await page.textContent('[data-testid=form-notice]')).toMatch(KHMER);
    // The server's field error is listed (the village, outside the area).
    expect(await page.textContent('[data-testid=error-summary]')).toContain('06080101');
    await screenshot(page, 'offline-versions-03-refused-open');
    await page.fill('[name="data[village]"]', '06010101');
    expect(await finish(page, 'submit-success')).toBe(id);
    expect((await stored(world, VISIT)).get(id)?.data.village).toBe('06010101');
  });
});
