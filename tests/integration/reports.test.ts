// Reports a ministry signs (issue 15.6), on every engine, through HTTP: the report's figures equal
// the dashboard's GraphQL answers for the same month and area; the national header, Khmer period and
// digits; the narrative written per month and area (area-limited in SQL); report templates as
// definitions (unsafe handlebars refused with its code and path, a province's own template chosen for
// its reports, drafts previewed by editors only); logos sniffed and capped.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { formatNumber, khmerDigits } from '../../server/reports/report-format';
import { shippedReports } from '../../definitions/reports/index';
import { userWith } from './geo-helpers';
import { submitIndicatorDataset } from './indicator-helpers';

const engines = await testEngines();
afterAll(closeSharedPglite);

/** The dashboard's query (web/lib/indicators/queries.ts fetchManyValues: one alias per indicator). */
const DASHBOARD = 'query($k: String!, $g: [String!], $p: String, $s: String) { v0: indicatorValues(key: $k, groupBy: $g, period: $p, scope: $s) { dimensions value } }';
const SAVE = 'mutation($k: String!, $s: JSON!) { saveDraft(key: $k, schema: $s) { key version status kind } }';
const PUBLISH = 'mutation($k: String!) { publish(key: $k) { version status } }';
const NARRATIVE = 'mutation($m: String!, $a: String!, $km: String!, $en: String!) { saveReportNarrative(month: $m, area: $a, km: $km, en: $en) { area km html { km en } updatedBy } }';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082', 'hex');

const MONTH = '2026-05';
const shipped = shippedReports[0]!.schema as { template: string } & Record<string, unknown>;
const codeOf = (r: { errors?: Array<{ extensions: { code: string } }> }) => r.errors?.[0]?.extensions.code ?? 'OK';

interface Figures {
  month: string;
  year: string;
  forms: Array<{ key: string; month: number; year: number }>;
  indicators: Array<{ key: string; value: number | null; monthValue: number | null; places: Array<{ code: string; value: number | null }> }>;
}

