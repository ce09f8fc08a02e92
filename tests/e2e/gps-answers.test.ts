// GPS answers in the browser, in Khmer at 360 px (issue 15.4): the phone's location (Chromium's
// geolocation, granted and set by the test) is recorded with the big button, the accuracy shown; the
// connection goes, the record waits in the outbox; the connection comes back, the outbox sends it,
// and the record view shows the point's coordinates and accuracy. A refused permission says so in
// Khmer. Screenshots in tests/e2e/screenshots/gps-*.png.
import { describe, expect, it } from 'vitest';
import { openPage, pageGql as gql, screenshot, serverAndBrowser, signInAt } from './browser';

const KEY = 'gps-visit';
const KHMER = /[\u1780-\u17FF]/;
const form = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  'x-kind': 'form',
  'x-title': { km: 'ទីតាំងមណ្ឌលសុខភាព', en: 'Health centre location' },
  'x-order': ['note', 'location'],
  properties: {
    note: { type: 'string', 'x-widget': 'text', 'x-label': { km: 'កំណត់ចំណាំ', en: 'Note' } },
    location: { type: 'object', 'x-widget': 'gps', 'x-max-accuracy': 30, 'x-label': { km: 'ទីតាំងមណ្ឌលសុខភាព', en: 'Location of the health centre' } },
  },
  required: ['note', 'location'],
  additionalProperties: false,
};

