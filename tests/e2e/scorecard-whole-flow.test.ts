// Issue 15's "Done when", end to end in one flow, as the people who use it: an M&E officer builds a
// scorecard in the visual builder by point and click (desktop, Khmer): two criterion scores (faces),
// their median rounded up (the calculation editor), "women ≤ total participants" with a Khmer and an
// English message (the rules editor), District depending on Province (the cascade editor), a photo, a
// GPS point, and a recording of the first criterion's label in Khmer and in Bunong (cmo) from sound
// files; saves and publishes; then makes a median indicator of that score (the indicator builder). A
// facilitator on a 360 px phone, in Khmer, takes the form offline on /field, loses the connection,
// fills it: the median appears, 12 women of 10 are refused with the officer's Khmer message and then
// corrected, District offers only the chosen province's districts, a photo from the file input, the
// emulated location; the Bunong "Listen" button plays the Bunong clip (offline: the service worker
// kept it when the form was taken offline); the record waits in the outbox and is sent by itself
// when the connection is back. The server holds the median, the photo's file and the point; the
// record view shows the photo and the point; the monthly report printed to PDF (pdftotext) carries
// the dashboard's figures for the same month and province, the new indicator's among them.
// Reuses the selectors and helpers of builder-*.test.ts, audio-prompts, media-*, gps-answers,
// offline-setup and report-pdf. Screenshots (360 px, Khmer) in $SHOTS_DIR (default tests/e2e/screenshots).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { toneWav } from '../fixtures/wav';
import { latinDigits, monthLabel } from '../../server/reports/report-format';
import { launchBrowser, openPage, pageGql, signInAt } from './browser';
import { clientGo, signIn, startOfflineWorld, takeOffline, waitPending, type OfflineWorld } from './offline-setup';
import { SHOTS, waitForWorker } from './pwa';

const KEY = 'scorecard-whole';
const INDICATOR = 'scorecard-whole-median';
const KM_CLIP = toneWav(0.6, 440);
const CMO_CLIP = toneWav(0.6, 660);
const PHOTO = fileURLToPath(new URL('../../web/static/icons/icon-512.png', import.meta.url));
const MESSAGE_KM = 'ចំនួនស្ត្រីមិនអាចលើសចំនួនអ្នកចូលរួមសរុបទេ';
const MESSAGE_EN = 'There cannot be more women than participants in all';
const MEDIAN_KM = 'ពិន្ទុមេដ្យាន';
const POINT = { latitude: 12.7123456, longitude: 104.8876543, accuracy: 6 };
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
// With no date field the record's period is the day it is sent: this month.
const MONTH = new Date().toISOString().slice(0, 7);
// formio logs "Cannot validate value NaN" for an unanswered number-typed field (known, see the smoke test).
const NOISE = (e: string) => !e.includes('Cannot validate value NaN');
// With no connection the browser logs each request the app tries (the outbox's, the pages' refreshes).
const OFFLINE_NOISE = (e: string) => NOISE(e) && !e.includes('net::ERR_INTERNET_DISCONNECTED');

let world: OfflineWorld;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  world = await startOfflineWorld();
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await world?.server.close();
});

async function setText(page: Page, testid: string, value: string): Promise<void> {
  const input = page.locator(`[data-testid=field-panel] [data-testid=${testid}]`);
  await input.fill(value);
  await input.press('Tab');
}

/** Adds a palette field, gives it its two labels, answers its data name. */
async function addField(page: Page, id: string, en: string, km: string): Promise<string> {
  await page.click('[data-testid=add-field]');
  await page.click(`[data-testid=add-${id}]`);
  await setText(page, 'label-en', en);
  await setText(page, 'label-km', km);
  return page.inputValue('[data-testid=field-panel] [data-testid=field-key]');
}

/** Types an option's Khmer and English labels in the selected field's options editor. */
async function optionLabels(page: Page, index: number, km: string, en: string): Promise<void> {
  const row = page.locator('[data-testid=field-panel] [data-testid=option-row]').nth(index);
  for (const [lang, value] of [['km', km], ['en', en]] as const) {
    const input = row.locator(`input[lang=${lang}]`);
    await input.fill(value);
    await input.press('Tab');
  }
}

