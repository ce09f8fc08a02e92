// Service providers on every engine: CRUD with bad-input reports, listing always inside the reader's
// area, officers editing only inside theirs, and CSV import matched on code.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROVIDER_UPLOAD_LIMITS } from '../../server/core/uploads/upload-limits';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { importSmallGeo, userWith } from './geo-helpers';

const engines = await testEngines();
afterAll(closeSharedPglite);

const FIELDS = 'id kind code nameKm nameEn geoCode catchment retired';
const CREATE = `mutation($i: ServiceProviderInput!) { createServiceProvider(input: $i) { ${FIELDS} } }`;
const LIST = `query($s: String, $k: String, $r: Boolean) { serviceProviders(scope: $s, kind: $k, includeRetired: $r) { code geoCode } }`;
const hc = { kind: 'health_centre', code: 'HC-0102', nameKm: 'មណ្ឌលសុខភាព', nameEn: 'Mongkol Borey HC', geoCode: '0102', catchment: ['01020102', '01020101'] };
const school = { kind: 'primary_school', code: 'PS-010202', nameKm: 'សាលា', geoCode: '010202' };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEAD = 'kind,code,name_km,name_en,geo_code,catchment';

describe.each(engines)('service providers on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    // Imports run in the background past a test's end: each test gets an app of its own.
    t = await createTestApp(engine, {}, { reuse: false });
    await importSmallGeo(t);
  });
  afterEach(async () => t.close());

  it('creates, updates and retires providers; lists by area and kind', async () => {
    const created = await t.gql(CREATE, { i: hc });
    expect(created.errors).toBeUndefined();
    expect(created.data.createServiceProvider).toMatchObject({ ...hc, catchment: ['01020101', '01020102'], retired: false });
    await t.gql(CREATE, { i: school });
    await t.gql(CREATE, { i: { kind: 'commune_admin', nameKm: 'រដ្ឋបាលឃុំ', geoCode: '020101' } });
    const codes = async (v: Record<string, unknown>) => (await t.gql(LIST, v)).data.serviceProviders.map((p: any) => p.code);
    expect(await codes({})).toEqual(['HC-0102', 'PS-010202', null]); // by geography code
    expect(await codes({ s: '010202' })).toEqual(['HC-0102', 'PS-010202']); // the district's health centre serves it
    expect(await codes({ s: '02' })).toEqual([null]);
    expect(await codes({ k: 'primary_school' })).toEqual(['PS-010202']);
    const id = created.data.createServiceProvider.id;
    const upd = await t.gql(`mutation($id: ID!, $p: ServiceProviderPatch!) { updateServiceProvider(id: $id, input: $p) { ${FIELDS} } }`, { id, p: { nameEn: 'Renamed HC', catchment: ['01020101'] } });
    expect(upd.data.updateServiceProvider).toMatchObject({ code: 'HC-0102', nameEn: 'Renamed HC', catchment: ['01020101'] });
    const retired = await t.gql(`mutation($id: ID!) { retireServiceProvider(id: $id) { retired } }`, { id });
    expect(retired.data.retireServiceProvider.retired).toBe(true);
    expect(await codes({ s: '0102' })).toEqual(['PS-010202']);
    expect(await codes({ s: '0102', r: true })).toEqual(['HC-0102', 'PS-010202']);
    const audit = await t.services.db.selectFrom('audit_event').select('action').where('entity', '=', 'service_provider').orderBy('at').execute();
    expect(audit.map((a) => a.action)).toEqual(['provider.create', 'provider.create', 'provider.create', 'provider.update', 'provider.retire']);
  });

  it('answers BAD_INPUT with every problem path, and stores nothing', async () => {
    const res = await t.gql(CREATE, { i: { kind: 'clinic', code: 'bad code!', nameKm: ' ', geoCode: '01', catchment: ['x'] } });
    expect(res.errors?.[0]?.extensions.code).toBe('BAD_INPUT');
    expect(res.errors?.[0]?.extensions.errors?.map((e) => `${e.path}:${e.keyword}`)).toEqual(['kind:enum', 'nameKm:required', 'code:pattern', 'geoCode:format', 'catchment:enum', 'catchment.0:format']);
    const unknown = await t.gql(CREATE, { i: { ...hc, geoCode: '0199', catchment: ['01029999'] } });
    expect(unknown.errors?.[0]?.extensions.errors?.map((e) => `${e.path}:${e.keyword}`)).toEqual(['geoCode:exists', 'catchment.0:exists']);
    await t.gql(CREATE, { i: hc });
    const dup = await t.gql(CREATE, { i: { ...hc, geoCode: '0103', catchment: [] } });
    expect(dup.errors?.[0]?.extensions.errors).toMatchObject([{ path: 'code', keyword: 'unique' }]);
    expect((await t.gql(`mutation { retireServiceProvider(id: "nope") { id } }`)).errors?.[0]?.extensions.errors?.[0]?.path).toBe('id');
    expect((await t.gql(LIST, { s: 'abc' })).errors?.[0]?.extensions.errors?.[0]?.path).toBe('scope');
    expect((await t.gql(LIST, {})).data.serviceProviders).toHaveLength(1);
  });

  it('keeps readers inside their area and officers editing only inside theirs', async () => {
    const a = (await t.gql(CREATE, { i: hc })).data.createServiceProvider;
    await t.gql(CREATE, { i: { kind: 'primary_school', code: 'PS-020101', nameKm: 'សាលា ២', geoCode: '020101' } });
    const officer = await userWith(t, 'dist0103', 'district_officer', '0103');
    const facilitator = await userWith(t, 'caf', 'facilitator', '010202');
    expect((await t.gql(LIST, {}, facilitator)).data.serviceProviders.map((p: any) => p.code)).toEqual(['HC-0102']);
    expect((await t.gql(LIST, { s: '02' }, facilitator)).data.serviceProviders).toEqual([]);
    expect((await t.gql(LIST, {}, officer)).data.serviceProviders).toEqual([]);
    expect((await t.gql(CREATE, { i: school }, facilitator)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await t.gql(CREATE, { i: school }, officer)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const own = await t.gql(CREATE, { i: { kind: 'commune_admin', code: 'CA-010301', nameKm: 'ឃុំណាំតៅ', geoCode: '010301' } }, officer);
    expect(own.errors).toBeUndefined();
    expect((await t.gql(`mutation($id: ID!) { retireServiceProvider(id: $id) { id } }`, { id: a.id }, officer)).errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const move = await t.gql(`mutation($id: ID!, $p: ServiceProviderPatch!) { updateServiceProvider(id: $id, input: $p) { id } }`, { id: own.data.createServiceProvider.id, p: { geoCode: '010201' } }, officer);
    expect(move.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('imports providers from CSV, matched on code, all rows or none', async () => {
    const post = (csv: string) => t.app.inject({ method: 'POST', url: '/admin/providers/import', headers: { authorization: `Bearer ${t.token}`, 'content-type': 'text/csv' }, payload: csv });
    const head = 'kind,code,name_km,name_en,geo_code,catchment';
    const ok = await post([head, 'health_centre,HC-0102,មណ្ឌល,HC,0102,01020101 01020102', 'primary_school,PS-1,សាលា,School,010201,'].join('\n'));
    expect(ok.json()).toEqual({ ok: true, added: 2, updated: 0, errors: [] });
    const again = await post([head, 'health_centre,HC-0102,មណ្ឌល,HC renamed,0102,01020101'].join('\n'));
    expect(again.json()).toMatchObject({ ok: true, added: 0, updated: 1 });
    const bad = await post([head, 'school,PS-2,សាលា,,010201,', 'primary_school,,សាលា,,019999,', 'primary_school,PS-3,សាលា,,010202,'].join('\n'));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: any) => `${e.row}:${e.path}`)).toEqual(['2:kind', '3:geo_code', '3:code']);
    expect((await t.gql(LIST, {})).data.serviceProviders.map((p: any) => p.code)).toEqual(['HC-0102', 'PS-1']);
  });

  const upload = (body: string | Buffer | Readable, type: string, token: string | null = t.token, extra: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/admin/providers/import', headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': type, ...extra }, payload: body });
  const providerCount = async () => Number((await sql<{ n: string }>`select count(*) as n from service_provider`.execute(t.services.db)).rows[0]!.n);

  it('refuses a caller without credentials before reading the file, however large or broken', async () => {
    // A ~9.8 MB "workbook": the old route read and parsed it before asking who was calling.
    const big = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(9_800_000, 1)]);
    const res = await upload(big, XLSX, null);
    expect([res.statusCode, res.json().code]).toEqual([401, 'UNAUTHENTICATED']);
    const officer = await userWith(t, 'caf', 'facilitator', '0102');
    const forbidden = await upload(big, XLSX, officer);
    expect([forbidden.statusCode, forbidden.json().code]).toEqual([403, 'FORBIDDEN']);
  });

  it('answers a malformed XLSX with BAD_INPUT and what is wrong, not INTERNAL', async () => {
    for (const body of [Buffer.from('this is not a workbook'), Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(2000, 9)])]) {
      const res = await upload(body, XLSX);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/Not a readable XLSX file/), messageKm: expect.stringMatching(/[\u1780-\u17FF]/), errors: [{ path: 'file', keyword: 'xlsx' }] });
    }
    // A real workbook whose sheets lack the key column is an import error with its path.
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Notes').addRow(['hello']);
    const none = await upload(Buffer.from(await wb.xlsx.writeBuffer()), XLSX);
    expect([none.statusCode, none.json().code, none.json().errors[0].path]).toEqual([422, 'IMPORT_INVALID', 'kind']);
    expect(await providerCount()).toBe(0);
  });

  it('answers wrong rows with the documented error shape and the stable code IMPORT_INVALID', async () => {
    const bad = await upload([HEAD, 'school,PS-2,សាលា,,010201,', 'primary_school,PS-2,សាលា,,010202,'].join('\n'), 'text/csv');
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'IMPORT_INVALID', message: expect.stringMatching(/nothing was imported/), messageKm: expect.stringMatching(/[\u1780-\u17FF]/) });
    expect(bad.json().errors.map((e: any) => `${e.row}:${e.path}:${e.keyword}`)).toEqual(['2:kind:enum', '3:code:unique']);
    expect(bad.json().errors[0].message).toMatchObject({ en: expect.any(String), km: expect.any(String) });
  });

  it('XLSX imports are read streamed, sheet by sheet, with row numbers as the spreadsheet shows them', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Read me').addRow(['Fill the second sheet']);
    const sheet = wb.addWorksheet('Providers');
    sheet.addRow(['Kind', 'Code', 'Name_KM', 'Name_EN', 'Geo_Code', 'Catchment']);
    sheet.addRow(['health_centre', 'HC-1', 'មណ្ឌល', '', '0102', '01020101;01020102']);
    sheet.addRow([]);
    sheet.addRow(['primary_school', 'PS-1', 'សាលា', 'School', '010201', null]);
    const ok = await upload(Buffer.from(await wb.xlsx.writeBuffer()), XLSX);
    expect(ok.json()).toEqual({ ok: true, added: 2, updated: 0, errors: [] });
    sheet.addRow(['clinic', 'X-1', 'x', '', '0102', '']);
    const bad = await upload(Buffer.from(await wb.xlsx.writeBuffer()), XLSX);
    expect(bad.json().errors.map((e: any) => `${e.file}:${e.row}:${e.path}:${e.keyword}`)).toEqual(['Providers:5:kind:enum', 'Providers:5:geo_code:format']);
  });

  it('caps uploads while they stream: bytes, rows, columns and cell length answer 413 with where it stopped', async () => {
    const limits = PROVIDER_UPLOAD_LIMITS;
    // No content-length (a chunked upload): counted as it arrives.
    const chunks = (function* () {
      yield `${HEAD}\n`;
      const row = `${Array.from({ length: 10 }, () => 'y'.repeat(100)).join(',')}\n`;
      for (let sent = 0; sent <= limits.maxBytes; sent += row.length * 64) yield row.repeat(64);
    })();
    const bytes = await upload(Readable.from(chunks), 'text/csv');
    expect([bytes.statusCode, bytes.json().code, bytes.json().errors[0].keyword]).toEqual([413, 'PAYLOAD_TOO_LARGE', 'maxBytes']);
    const announced = await upload('x', 'text/csv', t.token, { 'content-length': String(limits.maxBytes + 1) });
    expect([announced.statusCode, announced.json().errors[0].keyword]).toEqual([413, 'maxBytes']);

    const rows = [HEAD, ...Array.from({ length: limits.maxRows }, (_v, i) => `x,X-${i},x,,0102,`)].join('\n');
    const tooMany = await upload(rows, 'text/csv');
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json().errors).toMatchObject([{ path: 'row', keyword: 'maxRows', row: limits.maxRows + 1 }]);
    expect(tooMany.json().messageKm).toMatch(/[\u1780-\u17FF]/);

    const wide = await upload(`${HEAD}\n${Array.from({ length: limits.maxColumns + 1 }, () => 'v').join(',')}`, 'text/csv');
    expect(wide.json().errors).toMatchObject([{ keyword: 'maxColumns', row: 2 }]);
    const long = await upload(`${HEAD}\nhealth_centre,HC-1,${'ក'.repeat(limits.maxCellChars + 1)},,0102,`, 'text/csv');
    expect(long.json().errors).toMatchObject([{ keyword: 'maxCellChars', row: 2, path: 'column.3' }]);

    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Providers').addRow(['kind', 'code', 'name_km', 'name_en', 'geo_code', ...Array.from({ length: limits.maxColumns }, (_v, i) => `extra${i}`)]);
    const wideXlsx = await upload(Buffer.from(await wb.xlsx.writeBuffer()), XLSX);
    expect(wideXlsx.json().errors).toMatchObject([{ keyword: 'maxColumns', file: 'Providers', row: 1 }]);
    expect(await providerCount()).toBe(0);
  });

  it('runs one provider import at a time across instances (IMPORT_RUNNING), and a crashed holder\'s lock expires', async () => {
    const csv = [HEAD, 'health_centre,HC-0102,មណ្ឌល,HC,0102,01020101'].join('\n');
    // Another instance is importing: its lock row is in the shared database.
    await sql`insert into import_lock (kind, holder, expires_at) values ('providers', 'other-instance', now() + interval '10 minutes')`.execute(t.services.db);
    const busy = await upload(csv, 'text/csv');
    expect(busy.statusCode).toBe(409);
    expect(busy.json()).toMatchObject({ code: 'IMPORT_RUNNING', message: expect.stringMatching(/already running/), messageKm: expect.stringMatching(/[\u1780-\u17FF]/) });
    expect(await providerCount()).toBe(0);
    await sql`update import_lock set expires_at = now() - interval '1 second'`.execute(t.services.db);
    expect((await upload(csv, 'text/csv')).json()).toMatchObject({ ok: true, added: 1 });
    expect((await sql`select * from import_lock`.execute(t.services.db)).rows).toEqual([]);
  });

  it('keeps answering /healthz while a large import is being read', async () => {
    const rows = [HEAD, ...Array.from({ length: 40_000 }, (_v, i) => `primary_school,PS-${i},សាលា,School ${i},019999,`)].join('\n');
    let importDone = false;
    const importing = upload(rows, 'text/csv').then((res) => {
      importDone = true;
      return res;
    });
    // Wait until the import holds its lock (it has started reading), then ask for health.
    for (;;) {
      const held = await sql`select 1 from import_lock where kind = 'providers'`.execute(t.services.db);
      if (held.rows.length > 0 || importDone) break;
    }
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    const answeredWhileImporting = !importDone;
    expect(health.json()).toEqual({ status: 'ok' });
    expect(answeredWhileImporting).toBe(true);
    const res = await importing;
    expect([res.statusCode, res.json().code]).toEqual([422, 'IMPORT_INVALID']);
  });

  it('imports in batches and refuses codes held by a provider outside the importer\'s area', async () => {
    const many = [HEAD, ...Array.from({ length: 1500 }, (_v, i) => `primary_school,PS-${i},សាលា,School ${i},010201,`)].join('\n');
    expect((await upload(many, 'text/csv')).json()).toEqual({ ok: true, added: 1500, updated: 0, errors: [] });
    const again = [HEAD, ...Array.from({ length: 1200 }, (_v, i) => `primary_school,PS-${i + 1000},សាលា,Renamed ${i},010201,`)].join('\n');
    expect((await upload(again, 'text/csv')).json()).toEqual({ ok: true, added: 700, updated: 500, errors: [] });
    expect(await providerCount()).toBe(2200);
    const officer = await userWith(t, 'dist0103', 'district_officer', '0103');
    const takeOver = await upload([HEAD, 'commune_admin,PS-3,ឃុំ,,010301,'].join('\n'), 'text/csv', officer);
    expect(takeOver.statusCode).toBe(422);
    expect(takeOver.json().errors).toMatchObject([{ row: 2, path: 'code', keyword: 'area', code: 'PS-3' }]);
  });
});
