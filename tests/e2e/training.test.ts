// Training mode in a real browser (issue 11, part 7), as a facilitator in a training session on a phone:
// turn training mode on from the account page, see the banner on every page, fill a record with no
// connection (it is marked on the phone), send it when back online (stored as training, not in the
// real data table), turn training mode off, and remove the training records in one action.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, screenshot } from './browser';
import { CAF, KHMER, VISIT, apiToken, clientGo, fillVisit, finish, signIn, startOfflineWorld, takeOffline, waitPending, type OfflineWorld } from './offline-setup';

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

type Counted = { submissions: { totalCount: number } };
const COUNT = 'query C($key: String!, $training: Boolean) { submissions(definitionKey: $key, filter: { training: $training }) { totalCount } }';

describe('training mode', () => {
  it('a facilitator practises offline in training mode; the record stays out of real data and is removed in one action', async () => {
    context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'km-KH' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, world);

    await page.goto(`${world.server.url}/account`);
    const card = page.locator('[data-testid=training-card]');
    await card.waitFor();
    expect(await card.locator('h2').textContent()).toMatch(KHMER);
    expect(await page.locator('[data-testid=training-banner]').count()).toBe(0);
    await page.click('[data-testid=training-toggle]');
    await page.locator('[data-testid=training-state][data-on="true"]').waitFor();
    const banner = page.locator('[data-testid=training-banner]');
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(KHMER);
    await screenshot(page, 'training-01-account-km-360');

    // The banner is on the field pages too, and a record started now is a training record.
    await takeOffline(page, world, [VISIT]);
    await banner.waitFor();
    await clientGo(page, `/forms/${VISIT}?new`);
    await page.locator('[data-testid=send]').waitFor();
    await context.setOffline(true);
    await fillVisit(page, world, 'practice visit');
    const id = await finish(page, 'record-queued');
    await clientGo(page, '/field');
    const row = page.locator(`[data-testid=record-row][data-id="${id}"]`);
    await row.locator('[data-testid=record-training]').waitFor();
    await screenshot(page, 'training-02-field-record-km-360');

    await context.setOffline(false);
    await waitPending(page, 0);
    const caf = await apiToken(world.server.url, CAF.username, CAF.password);
    expect((await world.graphql<Counted>(COUNT, { key: VISIT, training: true })).submissions.totalCount).toBe(1);
    expect((await world.graphql<Counted>(COUNT, { key: VISIT })).submissions.totalCount).toBe(0); // the admin's (real) view
    expect((await world.graphql<Counted>(COUNT, { key: VISIT }, caf)).submissions.totalCount).toBe(1); // caf is in training mode

    // Training over: switch it off, then remove the practice records in one action.
    await page.goto(`${world.server.url}/account`);
    await page.click('[data-testid=training-toggle]');
    await page.locator('[data-testid=training-state][data-on="false"]').waitFor();
    expect(await page.locator('[data-testid=training-banner]').count()).toBe(0);
    await page.locator('[data-testid=training-count][data-count="1"]').waitFor();
    await page.click('[data-testid=training-remove]');
    await page.click('[data-testid=confirm-ok]');
    await page.locator('[data-testid=training-count][data-count="0"]').waitFor();
    expect(await card.locator('.alert--success').textContent()).toMatch(KHMER);
    await screenshot(page, 'training-03-removed-km-360');
    expect((await world.graphql<Counted>(COUNT, { key: VISIT, training: true })).submissions.totalCount).toBe(0);
    expect(errors).toEqual([]);
  });
});
