// The help centre on every engine: shipped pages seeded and public, trainers write and publish through
// the definitions lifecycle (help.edit, not definition.edit), stored-XSS payloads are refused or
// rendered inert, Khmer search finds words inside unspaced text, and images are stored and served.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { userWith } from './geo-helpers';

const engines = await testEngines();
afterAll(closeSharedPglite);

const PAGE = 'query($k: String!, $v: Int) { helpPage(key: $k, version: $v) { key version status title { km en } km { html headings { id } } en { html } tour { route steps { target } } modules { key } } }';
const SAVE = 'mutation($k: String!, $s: JSON!) { saveDraft(key: $k, schema: $s) { key version status kind } }';
const PUBLISH = 'mutation($k: String!) { publish(key: $k) { version status } }';
const SEARCH = 'query($q: String!, $l: String!) { helpSearch(q: $q, lang: $l) { excerpt page { key } } }';

/** A 1×1 PNG. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082', 'hex');

function page(body: { km: string; en: string }, extra: Record<string, unknown> = {}) {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', 'x-kind': 'help', 'x-title': { km: 'គន្លឹះពិន្ទុ', en: 'Scorecard tips' }, body, ...extra };
}

const codeOf = (r: { errors?: Array<{ extensions: { code: string } }> }) => r.errors?.[0]?.extensions.code ?? 'OK';

describe.each(engines)('help centre on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
  });
  afterEach(async () => t.close());

  it('ships the page help and the role guides, published and readable without signing in', async () => {
    const list = await t.gql('{ helpPages { key type topic routes audience } }', {}, null);
    expect(list.errors).toBeUndefined();
    const keys = list.data.helpPages.map((p: { key: string }) => p.key);
    expect(keys).toEqual(expect.arrayContaining(['home', 'fill', 'builder', 'dashboard', 'guide-facilitator', 'guide-trainer']));
    const fill = await t.gql(PAGE, { k: 'fill' }, null);
    expect(fill.data.helpPage).toMatchObject({ key: 'fill', version: 2, status: 'PUBLISHED', title: { en: 'Filling in a form', km: 'ការបំពេញទម្រង់' } });
    const builder = await t.gql(PAGE, { k: 'builder' }, null);
    expect(builder.data.helpPage.km.headings.map((h: { id: string }) => h.id)).toEqual(expect.arrayContaining(['geography', 'repeat']));
    const route = await t.gql('query($r: String!) { helpForRoute(route: $r) { key } }', { r: '/forms/[key]' }, null);
    expect(route.data.helpForRoute.map((p: { key: string }) => p.key)).toEqual(['fill']);
    // Help pages are not forms: the forms list does not show them.
    const forms = await t.gql('{ definitions { key kind } }');
    expect(forms.data.definitions.every((d: { kind: string }) => d.kind === 'form')).toBe(true);
  });

  it('lets a trainer write, publish and version a page; others may not', async () => {
    const trainer = await userWith(t, 'trainer1', 'trainer', '');
    const facilitator = await userWith(t, 'caf1', 'facilitator', '01');
    const doc = page({ km: '# គន្លឹះ\n\n::: tip\nរក្សាទុកញឹកញាប់។\n:::', en: '# Tips\n\nSee [filling](help:fill) and [the dashboard](app:/dashboard).' }, {
      routes: ['/dashboard'],
      tour: { route: '/dashboard', steps: [{ target: 'dashboard-year', title: { km: 'ឆ្នាំ', en: 'Year' }, text: { km: 'ជ្រើសរើសឆ្នាំ', en: 'Choose the year' } }] },
    });
    expect(codeOf(await t.gql(SAVE, { k: 'scorecard-tips', s: doc }, facilitator))).toBe('FORBIDDEN');
    const saved = await t.gql(SAVE, { k: 'scorecard-tips', s: doc }, trainer);
    expect(saved.errors).toBeUndefined();
    expect(saved.data.saveDraft).toMatchObject({ key: 'scorecard-tips', version: 1, status: 'DRAFT', kind: 'help' });
    // A draft is not public, and not in the centre.
    expect((await t.gql(PAGE, { k: 'scorecard-tips' }, null)).data.helpPage).toBeNull();
    expect(codeOf(await t.gql(PAGE, { k: 'scorecard-tips', v: 1 }, null))).toBe('UNAUTHENTICATED');
    expect((await t.gql(PAGE, { k: 'scorecard-tips', v: 1 }, trainer)).data.helpPage.status).toBe('DRAFT');
    expect(codeOf(await t.gql(PUBLISH, { k: 'scorecard-tips' }, facilitator))).toBe('FORBIDDEN');
    expect((await t.gql(PUBLISH, { k: 'scorecard-tips' }, trainer)).data.publish).toEqual({ version: 1, status: 'PUBLISHED' });
    const read = (await t.gql(PAGE, { k: 'scorecard-tips' }, null)).data.helpPage;
    expect(read.en.html).toContain('<a href="/help/fill">filling</a>');
    expect(read.en.html).toContain('<a href="/dashboard">the dashboard</a>');
    expect(read.km.html).toContain('<div class="help-note help-note--tip"><p class="help-note__label">គន្លឹះ</p>');
    expect(read.tour).toEqual({ route: '/dashboard', steps: [{ target: 'dashboard-year' }] });
    const dashboard = await t.gql('query($r: String!) { helpForRoute(route: $r) { key hasTour } }', { r: '/dashboard' }, null);
    expect(dashboard.data.helpForRoute).toEqual([{ key: 'dashboard', hasTour: false }, { key: 'scorecard-tips', hasTour: true }]);
    // A course lists its published pages in its own order; a missing one is left out.
    const course = page({ km: 'វគ្គ', en: 'Course' }, { 'x-type': 'course', modules: ['scorecard-tips', 'no-such-page', 'fill'] });
    await t.gql(SAVE, { k: 'module-1', s: course }, trainer);
    await t.gql(PUBLISH, { k: 'module-1' }, trainer);
    expect((await t.gql(PAGE, { k: 'module-1' }, null)).data.helpPage.modules).toEqual([{ key: 'scorecard-tips' }, { key: 'fill' }]);
    // A trainer edits help, not forms.
    const form = (await t.gql('{ definition(key: "jaap") { schema } }')).data.definition.schema;
    expect(codeOf(await t.gql(SAVE, { k: 'jaap', s: form }, trainer))).toBe('FORBIDDEN');
    // The next version starts as a draft; the published one stays what readers see.
    await t.gql(SAVE, { k: 'scorecard-tips', s: page({ km: 'ថ្មី', en: 'New text' }) }, trainer);
    expect((await t.gql(PAGE, { k: 'scorecard-tips' }, null)).data.helpPage.en.html).toContain('filling');
    const audit = await t.services.db.selectFrom('audit_event').select(['action', 'actor_name']).where('entity_id', 'like', 'scorecard-tips@%').orderBy('at').execute();
    expect(audit).toEqual([
      { action: 'definition.save_draft', actor_name: 'trainer1' },
      { action: 'definition.publish', actor_name: 'trainer1' },
      { action: 'definition.save_draft', actor_name: 'trainer1' },
    ]);
  });

  it('refuses stored-XSS payloads with their path, and renders what is stored inert', async () => {
    const cases: Array<[{ km: string; en: string }, string, string]> = [
      [{ km: 'x', en: '<script>alert(1)</script>' }, 'UNSAFE_DEFINITION', 'body.en'],
      [{ km: '<img src=x onerror=alert(1)>', en: 'x' }, 'UNSAFE_DEFINITION', 'body.km'],
      [{ km: 'x', en: '[x](javascript:alert(1))' }, 'INVALID_DEFINITION', 'body.en'],
      [{ km: '![x](https://evil.example/x.png)', en: 'x' }, 'INVALID_DEFINITION', 'body.km'],
    ];
    for (const [body, code, path] of cases) {
      const r = await t.gql(SAVE, { k: 'evil', s: page(body) });
      expect(codeOf(r), JSON.stringify(body)).toBe(code);
      expect(r.errors?.[0]?.extensions.errors?.map((e) => e.path)).toContain(path);
    }
    const titled = await t.gql(SAVE, { k: 'evil', s: { ...page({ km: 'x', en: 'y' }), 'x-title': { km: '{{constructor}}', en: 'T' } } });
    expect(codeOf(titled)).toBe('UNSAFE_DEFINITION');
    expect((await t.gql('{ helpPages { key } }', {}, null)).data.helpPages.map((p: { key: string }) => p.key)).not.toContain('evil');
  });

  it('finds a Khmer word inside unspaced Khmer text, and English words, with an excerpt', async () => {
    const khmer = await t.gql(SEARCH, { q: 'ភូមិសាស្ត្រ', l: 'km' }, null);
    expect(khmer.errors).toBeUndefined();
    const keys = khmer.data.helpSearch.map((h: { page: { key: string } }) => h.page.key);
    expect(keys).toContain('admin-geography');
    expect(khmer.data.helpSearch.find((h: { page: { key: string } }) => h.page.key === 'admin-geography').excerpt).toContain('ភូមិសាស្ត្រ');
    // A zero-width space between the syllables (some keyboards insert them) does not hide the word.
    expect((await t.gql(SEARCH, { q: 'ភូមិ\u200bសាស្ត្រ', l: 'km' }, null)).data.helpSearch.map((h: { page: { key: string } }) => h.page.key)).toContain('admin-geography');
    const english = await t.gql(SEARCH, { q: 'GEOGRAPHY', l: 'en' }, null);
    expect(english.data.helpSearch[0].page.key).toBe('admin-geography'); // title matches first
    expect((await t.gql(SEARCH, { q: 'zzqx-nothing', l: 'en' }, null)).data.helpSearch).toEqual([]);
    const long = await t.gql(SEARCH, { q: 'x'.repeat(101), l: 'en' }, null);
    expect(codeOf(long)).toBe('BAD_INPUT');
    expect(long.errors?.[0]?.extensions.errors?.[0]?.path).toBe('q');
  });

  it('stores images once and serves them; refuses the wrong callers and files before reading them', async () => {
    const trainer = await userWith(t, 'trainer2', 'trainer', '');
    const viewer = await userWith(t, 'viewer2', 'viewer', '');
    const post = (payload: Buffer, type: string, token: string | null) =>
      t.app.inject({ method: 'POST', url: '/api/help/images', headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) }, payload });
    expect((await post(PNG, 'image/png', null)).statusCode).toBe(401);
    expect((await post(PNG, 'image/png', viewer)).statusCode).toBe(403);
    const svg = await post(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'image/svg+xml', trainer);
    expect(svg.statusCode).toBe(415);
    const lying = await post(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'image/png', trainer);
    expect(lying.statusCode).toBe(415);
    expect(lying.json().errors[0].path).toBe('file');
    const big = await t.app.inject({ method: 'POST', url: '/api/help/images', headers: { 'content-type': 'image/png', 'content-length': String(3 * 1024 * 1024), authorization: `Bearer ${trainer}` }, payload: PNG });
    expect(big.statusCode).toBe(413);
    const first = await post(PNG, 'image/png', trainer);
    expect(first.statusCode).toBe(201);
    const stored = first.json() as { sha256: string; ref: string; mime: string; size: number };
    expect(stored).toMatchObject({ ref: `image:${stored.sha256}`, mime: 'image/png', size: PNG.length });
    expect((await post(PNG, 'image/png', trainer)).json().sha256).toBe(stored.sha256);
    const rows = await t.services.db.selectFrom('help_image').select(['sha256', 'size']).execute();
    expect(rows).toEqual([{ sha256: stored.sha256, size: PNG.length }]);
    const got = await t.app.inject({ method: 'GET', url: `/help-images/${stored.sha256}` });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(got.rawPayload, PNG)).toBe(0);
    expect((await t.app.inject({ method: 'GET', url: `/help-images/${stored.sha256}`, headers: { 'if-none-match': `"${stored.sha256}"` } })).statusCode).toBe(304);
    expect((await t.app.inject({ method: 'GET', url: `/help-images/${'0'.repeat(64)}` })).statusCode).toBe(404);
    // The page that shows it.
    const saved = await t.gql(SAVE, { k: 'with-image', s: page({ km: `![ផែនទី](${stored.ref})`, en: `![Map](${stored.ref})` }) }, trainer);
    expect(saved.errors).toBeUndefined();
  });
});
