// Shared set-up of the offline field-app browser tests (tests/e2e/offline-*.test.ts): a real server
// with Kampong Thom (06) from the gazetteer, a facilitator for commune 060101 (Bak Sna), two health
// centres (Baray in the area, Stoung outside) and two small published forms: a village visit
// (village picker, health-centre picker, note) and a participant count (commune picker, text, number).
// Helpers drive the field pages the way a facilitator does: /field to take forms and places
// offline, the fill page, the pending badge.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server';
import { signInAt } from './browser';
import { provinceSubset } from '../fixtures/gazetteer';

export const CAF = { username: 'baksna.offline', name: 'Sok Dara', password: 'bak-sna-offline-2026' };
export const VISIT = 'offline-visit';
export const COUNT = 'offline-count';
export const KHMER = /[\u1780-\u17FF]/;

export interface OfflineWorld {
  server: TestServer;
  adminToken: string;
  baray: string;
  stoung: string;
  graphql: <T>(query: string, variables?: Record<string, unknown>, token?: string) => Promise<T>;
}

export const visitForm = (noteLabel = 'Note') => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  'x-kind': 'form',
  'x-title': { km: 'ការចុះសួរសុខទុក្ខភូមិ', en: 'Village visit' },
  'x-order': ['village', 'provider', 'note'],
  properties: {
    village: { type: 'string', pattern: '^[0-9]{8}$', 'x-widget': 'geography', 'x-geo-level': 'village', 'x-label': { km: 'ភូមិ', en: 'Village' } },
    provider: { type: 'string', 'x-widget': 'provider', 'x-provider-kind': 'health_centre', 'x-label': { km: 'មណ្ឌលសុខភាព', en: 'Health centre' } },
    note: { type: 'string', 'x-widget': 'textarea', maxLength: 500, 'x-label': { km: 'កំណត់សម្គាល់', en: noteLabel } },
  },
  required: ['village', 'provider'],
  additionalProperties: false,
});

const countForm = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  'x-kind': 'form',
  'x-title': { km: 'ការរាប់អ្នកចូលរួម', en: 'Participant count' },
  'x-order': ['commune', 'place', 'people'],
  properties: {
    // A facilitator's record needs a place in the area (the server refuses records without one).
    commune: { type: 'string', pattern: '^[0-9]{6}$', 'x-widget': 'geography', 'x-geo-level': 'commune', 'x-label': { km: 'ឃុំ', en: 'Commune' } },
    place: { type: 'string', maxLength: 100, 'x-label': { km: 'ទីកន្លែង', en: 'Place' } },
    people: { type: 'integer', minimum: 0, maximum: 1000, 'x-label': { km: 'ចំនួនមនុស្ស', en: 'People' } },
  },
  required: ['commune', 'place', 'people'],
  additionalProperties: false,
};


