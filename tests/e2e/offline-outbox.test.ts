// A day of field work offline (issue 9): online once, take two forms and the facilitator's commune
// offline, lose the connection, fill 20 records across the two forms moving between pages in the
// app (no reload: serving pages offline is the service worker's part), then get the connection
// back: all 20 reach the server exactly once and the pending badge goes to 0 without a click.
// Then a batch whose answer is lost on the way back (the server stored it, the phone never heard):
// the resend is answered DUPLICATE, nothing is lost and nothing is stored twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, screenshot } from './browser';
import { COUNT, KHMER, VISIT, clientGo, fillCount, fillVisit, finish, localStates, pendingCount, signIn, startOfflineWorld, stored, takeOffline, waitPending, type OfflineWorld } from './offline-setup';

let world: OfflineWorld;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  world = await startOfflineWorld();
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await world?.server.close();
});

describe('offline outbox', () => {
  it('20 records made offline across two forms arrive exactly once when the connection is back', async () => {
    context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'km-KH' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, world);
    await takeOffline(page, world, [VISIT, COUNT]);
    // Open both forms once online so their code is in the page (no service worker in this test).
    for (const key of [VISIT, COUNT]) {
      await clientGo(page, `/forms/${key}`);
      await page.locator('[data-testid=send]').waitFor();
    }
    await clientGo(page, '/field');
    await page.locator('[data-testid=sync-status]').waitFor();

    await context.setOffline(true);
    await page.locator('[data-testid=connection]', { hasText: KHMER }).waitFor();
    const ids: string[] = [];
    await clientGo(page, `/forms/${VISIT}?new`);
    expect(await page.locator('[data-testid=from-device]').textContent()).toMatch(KHMER);
    for (let i = 0; i < 10; i++) {
      await fillVisit(page, world, `visit ${i}`);
      ids.push(await finish(page, 'record-queued'));
      await page.click('[data-testid=fill-another]');
      await page.locator('[data-testid=send]').waitFor();
    }
    await screenshot(page, 'offline-outbox-01-visit-queued');
    await clientGo(page, `/forms/${COUNT}?new`);
    for (let i = 0; i < 10; i++) {
      await fillCount(page, `place ${i}`, i + 1);
      ids.push(await finish(page, 'record-queued'));
      await page.click('[data-testid=fill-another]');
      await page.locator('[name="data[place]"]').waitFor();
    }
    expect(new Set(ids).size).toBe(20);
    expect(await pendingCount(page)).toBe(20);
    await clientGo(page, '/field');
    await page.locator('[data-testid=records-waiting]').waitFor();
    expect(await page.locator('[data-testid=record-row][data-state=queued]').count()).toBe(20);
    await screenshot(page, 'offline-outbox-02-field-waiting');
    expect((await stored(world, VISIT)).size + (await stored(world, COUNT)).size).toBe(0);

    // Back online: the `online` event sends the outbox; nobody clicks.
    await context.setOffline(false);
    await waitPending(page, 0);
    const visits = await stored(world, VISIT);
    const counts = await stored(world, COUNT);
    expect(visits.size).toBe(10);
    expect(counts.size).toBe(10);
    expect([...visits.keys(), ...counts.keys()].sort()).toEqual([...ids].sort());
    expect([...visits.values()].map((v) => v.data.note).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `visit ${i}`).sort());
    expect([...counts.values()].map((v) => v.data.people).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    const states = await localStates(page);
    expect(ids.map((id) => states[id])).toEqual(ids.map(() => 'sent'));
    await page.locator('[data-testid=records-sent]').waitFor();
    expect(await page.textContent('[data-testid=last-sync]')).toMatch(KHMER);
    await screenshot(page, 'offline-outbox-03-field-sent');
    expect(errors).toEqual([]);
  });

  it('a batch whose answer is lost is sent again without duplicates or losses', async () => {
    const page = context.pages()[0]!;
    await context.setOffline(true);
    const ids: string[] = [];
    await clientGo(page, `/forms/${COUNT}?new`);
    for (let i = 0; i < 5; i++) {
      await fillCount(page, `lost answer ${i}`, 100 + i);
      ids.push(await finish(page, 'record-queued'));
      await page.click('[data-testid=fill-another]');
      await page.locator('[name="data[place]"]').waitFor();
    }
    // The first syncSubmissions reaches the server (it stores the batch) but its answer is cut.
    let cut = 0;
    await page.route('**/graphql', async (route) => {
      if (cut === 0 && route.request().postData()?.includes('syncSubmissions')) {
        cut++;
        await route.fetch();
        await route.abort('connectionreset');
        return;
      }
      await route.continue();
    });
    const before = (await stored(world, COUNT)).size;
    await context.setOffline(false);
    // The cut batch stays queued, then the retry (backoff: 5 s) is answered DUPLICATE → sent.
    await waitPending(page, 0, 90_000);
    expect(cut).toBe(1);
    const after = await stored(world, COUNT);
    expect(after.size).toBe(before + 5);
    for (const id of ids) expect(after.get(id)?.data.place).toBe(`lost answer ${ids.indexOf(id)}`);
    const states = await localStates(page);
    expect(ids.map((id) => states[id])).toEqual(ids.map(() => 'sent'));
    await page.unroute('**/graphql');
  });
});
