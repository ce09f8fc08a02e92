// Not a test: screenshots of /field and a fill page at 360 px in Khmer and at 1280 px in English,
// for people to look at (run: npx tsx tests/e2e/offline-shots.ts OUT_DIR). Uses the offline
// test world (offline-setup.ts): one record waiting, one refused, one draft, forms and a commune
// taken offline.
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { launchBrowser } from './browser';
import { COUNT, VISIT, clientGo, fillCount, fillVisit, finish, signIn, startOfflineWorld, takeOffline } from './offline-setup';

const out = process.argv[2] ?? 'tests/e2e/screenshots';
mkdirSync(out, { recursive: true });
const world = await startOfflineWorld();
const browser = await launchBrowser();
try {
  for (const [name, viewport, lang] of [
    ['mobile-km', { width: 360, height: 740 }, 'km'],
    ['desktop-en', { width: 1280, height: 800 }, 'en'],
  ] as const) {
    const context = await browser.newContext({ viewport, locale: 'km-KH' });
    const page = await context.newPage();
    await signIn(page, world);
    await page.goto(`${world.server.url}/field?lang=${lang}`);
    await page.waitForURL(/\/field$/);
    await takeOffline(page, world, [VISIT, COUNT]);
    await clientGo(page, `/forms/${COUNT}?new`);
    await fillCount(page, 'Wat Bak Sna', 25);
    await page.locator('[data-testid=draft-saved]').waitFor();
    await clientGo(page, `/forms/${VISIT}?new`);
    await fillVisit(page, world, 'first visit');
    await page.locator('[data-testid=draft-saved]').waitFor();
    await page.screenshot({ path: join(out, `fill-${name}.png`), fullPage: true });
    await context.setOffline(true);
    await finish(page, 'record-queued');
    await page.screenshot({ path: join(out, `fill-queued-${name}.png`), fullPage: true });
    await clientGo(page, '/field');
    await page.locator('[data-testid=records-waiting]').waitFor();
    await page.screenshot({ path: join(out, `field-offline-${name}.png`), fullPage: true });
    await context.setOffline(false);
    await page.waitForFunction(() => document.querySelector('[data-testid=pending-count]')?.getAttribute('data-count') === '0', undefined, { timeout: 60_000 });
    await page.screenshot({ path: join(out, `field-online-${name}.png`), fullPage: true });
    await context.close();
  }
} finally {
  await browser.close();
  await world.server.close();
}