export async function apiToken(url: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

export async function startOfflineWorld(): Promise<OfflineWorld> {
  const server = await startTestServer();
  const adminToken = await apiToken(server.url, 'admin', server.adminPassword);
  const graphql = async <T>(query: string, variables: Record<string, unknown> = {}, token = adminToken): Promise<T> => {
    const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data: T; errors?: unknown[] };
    expect(body.errors ?? []).toEqual([]);
    return body.data;
  };
  const imported = await fetch(`${server.url}/admin/geo/import`, { method: 'POST', headers: { 'content-type': 'text/yaml', authorization: `Bearer ${adminToken}` }, body: provinceSubset('06') });
  expect(imported.status).toBe(202);
  const location = imported.headers.get('location')!;
  for (let i = 0; ; i++) {
    const job = (await (await fetch(`${server.url}${location}`, { headers: { authorization: `Bearer ${adminToken}` } })).json()) as { status: string };
    if (job.status === 'done') break;
    if (job.status === 'failed' || i > 200) throw new Error(`geography import: ${JSON.stringify(job).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  await graphql(`mutation U($input: CreateUserInput!) { createUser(input: $input) { username } }`, {
    input: { username: CAF.username, password: CAF.password, displayName: CAF.name, locale: 'km', mustChangePassword: false, grants: [{ role: 'facilitator', scope: '060101' }] },
  });
  const provider = async (code: string, nameKm: string, nameEn: string, geoCode: string) =>
    (await graphql<{ createServiceProvider: { id: string } }>(`mutation P($input: ServiceProviderInput!) { createServiceProvider(input: $input) { id } }`, { input: { kind: 'health_centre', code, nameKm, nameEn, geoCode } })).createServiceProvider.id;
  const baray = await provider('HC-060101', 'មណ្ឌលសុខភាពបារាយណ៍', 'Baray health centre', '0601');
  const stoung = await provider('HC-060801', 'មណ្ឌលសុខភាពស្ទោង', 'Stoung health centre', '0608');
  const world = { server, adminToken, baray, stoung, graphql };
  await publish(world, VISIT, visitForm());
  await publish(world, COUNT, countForm);
  return world;
}

export async function publish(world: OfflineWorld, key: string, schema: unknown): Promise<number> {
  await world.graphql(`mutation D($key: String!, $schema: JSON!) { saveDraft(key: $key, schema: $schema) { version } }`, { key, schema });
  return (await world.graphql<{ publish: { version: number } }>(`mutation P($key: String!) { publish(key: $key) { version status } }`, { key })).publish.version;
}

/** Every stored submission of a form: id → {version, data}. */
export async function stored(world: OfflineWorld, key: string): Promise<Map<string, { version: number; data: Record<string, unknown> }>> {
  const found = new Map<string, { version: number; data: Record<string, unknown> }>();
  let after: string | null = null;
  type Page = { pageInfo: { hasNextPage: boolean; endCursor: string }; edges: Array<{ node: { id: string; definitionVersion: number; data: Record<string, unknown> } }> };
  for (;;) {
    const { submissions }: { submissions: Page } = await world.graphql<{ submissions: Page }>(
      `query S($key: String!, $after: String) { submissions(definitionKey: $key, first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id definitionVersion data } } } }`,
      { key, after },
    );
    for (const { node } of submissions.edges) {
      expect(found.has(node.id)).toBe(false);
      found.set(node.id, { version: node.definitionVersion, data: node.data });
    }
    if (!submissions.pageInfo.hasNextPage) return found;
    after = submissions.pageInfo.endCursor;
  }
}

export const signIn = (page: Page, world: OfflineWorld) => signInAt(page, world.server.url, CAF.username, CAF.password);

/** On /field: ticks `forms`, adds commune Bak Sna, downloads; waits for "everything is on this phone". */
export async function takeOffline(page: Page, world: OfflineWorld, forms: string[]): Promise<void> {
  await page.goto(`${world.server.url}/field`);
  for (const key of forms) await page.check(`[data-testid=offline-form][data-key="${key}"] [data-testid=offline-form-toggle]`);
  // The facilitator's area is one commune: province and district are preselected.
  const commune = page.locator('[data-testid=place-commune][data-code="060101"]');
  await commune.check();
  await page.click('[data-testid=place-add]');
  await page.locator('[data-testid=offline-place][data-code="060101"]').waitFor();
  await page.click('[data-testid=offline-download]');
  const result = page.locator('[data-testid=offline-result]');
  await result.waitFor();
  expect(`${await result.getAttribute('class')} ${await result.textContent()}`).toContain('alert--success');
  for (const key of forms) await page.locator(`[data-testid=offline-form][data-key="${key}"] [data-testid=offline-form-state]:not([data-kept="0"])`).waitFor();
}

/** The number on the top-bar badge (finished records not yet on the server). */
export async function pendingCount(page: Page): Promise<number> {
  return Number(await page.locator('[data-testid=pending-count]').getAttribute('data-count'));
}

export async function waitPending(page: Page, n: number, timeout = 60_000): Promise<void> {
  await page.waitForFunction((want) => document.querySelector('[data-testid=pending-count]')?.getAttribute('data-count') === String(want), n, { timeout });
}

/** Opens a field page by a click on a link (client-side navigation: works with no connection). */
export async function clientGo(page: Page, href: string): Promise<void> {
  await page.evaluate((to) => {
    const a = document.createElement('a');
    a.href = to;
    document.body.append(a);
    a.click();
    a.remove();
  }, href);
  await page.waitForURL((url) => url.pathname + url.search === href || url.pathname === href.split('?')[0]);
}

/** Fills the village visit (first village of Bak Sna, Baray health centre, the note). */
export async function fillVisit(page: Page, world: OfflineWorld, note: string): Promise<void> {
  const village = page.locator('[data-testid=geo-picker-village] [data-testid=geo-select-village]');
  await village.locator('option[value^="060101"]').first().waitFor({ state: 'attached' });
  const first = await village.locator('option[value^="060101"]').first().getAttribute('value');
  await village.selectOption(first!);
  const provider = page.locator('[data-testid=provider-picker-provider] [data-testid=provider-select]');
  await provider.locator(`option[value="${world.baray}"]`).waitFor({ state: 'attached' });
  await provider.selectOption(world.baray);
  await page.fill('[name="data[note]"]', note);
}

export async function fillCount(page: Page, place: string, people: number): Promise<void> {
  await page.locator('[name="data[place]"]').waitFor();
  // The area is one commune: the picker fills it in by itself.
  await page.waitForFunction(() => (document.querySelector('[name="data[commune]"]') as HTMLInputElement | null)?.value === '060101');
  await page.fill('[name="data[place]"]', place);
  await page.fill('[name="data[people]"]', String(people));
}

/** Presses Send and waits for the record to be sent or queued; returns its id. */
export async function finish(page: Page, outcome: 'submit-success' | 'record-queued'): Promise<string> {
  await page.click('[data-testid=send]');
  await page.locator(`[data-testid=${outcome}]`).waitFor();
  return (await page.textContent('[data-testid=submission-id]'))!.trim();
}

/** Records in this page's IndexedDB: id → state. */
export async function localStates(page: Page): Promise<Record<string, string>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, string>>((resolve, reject) => {
        const open = indexedDB.open('sa-studio-field');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('records').objectStore('records').getAll();
          all.onsuccess = () => {
            resolve(Object.fromEntries((all.result as Array<{ id: string; state: string }>).map((r) => [r.id, r.state])));
            open.result.close();
          };
        };
      }),
  );
}
