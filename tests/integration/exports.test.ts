// Data table filters and CSV/XLSX exports across form versions, on every engine.
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { simpleForm, validAnswer } from '../fixtures/simple-form';
import { importSmallGeo } from './geo-helpers';
import { zipFiles } from '../../server/core/uploads/zip-order';

const engines = await testEngines();
afterAll(closeSharedPglite);

describe.each(engines)('data and exports on %s', (engine) => {
  let t: TestApp;
  const submit = (version: number, data: unknown, id: string = randomUUID()) =>
    t.gql('mutation($i: SubmitInput!) { submit(input: $i) { id } }', { i: { id, definitionKey: 'test-form', definitionVersion: version, data } });
  const exportFile = (query: string) => t.app.inject({ method: 'GET', url: `/export/${query}`, headers: { authorization: `Bearer ${t.token}` } });

  beforeEach(async () => {
    t = await createTestApp(engine);
    await t.gql('mutation($s: JSON!) { saveDraft(key: "test-form", schema: $s) { version } }', { s: simpleForm });
    await t.gql('mutation { publish(key: "test-form") { version } }');
    const v2 = structuredClone(simpleForm) as any;
    v2.properties.phone = { type: 'string', 'x-widget': 'text', 'x-label': { km: 'ទូរស័ព្ទ', en: 'Phone' } };
    delete v2.properties.has_issue;
    delete v2.properties.issue;
    v2['x-order'] = ['commune', 'date', 'name', 'phone', 'score', 'items'];
    v2.required = ['commune', 'date', 'name', 'score'];
    await t.gql('mutation($s: JSON!) { saveDraft(key: "test-form", schema: $s) { version } }', { s: v2 });
    await t.gql('mutation { publish(key: "test-form") { version } }');
    const first = await submit(1, { ...validAnswer, name: '=HYPERLINK("x")', has_issue: true, issue: 'ទឹកមិនស្អាត, "dirty"' });
    expect(first.errors).toBeUndefined();
    const { has_issue: _dropped, ...v2Answer } = validAnswer;
    const second = await submit(2, { ...v2Answer, commune: '060101', date: '2026-06-01', phone: '012345678', items: [{ label: 'a', count: 1 }, { label: 'b', count: 2 }] });
    expect(second.errors).toBeUndefined();
  });
  afterEach(async () => t.close());

  it('filters the data table by version, geography and date', async () => {
    const Q = 'query($f: SubmissionFilter) { submissions(definitionKey: "test-form", filter: $f) { totalCount edges { node { definitionVersion geoCode period } } } }';
    expect((await t.gql(Q, {})).data.submissions.totalCount).toBe(2);
    expect((await t.gql(Q, { f: { version: 2 } })).data.submissions.edges.map((e: any) => e.node.definitionVersion)).toEqual([2]);
    expect((await t.gql(Q, { f: { geo: '06' } })).data.submissions.edges.map((e: any) => e.node.geoCode)).toEqual(['060101']);
    expect((await t.gql(Q, { f: { from: '2026-04-01' } })).data.submissions.edges.map((e: any) => e.node.period)).toEqual(['2026-06-01']);
    expect((await t.gql(Q, { f: { to: '2026-04-01' } })).data.submissions.totalCount).toBe(1);
    expect((await t.gql(Q, { f: { geo: 'x1' } })).errors?.[0]?.extensions.errors?.[0]?.path).toBe('filter.geo');
  });

  it('exports CSV with every column of every version, empty where a version lacks it', async () => {
    const res = await exportFile('test-form.csv?headers=keys');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="test-form-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('_id,_version,_geo_code,_period,_review_state,_submitted_at,commune,commune_name,date,name,phone,score,has_issue,issue,items');
    expect(lines).toHaveLength(3);
    const [v1, v2] = [lines[1]!, lines[2]!];
    expect(v1).toContain(`'=HYPERLINK(""x"")`); // formula injection neutralised, quotes escaped
    expect(v1).toContain('"ទឹកមិនស្អាត, ""dirty"""');
    expect(v1.split(',')[10]).toBe(''); // no phone in v1
    expect(v2).toContain('012345678');
    const labels = await exportFile('test-form.csv?lang=en&version=2');
    expect(labels.body.split('\r\n')[0]).toContain('Phone');
    const km = await exportFile('test-form.csv');
    expect(km.body.split('\r\n')[0]).toContain('ទូរស័ព្ទ');
    expect(km.body.split('\r\n').filter(Boolean)).toHaveLength(3);
  });

  it('exports XLSX with a sheet per repeat group linked by submission id', async () => {
    const res = await exportFile('test-form.xlsx?lang=en&headers=keys');
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Data', 'Items']);
    const data = book.getWorksheet('Data')!;
    expect(data.rowCount).toBe(3);
    expect(data.getRow(1).values).toContain('phone');
    const items = book.getWorksheet('Items')!;
    expect(items.rowCount).toBe(1 + 1 + 2);
    expect(items.getRow(1).values).toEqual([undefined, '_id', '_index', 'label', 'count']);
  });

  it('exports for analysis: place names beside codes, answers and review states as words, unique headers', async () => {
    await importSmallGeo(t);
    const res = await exportFile('test-form.csv?lang=en&values=labels');
    const [header, first] = res.body.replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
    expect(header!.slice(0, 12)).toEqual(['ID', 'Version', 'Geography code', 'Date (_period)', 'Review state', 'Submitted at', 'Commune', 'Commune (name)', 'Date (date)', 'Name', 'Phone', 'Score']);
    expect(new Set(header).size).toBe(header!.length);
    const at = (name: string) => first![header!.indexOf(name)];
    expect([at('Review state'), at('Commune'), at('Score')]).toEqual(['Received', '010201', '4']); // a faces score stays a number (medians)
    expect(at('Commune (name)')).not.toBe('');
    const km = await exportFile('test-form.csv?lang=km&values=labels');
    expect(km.body).toContain('បានទទួល');
    const codes = await exportFile('test-form.csv?lang=en');
    const [, row] = codes.body.replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
    expect(row!.slice(4, 5)).toEqual(['received']);
  });

  it('exports a zip of CSV files: the records, and one file per repeat group linked by _id', async () => {
    const res = await exportFile('test-form.zip?headers=keys');
    expect([res.statusCode, res.headers['content-type']]).toEqual([200, 'application/zip']);
    const files = new Map((await zipFiles(res.rawPayload, 10_000_000)).map((f) => [f.name, f.data.toString('utf8')]));
    expect([...files.keys()]).toEqual(['test-form.csv', 'test-form-items.csv']);
    const main = files.get('test-form.csv')!.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(main[0]).toBe('_id,_version,_geo_code,_period,_review_state,_submitted_at,commune,commune_name,date,name,phone,score,has_issue,issue');
    expect(main).toHaveLength(3);
    const items = files.get('test-form-items.csv')!.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(items[0]).toBe('_id,_index,label,count');
    expect(items.slice(1).map((l) => l.split(',').slice(1).join(','))).toEqual(['1,a,2', '1,a,1', '2,b,2']);
    const ids = new Set(main.slice(1).map((l) => l.split(',')[0]));
    for (const line of items.slice(1)) expect(ids.has(line.split(',')[0])).toBe(true);
  });

  it('refuses anonymous and unknown exports with their codes', async () => {
    const anon = await t.app.inject({ method: 'GET', url: '/export/test-form.csv' });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().code).toBe('UNAUTHENTICATED');
    expect((await exportFile('nope.csv')).statusCode).toBe(404);
    expect((await exportFile('test-form.pdf')).statusCode).toBe(404);
    expect((await exportFile('test-form.csv?from=yesterday')).json().code).toBe('BAD_INPUT');
  });
});
