// The OData v4 feed (issue 14.5) over real HTTP on every engine: the service document and `$metadata`
// (parsed by SAP's EDMX parser and checked against CSDL's rules), records and repeat items with their
// declared types, server-driven paging to the last row, $top/$skip/$select/$filter/$count, OData's
// error shape, Basic credentials with an API token (as Excel and Power BI send them), and area limits:
// a province's token sees its province only, on every entity set. Read through @odata/client too.
import { randomUUID } from 'node:crypto';
import { OData } from '@odata/client';
import { parse as parseEdmx } from '@sap-ux/edmx-parser';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { simpleForm, validAnswer } from '../fixtures/simple-form';
import { importSmallGeo, userWith } from './geo-helpers';
import { checkCsdl } from './odata-csdl-rules';

const engines = await testEngines();
afterAll(closeSharedPglite);

interface ParsedSchema {
  namespace: string;
  entityTypes: Array<{ name: string; keys: Array<{ name: string }>; entityProperties: Array<{ name: string; type: string }> }>;
  entitySets: Array<{ name: string }>;
}

const CREATE = 'mutation($i: ApiTokenInput!) { createApiToken(input: $i) { token } }';

describe.each(engines)('OData feed on %s', (engine) => {
  let t: TestApp;
  let base: string;
  let token: string;
  const ids: string[] = [];

  const submit = async (data: unknown) => {
    const id = randomUUID();
    const res = await t.gql('mutation($i: SubmitInput!) { submit(input: $i) { id } }', { i: { id, definitionKey: 'test-form', definitionVersion: 1, data } });
    expect(res.errors).toBeUndefined();
    ids.push(id);
    return id;
  };
  const basic = (secret: string) => `Basic ${Buffer.from(`powerbi:${secret}`).toString('base64')}`;
  const get = (path: string, auth: string | null = basic(token), headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers: { ...(auth ? { authorization: auth } : {}), ...headers } });
  const json = async (path: string, auth?: string | null, headers?: Record<string, string>) => {
    const res = await get(path, auth, headers);
    return { status: res.status, headers: res.headers, body: (await res.json()) as any };
  };

  beforeEach(async () => {
    ids.length = 0;
    t = await createTestApp(engine);
    await importSmallGeo(t);
    await t.gql('mutation($s: JSON!) { saveDraft(key: "test-form", schema: $s) { version } }', { s: simpleForm });
    await t.gql('mutation { publish(key: "test-form") { version } }');
    await submit({ ...validAnswer, name: 'Sok', score: 4, date: '2026-03-14', items: [{ label: 'a', count: 2 }, { label: 'b', count: 5 }] });
    await submit({ ...validAnswer, name: 'Dara', score: 2, date: '2026-05-02', items: [] });
    await submit({ ...validAnswer, name: "O'Neil", score: 5, date: '2026-06-20', has_issue: true, issue: 'ទឹក', items: [{ label: 'c', count: 1 }] });
    await submit({ ...validAnswer, commune: '020101', name: 'Other province', score: 3, items: [{ label: 'z', count: 9 }] });
    token = (await t.gql(CREATE, { i: { name: 'Power BI', scope: 'read', expiresInDays: 30 } })).data.createApiToken.token;
    base = (await t.app.listen({ port: 0, host: '127.0.0.1' })).replace(/\/$/, '');
  });
  afterEach(async () => t.close());

  it('answers the service document and a $metadata that follows the CSDL rules', async () => {
    const doc = await json('/odata/test-form.svc');
    expect(doc.status).toBe(200);
    expect(doc.headers.get('odata-version')).toBe('4.0');
    expect(doc.body['@odata.context']).toBe(`${base}/odata/test-form.svc/$metadata`);
    expect(doc.body.value).toEqual([
      { name: 'Submissions', kind: 'EntitySet', url: 'Submissions' },
      { name: 'Submissions_items', kind: 'EntitySet', url: 'Submissions_items' },
    ]);
    const res = await get('/odata/test-form.svc/$metadata');
    expect(res.headers.get('content-type')).toContain('application/xml');
    const xml = await res.text();
    expect(checkCsdl(xml)).toEqual([]);
    const schema = parseEdmx(xml).schema as unknown as ParsedSchema;
    expect(schema.namespace).toBe('SAStudio.test_form');
    const submission = schema.entityTypes.find((e) => e.name === 'Submission')!;
    expect(submission.keys.map((k) => k.name)).toEqual(['__id']);
    const typeOf = (name: string) => submission.entityProperties.find((p) => p.name === name)?.type;
    expect([typeOf('__submitted_at'), typeOf('__period'), typeOf('score'), typeOf('has_issue'), typeOf('date'), typeOf('commune'), typeOf('commune_name')]).toEqual(['Edm.DateTimeOffset', 'Edm.Date', 'Edm.Int64', 'Edm.Boolean', 'Edm.Date', 'Edm.String', 'Edm.String']);
    expect(schema.entitySets.map((s) => s.name)).toEqual(['Submissions', 'Submissions_items']);
    expect(xml).toContain('String="ពិន្ទុ / Score"'); // labels as descriptions, Khmer and English
  });

  it('serves records with their declared types, place names, and repeat items linked by __Submissions_id', async () => {
    const page = await json('/odata/test-form.svc/Submissions?lang=en');
    expect(page.status).toBe(200);
    expect(page.body['@odata.context']).toBe(`${base}/odata/test-form.svc/$metadata#Submissions`);
    expect(page.body.value.map((r: any) => r.name)).toEqual(['Sok', 'Dara', "O'Neil", 'Other province']);
    const first = page.body.value[0];
    expect(first).toMatchObject({ __id: ids[0], __version: 1, __geo_code: '010201', __period: '2026-03-14', __review_state: 'received', commune: '010201', commune_name: 'Banteay Neang', score: 4, has_issue: false, date: '2026-03-14', issue: null });
    expect(new Date(first.__submitted_at).getTime()).not.toBeNaN();
    expect(page.body['@odata.nextLink']).toBeUndefined();
    const items = await json('/odata/test-form.svc/Submissions_items');
    expect(items.body.value).toEqual([
      { __id: `${ids[0]}/1`, __Submissions_id: ids[0], __index: 1, label: 'a', count: 2 },
      { __id: `${ids[0]}/2`, __Submissions_id: ids[0], __index: 2, label: 'b', count: 5 },
      { __id: `${ids[2]}/1`, __Submissions_id: ids[2], __index: 1, label: 'c', count: 1 },
      { __id: `${ids[3]}/1`, __Submissions_id: ids[3], __index: 1, label: 'z', count: 9 },
    ]);
  });

  it('pages on the server to the last row, keeping $filter and $select, and honours $top across pages', async () => {
    const seen: string[] = [];
    let next: string | undefined = '/odata/test-form.svc/Submissions?$select=name&$filter=score ge 2';
    let pages = 0;
    while (next) {
      const page: { status: number; body: any; headers: Headers } = await json(next.replace(base, ''), undefined, { prefer: 'odata.maxpagesize=3' });
      expect(page.status).toBe(200);
      expect(page.headers.get('preference-applied')).toBe('odata.maxpagesize=3');
      expect(page.body['@odata.context']).toContain('#Submissions(name)');
      seen.push(...page.body.value.map((r: any) => r.name));
      expect(Object.keys(page.body.value[0] ?? { name: 1 })).toEqual(['name']);
      next = page.body['@odata.nextLink'];
      pages += 1;
      expect(pages).toBeLessThan(5);
    }
    expect(seen).toEqual(['Sok', 'Dara', "O'Neil", 'Other province']);
    expect(pages).toBe(2);
    // $top=3 with pages of 2: two pages, three rows, the second link asks for the one left.
    const one = await json('/odata/test-form.svc/Submissions_items?$top=3', undefined, { prefer: 'odata.maxpagesize=2' });
    expect(one.body.value).toHaveLength(2);
    expect(one.body['@odata.nextLink']).toMatch(/\$top=1/);
    const two = await json(one.body['@odata.nextLink'].replace(base, ''), undefined, { prefer: 'odata.maxpagesize=2' });
    expect(two.body.value.map((r: any) => r.label)).toEqual(['c']);
    expect(two.body['@odata.nextLink']).toBeUndefined();
  });

  it('filters, counts, skips and selects', async () => {
    const names = async (query: string) => (await json(`/odata/test-form.svc/Submissions?${query}`)).body.value.map((r: any) => r.name);
    expect(await names('$filter=score gt 3')).toEqual(['Sok', "O'Neil"]);
    expect(await names("$filter=__period ge 2026-05-01 and __period le 2026-05-31")).toEqual(['Dara']);
    expect(await names("$filter=contains(name,'o') or name eq 'O''Neil'")).toEqual(['Sok', "O'Neil", 'Other province']);
    expect(await names("$filter=not (has_issue eq true)")).toEqual(['Sok', 'Dara', 'Other province']);
    expect(await names('$filter=issue ne null')).toEqual(["O'Neil"]);
    expect(await names(`$filter=__id eq '${ids[1]}'`)).toEqual(['Dara']);
    expect(await names("$filter=startswith(__geo_code,'02')")).toEqual(['Other province']);
    expect(await names('$filter=__submitted_at lt 2999-01-01T00:00:00Z&$skip=1&$top=2')).toEqual(['Dara', "O'Neil"]);
    const counted = await json('/odata/test-form.svc/Submissions?$count=true&$top=1&$filter=score le 4');
    expect(counted.body['@odata.count']).toBe(3);
    expect(counted.body.value).toHaveLength(1);
    expect(await (await get('/odata/test-form.svc/Submissions_items/$count?$filter=count gt 1')).text()).toBe('3');
    expect((await json('/odata/test-form.svc/Submissions_items?$filter=__index eq 2')).body.value.map((r: any) => r.label)).toEqual(['b']);
  });

  it('refuses what it does not offer with OData errors naming the option', async () => {
    const cases: Array<[string, number, string, string]> = [
      ['$filter=score gt', 400, 'ODATA_BAD_FILTER', '$filter'],
      ['$filter=nope eq 1', 400, 'ODATA_BAD_FILTER', '$filter'],
      ["$filter=score eq 'high'", 400, 'ODATA_BAD_FILTER', '$filter'],
      ['$filter=__period eq 2026-02-31', 400, 'ODATA_BAD_FILTER', '$filter'],
      ['$filter=length(name) gt 2', 501, 'ODATA_NOT_IMPLEMENTED', '$filter'],
      ['$orderby=name', 501, 'ODATA_NOT_IMPLEMENTED', '$orderby'],
      ['$expand=items', 501, 'ODATA_NOT_IMPLEMENTED', '$expand'],
      ['$top=-1', 400, 'ODATA_BAD_OPTION', '$top'],
      ['$select=nope', 400, 'ODATA_BAD_OPTION', '$select'],
      ['$skiptoken=abc', 400, 'ODATA_BAD_OPTION', '$skiptoken'],
      ['$format=xml', 400, 'ODATA_BAD_OPTION', '$format'],
      [`$filter=${'score eq 1 or '.repeat(60)}score eq 2`, 400, 'ODATA_BAD_FILTER', '$filter'],
    ];
    for (const [query, status, code, target] of cases) {
      const res = await json(`/odata/test-form.svc/Submissions?${query}`);
      expect([query, res.status, res.body.error?.code, res.body.error?.target]).toEqual([query, status, code, target]);
      expect(Object.keys(res.body)).toEqual(['error']);
      expect(res.body.error.innererror.messageKm).toMatch(/[\u1780-\u17FF]/);
    }
    expect((await json('/odata/test-form.svc/Nope')).status).toBe(404);
    expect((await json('/odata/no-such-form.svc/Submissions')).status).toBe(404);
    expect((await json(`/odata/test-form.svc/Submissions('${ids[0]}')`)).status).toBe(501);
  });

  it('asks for credentials with Basic, and keeps every entity set (and the CSV feed) to the reader’s area', async () => {
    const anonymous = await get('/odata/test-form.svc/Submissions', null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Basic realm="SA Studio", charset="UTF-8"');
    expect((await get('/odata/test-form.svc/Submissions', basic('sat_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'))).status).toBe(401);
    expect((await get('/odata/test-form.svc/Submissions', `Bearer ${token}`)).status).toBe(200);
    // Basic is for the feeds' GETs only: GraphQL still wants Bearer or the session.
    const gql = await fetch(`${base}/graphql`, { method: 'POST', headers: { authorization: basic(token), 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ definitions { key } }' }) });
    expect((await gql.json()).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const officer = await userWith(t, 'prov02', 'provincial_officer', '02');
    const theirs = (await t.gql(CREATE, { i: { name: 'Excel', scope: 'read', expiresInDays: 7 } }, officer)).data.createApiToken.token;
    const records = await json('/odata/test-form.svc/Submissions?$count=true', basic(theirs));
    expect(records.body.value.map((r: any) => r.name)).toEqual(['Other province']);
    expect(records.body['@odata.count']).toBe(1);
    const items = await json("/odata/test-form.svc/Submissions_items?$filter=label ne 'q'", basic(theirs));
    expect(items.body.value.map((r: any) => r.label)).toEqual(['z']);
    expect(await (await get('/odata/test-form.svc/Submissions/$count', basic(theirs))).text()).toBe('1');
    // The CSV feed (the export URL) takes the same Basic credentials, with the same area.
    const csv = await get('/export/test-form.csv?headers=keys', basic(theirs));
    expect(csv.status).toBe(200);
    expect((await csv.text()).trim().split('\r\n').slice(1).map((l) => l.split(',')[0])).toEqual([ids[3]]);
    const viewer = await userWith(t, 'viewer01', 'viewer', '01');
    expect((await json('/odata/test-form.svc/Submissions', `Bearer ${viewer}`)).body.error.code).toBe('FORBIDDEN');
  });

  it('is read by an OData client library', async () => {
    const client = OData.New4({ serviceEndpoint: `${base}/odata/test-form.svc/`, commonHeaders: { authorization: basic(token) } });
    const set = client.getEntitySet<{ name: string; score: number }>('Submissions');
    const rows = await set.query(client.newFilter().property('score').ge(4));
    expect(rows.map((r) => [r.name, r.score])).toEqual([['Sok', 4], ["O'Neil", 5]]);
    const total = await set.count(client.newFilter().property('__geo_code').eq('020101'));
    expect(total).toBe(1);
  });
});