const ROWS = 'gps-rows';
const rowsForm = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  'x-kind': 'form',
  'x-title': { km: 'ចំណុចទឹកស្អាត', en: 'Water points' },
  properties: {
    points: {
      type: 'array',
      'x-label': { km: 'ចំណុចទឹក', en: 'Water points' },
      items: {
        type: 'object',
        'x-order': ['name', 'where'],
        properties: {
          name: { type: 'string', 'x-widget': 'text', 'x-label': { km: 'ឈ្មោះ', en: 'Name' } },
          where: { type: 'object', 'x-widget': 'gps', 'x-label': { km: 'ទីតាំង', en: 'Where' } },
        },
        required: ['where'],
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
};

const world = serverAndBrowser();
const contexts = world.contexts;

describe('gps answers', () => {
  it('records the location at 360 px in Khmer, keeps the record offline, sends it when back online and shows the point', async () => {
    const { page, errors } = await openPage(world.browser, { width: 360, height: 780 }, contexts);
    const context = page.context();
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation({ latitude: 11.5623451, longitude: 104.9160119, accuracy: 8 });
    await signInAt(page, world.server.url, 'admin', world.server.adminPassword);
    expect((await gql(page, 'mutation($s: JSON!) { saveDraft(key: "gps-visit", schema: $s) { version } }', { s: form })).errors).toBeUndefined();
    expect((await gql(page, 'mutation { publish(key: "gps-visit") { version } }')).errors).toBeUndefined();

    await page.goto(`${world.server.url}/forms/${KEY}`);
    await page.locator('[name="data[note]"]').fill('មណ្ឌលសុខភាពបារាយណ៍');
    const button = page.locator('[data-testid=gps-record]');
    expect(await button.textContent()).toMatch(KHMER);
    // The parts Form.io holds are out of sight: only the button and, once recorded, the point.
    expect(await page.locator('[name="data[location][latitude]"]').isVisible()).toBe(false);
    await screenshot(page, 'gps-fill-before-phone');
    await button.click();
    await page.locator('[data-testid=gps-field][data-gps-state=recorded]').waitFor();
    const shown = await page.locator('[data-testid=gps-field] [data-testid=gps-point]').textContent();
    expect(shown).toContain('11.562345');
    expect(shown).toContain('104.916012');
    expect(shown).toMatch(/± 8 ម៉ែត្រ/);
    expect(await page.inputValue('[name="data[location][latitude]"]')).toBe('11.562345');
    await screenshot(page, 'gps-fill-recorded-phone');

    // No connection: GPS needs none, and the record waits in the outbox.
    await context.setOffline(true);
    await page.click('[data-testid=send]');
    await page.locator('[data-testid=record-queued]').waitFor();
    const id = (await page.textContent('[data-testid=submission-id]'))!.trim();
    await screenshot(page, 'gps-queued-offline-phone');

    await context.setOffline(false);
    await page.waitForFunction(async (recordId) => {
      const res = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ submission(id: "${recordId}") { data } }` }) });
      return Boolean(((await res.json()) as { data?: { submission?: unknown } }).data?.submission);
    }, id, { timeout: 60_000, polling: 500 });
    const stored = await gql(page, `{ submission(id: "${id}") { data } }`);
    const data = (stored.data?.submission as { data: { note: string; location: Record<string, unknown> } }).data;
    expect(data.note).toBe('មណ្ឌលសុខភាពបារាយណ៍');
    expect(data.location).toMatchObject({ latitude: 11.562345, longitude: 104.916012, accuracy: 8 });
    expect(data.location.captured_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/);

    await page.goto(`${world.server.url}/data/${KEY}/${id}`);
    const point = page.locator('[data-testid=gps-point]');
    await point.first().waitFor();
    expect(await point.first().textContent()).toMatch(/11\.562345.*104\.916012[\s\S]*± 8 ម៉ែត្រ/);
    await screenshot(page, 'gps-record-phone');
    expect(errors).toEqual([]);
  });

  it('says in Khmer when the phone refuses its location, and when a point is less accurate than asked', async () => {
    const { page } = await openPage(world.browser, { width: 360, height: 780 }, contexts);
    await signInAt(page, world.server.url, 'admin', world.server.adminPassword);
    await page.goto(`${world.server.url}/forms/${KEY}`);
    await page.locator('[data-testid=gps-record]').click();
    const problem = page.locator('[data-testid=gps-problem]');
    await problem.waitFor();
    expect(await problem.textContent()).toMatch(/ទីតាំង/);
    await screenshot(page, 'gps-fill-denied-phone');

    await page.context().grantPermissions(['geolocation']);
    await page.context().setGeolocation({ latitude: 11.56, longitude: 104.91, accuracy: 45 });
    await page.locator('[data-testid=gps-record]').click();
    // One fix at 45 m and no better: the reading ends at its time limit or is stopped by hand.
    await page.locator('[data-testid=gps-field] [data-testid=gps-point]').waitFor();
    await page.locator('[data-testid=gps-field] .btn-secondary').click();
    await page.locator('[data-testid=gps-field] [role=alert]').waitFor();
    expect(await page.locator('[data-testid=gps-field] [role=alert]').textContent()).toMatch(/± 30 ម៉ែត្រ/);
    await screenshot(page, 'gps-fill-problems-phone');
  });

  it('records a point in each repeat row', async () => {
    const { page, errors } = await openPage(world.browser, { width: 360, height: 780 }, contexts);
    await page.context().grantPermissions(['geolocation']);
    await page.context().setGeolocation({ latitude: 12.7, longitude: 104.9, accuracy: 5 });
    await signInAt(page, world.server.url, 'admin', world.server.adminPassword);
    expect((await gql(page, 'mutation($s: JSON!) { saveDraft(key: "gps-rows", schema: $s) { version } }', { s: rowsForm })).errors).toBeUndefined();
    expect((await gql(page, 'mutation { publish(key: "gps-rows") { version } }')).errors).toBeUndefined();
    await page.goto(`${world.server.url}/forms/${ROWS}`);
    await page.locator('[name="data[points][0][name]"]').fill('អណ្តូងទី១');
    await page.locator('[data-testid=gps-record]').first().click();
    await page.locator('[data-testid=gps-field][data-gps-state=recorded]').first().waitFor();
    await page.getByRole('button', { name: /បន្ថែម|Add/ }).first().click();
    await page.locator('[name="data[points][1][name]"]').fill('អណ្តូងទី២');
    await page.context().setGeolocation({ latitude: 12.71, longitude: 104.91, accuracy: 4 });
    await expect.poll(() => page.locator('[data-testid=gps-record]').count()).toBe(2);
    await page.locator('[data-testid=gps-field][data-gps-state=none] [data-testid=gps-record]').click();
    await expect.poll(() => page.locator('[data-testid=gps-field][data-gps-state=recorded]').count()).toBe(2);
    await screenshot(page, 'gps-rows-phone');
    await page.click('[data-testid=send]');
    await page.locator('[data-testid=submit-success]').waitFor();
    const id = (await page.textContent('[data-testid=submission-id]'))!.trim();
    await page.waitForFunction(async (recordId) => {
      const res = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ submission(id: "${recordId}") { data } }` }) });
      return Boolean(((await res.json()) as { data?: { submission?: unknown } }).data?.submission);
    }, id, { timeout: 30_000, polling: 500 });
    const stored = await gql(page, `{ submission(id: "${id}") { data } }`);
    const points = (stored.data?.submission as { data: { points: Array<{ name: string; where: Record<string, unknown> }> } }).data.points;
    expect(points.map((p) => [p.name, p.where.latitude, p.where.longitude, p.where.accuracy])).toEqual([
      ['អណ្តូងទី១', 12.7, 104.9, 5],
      ['អណ្តូងទី២', 12.71, 104.91, 4],
    ]);
    expect(errors).toEqual([]);
  });
});