describe.each(engines)('monthly report on %s', (engine) => {
  let t: TestApp;
  const get = (url: string, token: string | null = t.token) => t.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

  beforeEach(async () => {
    t = await createTestApp(engine);
    await submitIndicatorDataset(t);
  });
  afterEach(async () => t.close());

  it("prints the dashboard's figures for the same month and area, in English and in Khmer digits", async () => {
    for (const scope of ['', '06', '12']) {
      const res = await get(`/reports/progress.json?month=${MONTH}&scope=${scope}`);
      expect(res.statusCode).toBe(200);
      const figures = res.json() as Figures;
      expect(figures.indicators.length).toBeGreaterThanOrEqual(6);
      const en = (await get(`/reports/progress?month=${MONTH}&lang=en&scope=${scope}`)).body;
      const km = (await get(`/reports/progress?month=${MONTH}&lang=km&scope=${scope}`)).body;
      const defs = (await t.gql('{ indicators { key decimals } }')).data.indicators as Array<{ key: string; decimals: number }>;
      for (const f of figures.indicators) {
        // The dashboard card: grouped by year, this year's row.
        const byYear = (await t.gql(DASHBOARD, { k: f.key, g: ['year'], p: null, s: scope || null })).data.v0 as Array<{ dimensions: { year?: string }; value: number | null }>;
        expect(f.value, `${f.key} ${scope}`).toBe(byYear.find((v) => v.dimensions.year === '2026')?.value ?? null);
        // The indicator page's month.
        const ofMonth = (await t.gql(DASHBOARD, { k: f.key, g: [], p: MONTH, s: scope || null })).data.v0 as Array<{ value: number | null }>;
        expect(f.monthValue, `${f.key} ${scope} month`).toBe(ofMonth[0]?.value ?? null);
        const decimals = defs.find((d) => d.key === f.key)!.decimals;
        const row = (html: string) => new RegExp(`<tr data-indicator="${f.key}">(.*?)</tr>`).exec(html)?.[1] ?? '';
        expect(row(en)).toContain(`>${formatNumber(f.monthValue, 'en', decimals)}<`);
        expect(row(en)).toContain(`>${formatNumber(f.value, 'en', decimals)}`);
        expect(row(km)).toContain(`>${formatNumber(f.value, 'km', decimals)}`);
      }
      if (scope === '') {
        const jaap = figures.indicators.find((i) => i.key === 'jaap-actions-progress')!;
        expect(jaap.value).toBe(80);
        expect(en).toContain('>80 %<');
        expect(km).toContain(`>${khmerDigits('80')} %<`);
      }
    }
    const km = (await get(`/reports/progress?month=${MONTH}&lang=km`)).body;
    // The national header, the period in Khmer words and digits, the organisation lines, the logo.
    expect(km).toContain('ព្រះរាជាណាចក្រកម្ពុជា');
    expect(km).toContain('ជាតិ សាសនា ព្រះមហាក្សត្រ');
    expect(km).toContain('ខែឧសភា ឆ្នាំ២០២៦');
    expect(km).toContain('ក្រសួងមហាផ្ទៃ');
    expect(km).toContain('src="/reports/assets/logo.svg"');
    expect(km).toContain('href="/reports/assets/pages-km.css"');
    expect(km).toContain('class="toc"');
    expect(km).toContain('រៀបចំដោយ');
    expect(km).not.toMatch(/>[^<]*2026[^<]*</);
    const en = (await get(`/reports/progress?month=${MONTH}&lang=en`)).body;
    expect(en).toContain('Kingdom of Cambodia');
    expect(en).toContain('Nation Religion King');
    expect(en).toContain('May 2026');
    expect((await get('/reports/assets/pages-km.css', null)).body).toContain('counter(page, khmer)');
    expect((await get('/reports/assets/pages-en.css', null)).body).toContain('counter(pages, decimal)');
    expect((await get('/reports/assets/logo.svg', null)).headers['content-type']).toContain('image/svg+xml');
  });

  it('keeps the narrative of each month and area, written only inside the writer’s area', async () => {
    const kt = await userWith(t, 'po.kt', 'provincial_officer', '06');
    const viewer = await userWith(t, 'viewer.kt', 'viewer', '06');
    const saved = await t.gql(NARRATIVE, { m: MONTH, a: '06', km: '## ចំណុចសំខាន់\n\nឃុំ **៣** បានបញ្ចប់វដ្ត។ <script>alert(1)</script>', en: 'Three communes **finished** the cycle.' }, kt);
    expect(saved.errors).toBeUndefined();
    expect(saved.data.saveReportNarrative).toMatchObject({ area: '06', updatedBy: 'po.kt' });
    expect(saved.data.saveReportNarrative.html.km).not.toContain('<script');
    expect(saved.data.saveReportNarrative.html.en).toContain('<strong>finished</strong>');
    // Outside the province, the country, and without report.write: refused, nothing written.
    expect(codeOf(await t.gql(NARRATIVE, { m: MONTH, a: '12', km: 'x', en: 'x' }, kt))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(NARRATIVE, { m: MONTH, a: '', km: 'x', en: 'x' }, kt))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(NARRATIVE, { m: MONTH, a: '06', km: 'x', en: 'x' }, viewer))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(NARRATIVE, { m: '2026-13', a: '06', km: 'x', en: 'x' }, kt))).toBe('BAD_INPUT');
    expect(codeOf(await t.gql(NARRATIVE, { m: MONTH, a: '06', km: '[x](javascript:alert(1))', en: '' }, kt))).toBe('BAD_INPUT');
    expect((await t.services.db.selectFrom('report_narrative').select('geo_code').execute()).map((r) => r.geo_code)).toEqual(['06']);
    // Read back by the area's readers; an area's reader elsewhere sees none.
    const read = 'query($m: String!, $a: String!) { reportNarrative(month: $m, area: $a) { km updatedBy } }';
    expect((await t.gql(read, { m: MONTH, a: '06' }, viewer)).data.reportNarrative.updatedBy).toBe('po.kt');
    const other = await userWith(t, 'viewer.btb', 'viewer', '02');
    expect((await t.gql(read, { m: MONTH, a: '06' }, other)).data.reportNarrative).toMatchObject({ km: '', updatedBy: null });
    // In the province's report, in its language; not in another month's or the country's.
    expect((await get(`/reports/progress?month=${MONTH}&lang=en&scope=06`, viewer)).body).toContain('Three communes <strong>finished</strong> the cycle.');
    const kmReport = (await get(`/reports/progress?month=${MONTH}&lang=km&scope=06`, kt)).body;
    expect(kmReport).toContain('<h2 id="ចំណុចសំខាន់">ចំណុចសំខាន់</h2>');
    expect(kmReport).toContain('&lt;script&gt;');
    expect((await get(`/reports/progress?month=2026-04&lang=en&scope=06`, viewer)).body).toContain('No summary has been written for this month yet.');
    expect((await get(`/reports/progress?month=${MONTH}&lang=en`)).body).not.toContain('Three communes');
  });

  it('refuses unsafe templates with their code and path, and uses a province’s own template for its reports', async () => {
    const template = (body: string, extra: Record<string, unknown> = {}) => ({ ...shipped, template: body, ...extra });
    const refused = async (body: string) => {
      const res = await t.gql(SAVE, { k: 'progress', s: template(body) });
      return { code: codeOf(res), path: res.errors?.[0]?.extensions.errors?.[0]?.path, keyword: res.errors?.[0]?.extensions.errors?.[0]?.keyword };
    };
    expect(await refused('<p>{{{areaName}}}</p>')).toEqual({ code: 'REPORT_TEMPLATE_UNSAFE', path: 'template', keyword: 'triple-stash' });
    expect(await refused('<p>{{& areaName}}</p>')).toEqual({ code: 'REPORT_TEMPLATE_UNSAFE', path: 'template', keyword: 'triple-stash' });
    expect(await refused('{{> header}}')).toEqual({ code: 'REPORT_TEMPLATE_UNSAFE', path: 'template', keyword: 'partial' });
    expect(await refused('{{#> layout}}x{{/layout}}')).toEqual({ code: 'REPORT_TEMPLATE_UNSAFE', path: 'template', keyword: 'partial' });
    expect(await refused('{{log "x"}}')).toEqual({ code: 'REPORT_TEMPLATE_UNSAFE', path: 'template', keyword: 'unknown-helper' });
    expect(await refused('{{lookup t "title"}}')).toEqual({ code: 'REPORT_TEMPLATE_UNSAFE', path: 'template', keyword: 'unknown-helper' });
    expect(await refused('{{#each (helperMissing)}}{{/each}}')).toEqual({ code: 'REPORT_TEMPLATE_UNSAFE', path: 'template', keyword: 'unknown-helper' });
    expect(await refused('{{#custom}}x{{/custom}}')).toEqual({ code: 'REPORT_TEMPLATE_UNSAFE', path: 'template', keyword: 'unknown-helper' });
    expect(await refused('{{*inline "x"}}')).toEqual({ code: 'REPORT_TEMPLATE_UNSAFE', path: 'template', keyword: 'decorator' });
    expect(await refused('<img src=x onerror="alert(1)">')).toEqual({ code: 'REPORT_TEMPLATE_UNSAFE', path: 'template', keyword: 'html' });
    expect(await refused('{{#each forms}}<p>{{title}}</p>')).toMatchObject({ code: 'REPORT_TEMPLATE_INVALID', path: 'template', keyword: 'syntax' });
    expect(codeOf(await t.gql(SAVE, { k: 'progress', s: template('<p>x</p>', { area: 'Kampong Thom' }) }))).toBe('INVALID_DEFINITION');
    // A province's template: used for its reports (and its districts'), not for another's.
    const kt = template('<h1 class="kt">{{title}} · {{areaName}}</h1><p>{{number 1234.5 1}} · {{month month}} · {{digits year}}</p><a href="https://example.org">x</a><img src="https://example.org/x.png">', { area: '06', 'x-title': { km: 'របាយការណ៍ខេត្តកំពង់ធំ', en: 'Kampong Thom report' } });
    expect((await t.gql(SAVE, { k: 'progress-kt', s: kt })).data.saveDraft).toMatchObject({ kind: 'report', version: 1, status: 'DRAFT' });
    const viewer = await userWith(t, 'viewer.kt', 'viewer', '06');
    // The draft: previewed by editors only; reports keep the published templates meanwhile.
    const preview = (await get(`/reports/progress?month=${MONTH}&lang=km&scope=06&template=progress-kt`)).body;
    expect(preview).toContain('data-template="progress-kt@1"');
    expect(preview).toContain('class="draft"');
    expect((await get(`/reports/progress?month=${MONTH}&lang=km&scope=06&template=progress-kt`, viewer)).statusCode).toBe(403);
    expect((await get(`/reports/progress?month=${MONTH}&lang=km&scope=06`, viewer)).body).toContain('data-template="progress@1"');
    expect((await t.gql(PUBLISH, { k: 'progress-kt' })).data.publish).toEqual({ version: 1, status: 'PUBLISHED' });
    const km = (await get(`/reports/progress?month=${MONTH}&lang=km&scope=06`, viewer)).body;
    expect(km).toContain('data-template="progress-kt@1"');
    expect(km).toContain('<p>១.២៣៤,៥ · ខែឧសភា ឆ្នាំ២០២៦ · ២០២៦</p>');
    // Outside links and images are dropped by the renderer's allowlist.
    expect(km).not.toContain('example.org');
    expect((await get(`/reports/progress?month=${MONTH}&lang=en&scope=0601`, viewer)).body).toContain('data-template="progress-kt@1"');
    expect((await get(`/reports/progress?month=${MONTH}&lang=en&scope=12`)).body).toContain('data-template="progress@1"');
    expect((await get(`/reports/progress?month=${MONTH}&lang=en`)).body).toContain('data-template="progress@1"');
    // Templates are listed like other definitions.
    const list = (await t.gql('{ definitions(kind: "report") { key status } }')).data.definitions;
    expect(list).toEqual([{ key: 'progress', status: 'PUBLISHED' }, { key: 'progress-kt', status: 'PUBLISHED' }]);
  });

  it('stores an uploaded logo by its bytes, for definition editors only, and prints it', async () => {
    const upload = (body: Buffer, type: string, token: string | null = t.token) => t.app.inject({ method: 'POST', url: '/api/reports/logo', payload: body, headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
    const po = await userWith(t, 'po.kt', 'provincial_officer', '06');
    expect((await upload(PNG, 'image/png', po)).statusCode).toBe(403);
    expect((await upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/png')).statusCode).toBe(415);
    expect((await upload(Buffer.alloc(600 * 1024, 1), 'image/png')).statusCode).toBe(413);
    const res = await upload(PNG, 'image/png');
    expect(res.statusCode).toBe(201);
    const { ref, sha256 } = res.json() as { ref: string; sha256: string };
    expect(ref).toBe(`image:${sha256}`);
    await t.gql(SAVE, { k: 'progress', s: { ...shipped, logo: ref } });
    await t.gql(PUBLISH, { k: 'progress' });
    expect((await get(`/reports/progress?month=${MONTH}&lang=km`)).body).toContain(`src="/help-images/${sha256}"`);
    expect((await get(`/help-images/${sha256}`, null)).headers['content-type']).toBe('image/png');
  });
});
