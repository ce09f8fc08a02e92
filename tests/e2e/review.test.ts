// Review and corrections in a browser (issue 12), on a real server with Kampong Thom (06): a facilitator
// of Bak Sna (060101) sends a participant count on the phone; the district officer of Baray (0601) sends
// it back with a comment; the facilitator sees it on the home page, answers, corrects it at 360 px (a
// stale tab gets CONFLICT); the officer approves it: it is locked (the edit page and the API refuse);
// the facilitator asks to unlock, the officer grants it; the history shows every step with the changed
// answer (Khmer label, old → new); a bulk approve from the table ends it. Screenshots in Khmer at 360 px
// and 1280 px: tests/e2e/screenshots/review-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot as save, signInAt } from './browser';
import { CAF, COUNT, KHMER, apiToken, fillCount, finish, startOfflineWorld, type OfflineWorld } from './offline-setup';

const DESKTOP = { width: 1280, height: 800 };
const MOBILE = { width: 360, height: 740 };
const OFFICER = { username: 'baray.officer', name: 'Keo Vanna', password: 'baray-district-2026' };

let world: OfflineWorld;
let browser: Browser;
const contexts: BrowserContext[] = [];
let caf: { page: Page; errors: string[] };
let officer: { page: Page; errors: string[] };
let id = '';

beforeAll(async () => {
  world = await startOfflineWorld();
  await world.graphql(`mutation U($input: CreateUserInput!) { createUser(input: $input) { username } }`, {
    input: { username: OFFICER.username, password: OFFICER.password, displayName: OFFICER.name, locale: 'km', mustChangePassword: false, grants: [{ role: 'district_officer', scope: '0601' }] },
  });
  browser = await launchBrowser();
  caf = await openPage(browser, MOBILE, contexts);
  officer = await openPage(browser, DESKTOP, contexts);
  await signInAt(caf.page, world.server.url, CAF.username, CAF.password);
  await signInAt(officer.page, world.server.url, OFFICER.username, OFFICER.password);
}, 300_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await world?.server.close();
});

const url = (path: string) => `${world.server.url}${path}`;
const record = () => `/data/${COUNT}/${id}`;
const unexpected = (errors: string[]) => errors.filter((e) => !e.includes('status of 401') && !e.includes('status of 403') && !e.includes('status of 409'));

async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await save(page, name);
}

async function state(page: Page): Promise<{ state: string | null; locked: string | null }> {
  const badge = page.locator('header [data-testid=review-state]');
  return { state: await badge.getAttribute('data-state'), locked: await badge.getAttribute('data-locked') };
}

async function waitState(page: Page, want: string): Promise<void> {
  await page.locator(`header [data-testid=review-state][data-state=${want}]`).waitFor();
}

async function attention(page: Page): Promise<Record<string, number>> {
  await page.goto(url('/'));
  const counts = page.locator('[data-testid=attention-count]');
  await counts.first().waitFor();
  const out: Record<string, number> = {};
  for (const c of await counts.all()) out[(await c.getAttribute('data-kind'))!] = Number(await c.getAttribute('data-n'));
  return out;
}