async function offered(page: Page, name: string): Promise<string[]> {
  return (await page.locator(`select[name="${name}"] option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).filter((v) => v !== '');
}

/** A screenshot of the whole page, or (`at`) of the screen scrolled to an element (the top bar and
 * the send bar are fixed: a whole-page picture shows them mid-page). */
async function shot(page: Page, name: string, at?: string): Promise<void> {
  if (at) await page.locator(at).first().evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: join(SHOTS, `whole-flow-${name}.png`), fullPage: !at });
}

/** The PDF's text, page by page (as report-pdf.test.ts reads it). */
function pdfText(pdf: Buffer, name: string): string[] {
  mkdirSync(SHOTS, { recursive: true });
  const file = join(SHOTS, `${name}.pdf`);
  writeFileSync(file, pdf);
  const out = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  expect(out.status, out.stderr).toBe(0);
  return out.stdout.split('\f').filter((p) => p.trim() !== '');
}

describe('a scorecard from the builder to the printed report', () => {
  it('built by an officer, filled offline at 360 px in Khmer, synced, shown, and counted in the monthly report', { timeout: 300_000 }, async () => {
    // ---------- 1. The officer builds the scorecard (desktop, Khmer) ----------
    const officer = await openPage(browser, { width: 1280, height: 900 }, contexts);
    const o = officer.page;
    await signInAt(o, world.server.url, 'admin', world.server.adminPassword);
    await o.goto(`${world.server.url}/builder?lang=km`);
    await o.click('[data-testid=new-form]');
    await o.fill('[data-testid=new-key]', KEY);
    await o.fill('[data-testid=new-title-km]', 'ប័ណ្ណដាក់ពិន្ទុសហគមន៍');
    await o.fill('[data-testid=new-title-en]', 'Community scorecard');
    await o.click('[data-testid=new-create]');
    await o.waitForURL(`**/builder/${KEY}`);
    await o.locator('[data-testid=builder-host] .builder-component').first().waitFor();

    // Where: the commune (a facilitator's record needs a place in their area).
    const commune = await addField(o, 'geography', 'Commune', 'ឃុំ');
    await o.check('[data-testid=field-required]');

    // Two criteria scored with faces; the first with its label recorded in Khmer and Bunong.
    const water = await addField(o, 'faces', 'Clean water', 'ទឹកស្អាត');
    await o.check('[data-testid=field-required]');
    const prompts = o.locator('[data-testid=prompts-editor]');
    await prompts.locator('summary').click();
    await prompts.locator('[data-testid=prompt-row][data-lang=km] [data-testid=prompt-file]').setInputFiles({ name: 'water-km.wav', mimeType: 'audio/wav', buffer: KM_CLIP });
    await prompts.locator('[data-testid=prompt-row][data-lang=km] [data-testid=prompt-remove]').waitFor();
    await prompts.locator('[data-testid=prompt-row][data-lang=cmo] [data-testid=prompt-file]').setInputFiles({ name: 'water-cmo.wav', mimeType: 'audio/wav', buffer: CMO_CLIP });
    await prompts.locator('[data-testid=prompt-row][data-lang=cmo] [data-testid=prompt-remove]').waitFor();
    const staff = await addField(o, 'faces', 'Enough staff', 'បុគ្គលិកគ្រប់គ្រាន់');
    await o.check('[data-testid=field-required]');

    // Their median, rounded up, as the ISAF scorecard rule: the calculation editor.
    const median = await addField(o, 'number', 'Median score', MEDIAN_KM);
    await o.click('[data-testid=calculation-add]');
    await o.selectOption('[data-testid=calculation-kind]', 'median');
    for (const f of [water, staff]) {
      const box = o.locator(`[data-testid=calculation-field-data\\.${f}]`);
      if (!(await box.isChecked())) await box.check();
    }
    await expect.poll(() => o.textContent('[data-testid=calculation-summary]')).toContain('«ទឹកស្អាត», «បុគ្គលិកគ្រប់គ្រាន់»');
    await o.locator('[data-testid=calculation-editor]').screenshot({ path: join(SHOTS, 'whole-flow-builder-median-km.png') });

    // Participants: women ≤ total, with the officer's own message in Khmer and English.
    const total = await addField(o, 'number', 'Total participants', 'ចំនួនអ្នកចូលរួមសរុប');
    await o.check('[data-testid=field-required]');
    const women = await addField(o, 'number', 'Women', 'ស្ត្រី');
    await o.check('[data-testid=field-required]');
    await o.click('[data-testid=rule-add]');
    expect(await o.inputValue('[data-testid=rule-op]')).toBe('le');
    await o.selectOption('[data-testid=rule-field]', total);
    await setText(o, 'rule-message-km-0', MESSAGE_KM);
    await setText(o, 'rule-message-en-0', MESSAGE_EN);

    // Province → District: the cascade editor.
    const province = await addField(o, 'radio', 'Province', 'ខេត្ត');
    await optionLabels(o, 0, 'កំពង់ធំ', 'Kampong Thom');
    await optionLabels(o, 1, 'សៀមរាប', 'Siem Reap');
    const district = await addField(o, 'select', 'District', 'ស្រុក');
    const panel = o.locator('[data-testid=field-panel]');
    await panel.getByRole('button', { name: /បន្ថែមជម្រើស/ }).click();
    await panel.getByRole('button', { name: /បន្ថែមជម្រើស/ }).click();
    await expect.poll(() => panel.locator('[data-testid=option-row]').count()).toBe(4);
    for (const [i, km, en] of [[0, 'បារាយណ៍', 'Baray'], [1, 'ស្ទោង', 'Stoung'], [2, 'ពួក', 'Puok'], [3, 'សូទ្រនិគម', 'Sotr Nikum']] as const) await optionLabels(o, i, km, en);
    const cascade = o.locator('[data-testid=cascade-editor]');
    await cascade.locator('[data-testid=cascade-parent]').selectOption(`data.${province}`);
    await expect.poll(() => cascade.locator('[data-testid=cascade-row]').count()).toBe(4);
    const belongs = (value: string) => cascade.locator(`[data-testid=cascade-belongs][data-option="${value}"]`);
    await belongs('option_1').selectOption('option_1');
    await belongs('option_2').selectOption('option_1');
    await belongs('option_3').selectOption('option_2');
    await belongs('option_4').selectOption('option_2');

    // A photo of the meeting and where it took place.
    const photo = await addField(o, 'photo', 'Photo of the meeting', 'រូបថតកិច្ចប្រជុំ');
    await o.check('[data-testid=field-required]');
    const gps = await addField(o, 'gps', 'Meeting place', 'ទីតាំងកិច្ចប្រជុំ');
    await o.check('[data-testid=field-required]');

    await o.click('[data-testid=save-draft]');
    await o.locator('[data-testid=builder-notice]').waitFor();
    await o.click('[data-testid=publish-open]');
    await o.click('[data-testid=publish-confirm]');
    await o.locator('[data-testid=published-notice]').waitFor();

    // The published definition holds what was built.
    const published = await pageGql(o, `{ definition(key: "${KEY}") { version schema } }`);
    const definition = published.data?.definition as { version: number; schema: { properties: Record<string, Record<string, unknown>>; required: string[] } };
    const p = definition.schema.properties;
    expect(p[water]!['x-widget']).toBe('faces');
    expect(p[water]!['x-audio']).toEqual({ km: sha(KM_CLIP), cmo: sha(CMO_CLIP) });
    expect(p[median]!['x-calculate']).toEqual({ median: [{ var: water }, { var: staff }] });
    expect(p[women]!['x-constraints']).toEqual([{ rule: expect.anything(), message: { km: MESSAGE_KM, en: MESSAGE_EN } }]);
    expect(p[district]!['x-choice-filter']).toEqual({ '==': [{ var: `choice.${province}` }, { var: province }] });
    expect(p[district]!['x-enum-data']).toEqual({ option_1: { [province]: 'option_1' }, option_2: { [province]: 'option_1' }, option_3: { [province]: 'option_2' }, option_4: { [province]: 'option_2' } });
    expect([p[photo]!['x-widget'], p[gps]!['x-widget'], p[commune]!['x-widget']]).toEqual(['photo', 'gps', 'geography']);
    expect(definition.schema.required).toEqual(expect.arrayContaining([commune, water, staff, total, women, photo, gps]));

    // ---------- 2. The facilitator fills it offline at 360 px, in Khmer ----------
    const phone = await openPage(browser, { width: 360, height: 780 }, contexts);
    const f = phone.page;
    const context = f.context();
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation(POINT);
    // The prompt player's <audio> is made in code (never in the DOM): note each source it plays.
    await f.addInitScript(() => {
      const play = HTMLMediaElement.prototype.play;
      HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
        ((window as unknown as { __played: string[] }).__played ??= []).push(this.src);
        return play.call(this);
      };
    });
    await signIn(f, world);
    // Online once: the app installs its service worker, then the form and the commune go on the phone
    // (taking it offline also fetches its recordings, which the worker keeps).
    await f.goto(`${world.server.url}/field`);
    await waitForWorker(f).catch(async () => {
      await f.reload();
      await waitForWorker(f);
    });
    await takeOffline(f, world, [KEY]);
    await expect.poll(() => f.evaluate(async (path) => !!(await caches.match(path)), `/audio-prompts/${sha(CMO_CLIP)}`), { timeout: 15_000 }).toBe(true);
    await clientGo(f, `/forms/${KEY}`);
    await f.locator('[data-testid=send]').waitFor();
    await clientGo(f, '/field');
    await f.locator('[data-testid=sync-status]').waitFor();

    await context.setOffline(true);
    await f.locator('[data-testid=connection]', { hasText: /[\u1780-\u17FF]/ }).waitFor();
    await clientGo(f, `/forms/${KEY}?new`);
    await f.locator('[data-testid=send]').waitFor();
    expect(await f.evaluate(() => document.documentElement.lang)).toBe('km');
    // The area is one commune: the picker fills it in by itself.
    await f.waitForFunction((name) => (document.querySelector(`[name="data[${name}]"]`) as HTMLInputElement | null)?.value === '060101', commune);
    await f.locator(`.formio-component-${water} [data-testid=prompt-play]`).waitFor();
    await shot(f, '01-fill-empty-360-km');

    // Scores 3 and 4: the median between them is rounded up to 4.
    await f.locator(`.formio-component-${water}.sa-faces input[value="3"]`).click();
    await f.locator(`.formio-component-${staff}.sa-faces input[value="4"]`).click();
    await expect.poll(() => f.inputValue(`[name="data[${median}]"]`)).toBe('4');
    expect(await f.locator(`[name="data[${median}]"]`).isDisabled()).toBe(true);

    // Only the chosen province's districts are offered.
    await expect.poll(() => offered(f, `data[${district}]`)).toEqual([]);
    await f.check(`input[name^="data[${province}]"][value="option_2"]`);
    await expect.poll(() => offered(f, `data[${district}]`)).toEqual(['option_3', 'option_4']);
    await f.check(`input[name^="data[${province}]"][value="option_1"]`);
    await expect.poll(() => offered(f, `data[${district}]`)).toEqual(['option_1', 'option_2']);
    await f.selectOption(`select[name="data[${district}]"]`, 'option_1');

    // A photo (the camera's file input) and the phone's location.
    await f.locator('[data-media-kind=photo] input[type=file]').setInputFiles(PHOTO);
    await f.locator('[data-media-kind=photo] img.sa-media__preview').waitFor();
    const photoId = await f.locator('[data-media-kind=photo]').getAttribute('data-media-id');
    expect(photoId).toMatch(/^[0-9a-f-]{36}$/);
    await f.locator('[data-testid=gps-record]').click();
    await f.locator('[data-testid=gps-field][data-gps-state=recorded]').waitFor();
    expect(await f.locator('[data-testid=gps-field] [data-testid=gps-point]').textContent()).toMatch(/12\.712346[\s\S]*104\.887654[\s\S]*± 6 ម៉ែត្រ/);

    // The criterion in Bunong: choose the recordings' language, press Listen, hear the cmo clip.
    const language = f.locator('[data-testid=prompt-language] select');
    expect(await language.locator('option').allTextContents()).toEqual(['ខ្មែរ', 'ព្នង']);
    await language.selectOption('cmo');
    const listen = f.locator(`[data-testid=prompt-play][data-clip="${sha(CMO_CLIP)}"]`);
    expect(await listen.textContent()).toContain('ស្តាប់');
    await listen.click();
    await expect.poll(() => listen.getAttribute('aria-pressed')).toBe('true');
    await shot(f, '02-fill-listen-bunong-360-km', '[data-testid=prompt-play]');
    await expect.poll(() => listen.getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('false');
    expect(await f.locator('.sa-prompt__problem').count()).toBe(0);
    expect(await f.evaluate(() => (window as unknown as { __played?: string[] }).__played ?? [])).toEqual([`${world.server.url}/audio-prompts/${sha(CMO_CLIP)}`]);

    // 12 women of 10 participants: refused with the officer's Khmer message, then corrected.
    await f.fill(`[name="data[${total}]"]`, '10');
    await f.fill(`[name="data[${women}]"]`, '12');
    await f.click('[data-testid=send]');
    await f.locator('[data-testid=error-summary]').waitFor();
    await expect.poll(() => f.locator(`.formio-component-${women} .formio-errors`).textContent()).toContain(MESSAGE_KM);
    expect(await f.textContent('[data-testid=error-summary]')).toContain(MESSAGE_KM);
    await shot(f, '03-fill-refused-360-km', `.formio-component-${women}`);
    await f.fill(`[name="data[${women}]"]`, '8');
    await expect.poll(() => f.locator(`.formio-component-${women} .formio-errors`).textContent()).not.toContain(MESSAGE_KM);
    await shot(f, '04-fill-photo-gps-360-km', '[data-testid=gps-field]');
    await f.evaluate(() => scrollTo(0, 0));
    await shot(f, '05-fill-done-360-km');

    // Sent with no connection: the record (and its photo) wait in the outbox.
    await f.click('[data-testid=send]');
    await f.locator('[data-testid=record-queued]').waitFor();
    const id = (await f.textContent('[data-testid=submission-id]'))!.trim();
    await shot(f, '06-queued-360-km');
    const db = world.server.services.db;
    expect(await db.selectFrom('submission').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
    expect(await db.selectFrom('media_file').select('id').where('id', '=', photoId!).executeTakeFirst()).toBeUndefined();

    // The connection is back: the outbox sends the photo, then the record, with nobody clicking.
    await context.setOffline(false);
    await waitPending(f, 0, 90_000);
    const { submission } = await world.graphql<{ submission: { definitionVersion: number; data: Record<string, unknown> } }>('query($id: ID!) { submission(id: $id) { definitionVersion data } }', { id });
    expect(submission.definitionVersion).toBe(definition.version);
    expect(submission.data).toMatchObject({ [commune]: '060101', [water]: 3, [staff]: 4, [median]: 4, [total]: 10, [women]: 8, [province]: 'option_1', [district]: 'option_1', [photo]: photoId });
    expect(submission.data[gps]).toMatchObject({ latitude: 12.712346, longitude: 104.887654, accuracy: 6 });
    const media = await db.selectFrom('media_file').selectAll().where('id', '=', photoId!).executeTakeFirst();
    expect(media).toBeTruthy();
    const served = await o.evaluate(async (mediaId) => {
      const res = await fetch(`/media/${mediaId}`);
      const bitmap = await createImageBitmap(await res.blob());
      return { status: res.status, type: res.headers.get('content-type'), width: bitmap.width };
    }, photoId);
    expect(served).toEqual({ status: 200, type: 'image/jpeg', width: 512 });

    // ---------- 3. The record view shows the photo and the point ----------
    await o.goto(`${world.server.url}/data/${KEY}/${id}`);
    await o.locator('[data-testid=submission-view]').waitFor();
    await o.locator('img.media').first().waitFor();
    await o.waitForFunction(() => [...document.querySelectorAll('img.media')].every((img) => (img as HTMLImageElement).naturalWidth > 0));
    expect(await o.locator('[data-testid=gps-point]').first().textContent()).toMatch(/12\.712346.*104\.887654[\s\S]*± 6/);
    expect(await o.textContent('[data-testid=submission-view]')).toContain(MEDIAN_KM);
    await o.setViewportSize({ width: 360, height: 780 });
    await shot(o, '07-record-360-km');
    await o.setViewportSize({ width: 1280, height: 900 });

    // ---------- 4. A median indicator of the new score, and the monthly report ----------
    await o.goto(`${world.server.url}/indicators/new?lang=km`);
    await o.fill('[data-testid=ib-key]', INDICATOR);
    await o.fill('[data-testid=ib-title-km]', 'ពិន្ទុមេដ្យាននៃប័ណ្ណដាក់ពិន្ទុសហគមន៍');
    await o.fill('[data-testid=ib-title-en]', 'Community scorecard median score');
    await o.fill('[data-testid=ib-desc-km]', 'មេដ្យាននៃពិន្ទុមេដ្យានរបស់ប័ណ្ណដាក់ពិន្ទុ។');
    await o.fill('[data-testid=ib-desc-en]', 'The median of the scorecards’ median scores.');
    await o.selectOption('[data-testid=ib-form]', KEY);
    await o.selectOption('[data-testid=ib-measure]', 'median');
    const measureField = o.locator('[data-testid=ib-measure-field]');
    await measureField.locator('option', { hasText: MEDIAN_KM }).first().waitFor({ state: 'attached' });
    const fieldPath = await measureField.locator('option', { hasText: MEDIAN_KM }).first().getAttribute('value');
    await measureField.selectOption(fieldPath!);
    await expect.poll(() => o.locator('[data-testid=ib-problems]').count(), { timeout: 15_000 }).toBe(0);
    await o.click('[data-testid=ib-publish]');
    await o.locator('[data-testid=ib-confirm]').waitFor();
    await o.click('[data-testid=ib-publish-confirm]');
    await o.waitForURL(`**/indicators/${INDICATOR}`);
    await world.server.services.indicators.refreshNow();

    const year = MONTH.slice(0, 4);
    await o.goto(`${world.server.url}/dashboard?lang=en&year=${year}&month=${MONTH}&scope=06`);
    await o.locator('[data-testid=indicator-card]').first().waitFor();
    const cards = await o.locator('[data-testid=indicator-card]').evaluateAll((els) =>
      els.map((el) => ({ key: el.getAttribute('data-key') ?? '', title: el.querySelector('h2, h3')?.textContent?.trim() ?? '', value: el.querySelector('[data-testid=card-value]')?.textContent?.trim() ?? '' })),
    );
    const ours = cards.find((c) => c.key === INDICATOR);
    expect(ours?.value).toMatch(/^4\b/);
    await o.goto(`${world.server.url}/reports/progress?month=${MONTH}&lang=en&scope=06`);
    await o.evaluate(() => document.fonts.ready);
    const pages = pdfText(await o.pdf({ preferCSSPageSize: true, printBackground: true }), 'whole-flow-report-en');
    const text = pages.join('\n');
    const lines = text.split('\n');
    for (const card of cards.filter((c) => c.value && c.value !== '–')) {
      const number = /^[\d.,]+/.exec(card.value)?.[0] ?? card.value;
      const first = card.title.split(/\s+/).slice(0, 2).join(' ');
      expect(lines.find((l) => l.includes(first) && l.includes(number)), `${card.key} (${card.value}) in the report`).toBeTruthy();
    }
    // The new indicator's row (this month, the year) and the facilitator's record in "Data received".
    expect(lines.some((l) => /^\s*Community scorecard\s+4\s+4\s/.test(l)), 'the new indicator’s row').toBe(true);
    expect(lines.some((l) => /^\s*Community scorecard\s+1\s+1\s*$/.test(l)), 'the record counted in Data received').toBe(true);
    expect(text).toContain(monthLabel(MONTH, 'en'));
    expect(text).toContain('Kingdom of Cambodia');
    pages.forEach((pg, i) => expect(pg, `page ${i + 1}`).toContain(`Page ${i + 1} of ${pages.length}`));
    // The same report in Khmer: the month in Khmer words and digits, the figure in Khmer digits.
    await o.goto(`${world.server.url}/reports/progress?month=${MONTH}&lang=km&scope=06`);
    await o.evaluate(() => document.fonts.ready);
    const km = pdfText(await o.pdf({ preferCSSPageSize: true, printBackground: true }), 'whole-flow-report-km').join('\n');
    expect(km).toContain(monthLabel(MONTH, 'km'));
    expect(km.split('\n').some((l) => l.includes('ពិន្ទុមេដ្យាននៃប័ណ្ណ') && latinDigits(l).includes('4'))).toBe(true);
    const png = spawnSync('pdftoppm', ['-png', '-r', '90', '-f', '1', '-l', '1', '-singlefile', join(SHOTS, 'whole-flow-report-km.pdf'), join(SHOTS, 'whole-flow-report-km-page1')]);
    expect(png.status, String(png.stderr)).toBe(0);

    expect(officer.errors.filter(NOISE)).toEqual([]);
    expect(phone.errors.filter(OFFLINE_NOISE)).toEqual([]);
  });
});