describe('review and corrections', () => {
  it('a facilitator sends a record on the phone; the officer sees it waiting', async () => {
    await caf.page.goto(url(`/forms/${COUNT}?new`));
    await fillCount(caf.page, 'វត្តបាក់ស្នា', 25);
    id = await finish(caf.page, 'submit-success');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    expect((await attention(officer.page)).to_review).toBe(1);
    expect(await officer.page.textContent('[data-testid=attention] h2')).toMatch(KHMER);
    await screenshot(officer.page, 'review-desktop-km-01-home');
    await officer.page.goto(url(`/data/${COUNT}`));
    const row = officer.page.locator(`[data-testid=submission-row][data-id="${id}"]`);
    expect(await row.getAttribute('data-state')).toBe('RECEIVED');
    await screenshot(officer.page, 'review-desktop-km-02-table');
  });

  it('the district officer sends it back with a required comment', async () => {
    const page = officer.page;
    await page.goto(url(record()));
    expect(await state(page)).toEqual({ state: 'RECEIVED', locked: 'false' });
    await page.click('[data-testid=review-has_issues]');
    await page.click('[data-testid=review-confirm]');
    expect(await page.textContent('[data-testid=review-problem]')).toMatch(KHMER); // the comment is required
    await page.fill('[data-testid=review-comment]', 'ចំនួនមនុស្សខុស៖ មាន ៥២ នាក់ចូលរួម។');
    await page.click('[data-testid=review-confirm]');
    await waitState(page, 'HAS_ISSUES');
    expect(await page.locator('[data-testid=comment][data-kind=review]').count()).toBe(1);
    await screenshot(page, 'review-desktop-km-03-sent-back');
  });

  it('the facilitator sees it on the home page, answers and corrects it at 360 px; a stale tab gets CONFLICT', async () => {
    const page = caf.page;
    expect((await attention(page)).sent_back).toBe(1);
    await screenshot(page, 'review-mobile-km-01-home');
    await page.click(`[data-testid=attention-item][data-kind=sent_back] a`);
    await page.waitForURL(`**${record()}`);
    expect(await page.textContent('[data-testid=sent-back-reason]')).toContain('៥២');
    expect(await page.textContent('[data-testid=comment][data-kind=review]')).toContain('៥២');
    await page.click('[data-testid=comment-reply]');
    await page.fill('[data-testid=comment-body]', 'អរគុណ ខ្ញុំនឹងកែវា។');
    await page.click('[data-testid=comment-send]');
    await page.locator('[data-testid=comment]', { hasText: 'អរគុណ' }).waitFor();
    await screenshot(page, 'review-mobile-km-02-record');

    // A second tab opened at the same version: the record changes meanwhile, its save is refused.
    const stale = await caf.page.context().newPage();
    await stale.goto(url(`${record()}/edit`));
    await stale.locator('[data-testid=correct-save]').waitFor();

    await page.click('[data-testid=correct]');
    await page.waitForURL(`**${record()}/edit`);
    await page.locator('[data-testid=correct-save]').waitFor();
    expect(await page.inputValue('[name="data[people]"]')).toBe('25');
    // The page's "?" leads to the data help, which now covers corrections.
    const help = await page.locator('[data-testid=help-link]').first().getAttribute('href');
    const helpAnswer = await page.request.get(url(help!), { maxRedirects: 0 });
    expect(helpAnswer.headers().location).toMatch(/^\/help\/data(\?|$)/);
    await page.fill('[name="data[people]"]', '52');
    await screenshot(page, 'review-mobile-km-03-correct');
    await page.click('[data-testid=correct-save]');
    await page.waitForURL(`**${record()}?corrected`);
    await waitState(page, 'RECEIVED'); // corrected by its sender: back to the reviewer
    expect(await page.textContent('[data-testid=review-message]')).toMatch(KHMER);
    expect(await page.locator('[data-testid=answer][data-path=people]').textContent()).toContain('52');

    await stale.fill('[name="data[people]"]', '60');
    await stale.click('[data-testid=correct-save]');
    await stale.locator('[data-testid=correct-refusal][data-code=CONFLICT]').waitFor();
    expect(await stale.textContent('[data-testid=correct-refusal]')).toMatch(KHMER);
    await screenshot(stale, 'review-mobile-km-04-conflict');
    await stale.close();
  });

  it('the officer approves it: it is locked, the edit page and the API refuse to change it', async () => {
    const page = officer.page;
    await page.goto(url(record()));
    await page.click('[data-testid=review-approved]');
    await waitState(page, 'APPROVED');
    expect((await state(page)).locked).toBe('true');
    await screenshot(page, 'review-desktop-km-04-approved');

    await caf.page.goto(url(record()));
    expect(await caf.page.locator('[data-testid=correct]').count()).toBe(0);
    await caf.page.goto(url(`${record()}/edit`));
    expect(await caf.page.getAttribute('[data-testid=correct-refusal]', 'data-code')).toBe('LOCKED');
    expect(await caf.page.textContent('[data-testid=correct-refusal]')).toMatch(KHMER);
    const token = await apiToken(world.server.url, CAF.username, CAF.password);
    const response = await fetch(url('/graphql'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'mutation E($id: ID!, $data: JSON!) { updateSubmission(id: $id, data: $data) { id } }', variables: { id, data: { commune: '060101', place: 'x', people: 1 } } }),
    });
    const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    expect(body.errors?.[0]?.extensions?.code).toBe('LOCKED');
  });

  it('the facilitator asks to unlock it and the officer grants the request', async () => {
    const page = caf.page;
    await page.goto(url(record()));
    await page.fill('[data-testid=unlock-reason]', 'ភូមិខុស ត្រូវកែ។');
    await page.click('[data-testid=unlock-ask]');
    await page.locator('[data-testid=unlock-pending]').waitFor();
    await screenshot(page, 'review-mobile-km-05-unlock-asked');

    expect((await attention(officer.page)).unlock_request).toBe(1);
    await officer.page.click('[data-testid=attention-item][data-kind=unlock_request] a');
    await officer.page.waitForURL(`**${record()}`);
    await officer.page.click('[data-testid=unlock-grant]');
    await waitState(officer.page, 'HAS_ISSUES');
    expect((await state(officer.page)).locked).toBe('false');

    await page.goto(url(record()));
    await page.locator('[data-testid=correct]').waitFor();
  });

  it('the history shows every step, with the corrected answer as old → new', async () => {
    for (const [who, name] of [
      [officer, 'review-desktop-km-05-history'],
      [caf, 'review-mobile-km-06-history'],
    ] as const) {
      await who.page.goto(url(record()));
      const actions = await who.page.locator('[data-testid=history-entry]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
      expect(actions).toEqual(['created', 'reviewed', 'edited', 'reviewed', 'unlock_requested', 'unlocked']);
      const change = who.page.locator('[data-testid=history-change][data-path=people]');
      expect(await change.textContent()).toContain('ចំនួនមនុស្ស');
      expect(await change.locator('del').textContent()).toContain('25');
      expect(await change.locator('ins').textContent()).toContain('52');
      await screenshot(who.page, name);
    }
    await caf.page.goto(url(`${record()}?lang=en`));
    expect(await caf.page.locator('[data-testid=history-change][data-path=people]').textContent()).toContain('People');
    await screenshot(caf.page, 'review-mobile-en-07-history');
    await caf.page.goto(url(`${record()}?lang=km`));
  });

  it('the officer approves several records at once from the table, with a summary', async () => {
    const token = await apiToken(world.server.url, CAF.username, CAF.password);
    const second = crypto.randomUUID();
    const sent = await fetch(url('/graphql'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: 'mutation S($input: SubmitInput!) { submit(input: $input) { id } }',
        variables: { input: { id: second, definitionKey: COUNT, definitionVersion: 1, data: { commune: '060101', place: 'សាលាឃុំ', people: 14 } } },
      }),
    });
    expect(((await sent.json()) as { errors?: unknown[] }).errors ?? []).toEqual([]);
    const page = officer.page;
    await page.goto(url(`/data/${COUNT}`));
    await page.check('[data-testid=select-all]');
    expect(await page.textContent('[data-testid=bulk-count]')).toMatch(KHMER);
    await page.click('[data-testid=bulk-approve]');
    const summary = page.locator('[data-testid=bulk-summary]');
    await summary.waitFor();
    expect(await summary.getAttribute('data-changed')).toBe('2');
    // The table reloads after the summary shows: wait for the rows' new state.
    await expect.poll(() => page.locator('[data-testid=submission-row][data-state=APPROVED]').count(), { timeout: 15_000 }).toBe(2);
    await screenshot(page, 'review-desktop-km-06-bulk');
    await page.goto(url(`/data/${COUNT}?states=APPROVED`));
    expect(await page.locator('[data-testid=submission-row]').count()).toBe(2);
    await caf.page.setViewportSize(MOBILE);
    await caf.page.goto(url(`/data/${COUNT}`));
    await screenshot(caf.page, 'review-mobile-km-08-table');

    expect(unexpected(caf.errors)).toEqual([]);
    expect(unexpected(officer.errors)).toEqual([]);
  });
});
