// Geography on every engine: the shipped provinces, CSV/XLSX/YAML imports as jobs, error reports that
// write nothing, pickers (by parent, level, search, the user's area) and breadcrumbs.
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { importAndWait, importSmallGeo, SMALL_GEO, uploadGeo, userWith } from './geo-helpers';

const engines = await testEngines();
afterAll(closeSharedPglite);

const UNITS = 'query($p: String, $l: String, $s: String, $r: Boolean, $m: Boolean) { geoUnits(parent: $p, level: $l, search: $s, includeRetired: $r, inMyArea: $m) { code level nameKm nameEn parentCode unitTypeKm unitTypeEn lat lng retired } }';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe.each(engines)('geography on %s', (engine) => {
  let t: TestApp;
  const count = async () => Number((await t.services.db.withTables<{ geo_unit: { code: string } }>().selectFrom('geo_unit').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeEach(async () => {
    // Imports run in the background past a test's end: each test gets an app of its own.
    t = await createTestApp(engine, {}, { reuse: false });
  });
  afterEach(async () => t.close());

  it('ships the 25 provinces on first start', async () => {
    const res = await t.gql(UNITS);
    expect(res.data.geoUnits).toHaveLength(25);
    expect(res.data.geoUnits[0]).toMatchObject({ code: '01', level: 'province', nameKm: 'បន្ទាយមានជ័យ', nameEn: 'Banteay Meanchey', parentCode: null, unitTypeEn: 'Province', retired: false });
    expect(res.data.geoUnits.find((u: any) => u.code === '12')).toMatchObject({ nameEn: 'Phnom Penh', unitTypeKm: 'រាជធានី' });
    expect((await t.gql(UNITS, {}, null)).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('imports CSV as a job with progress, pads lost leading zeros, and lists by parent, level and search', async () => {
    const { job, seen } = await importAndWait(t, `\uFEFF${SMALL_GEO}\n1020103,ថ្មី,Thmei,,,,`, 'text/csv');
    expect(job).toMatchObject({ status: 'done', total: 11, done: 11, added: 11, updated: 0, retired: 0, errors: [] });
    expect(seen.at(-1)).toBe(11);
    const villages = (await t.gql(UNITS, { p: '010201' })).data.geoUnits;
    expect(villages.map((u: any) => u.code)).toEqual(['01020101', '01020102', '01020103']);
    expect(villages[0]).toMatchObject({ level: 'village', parentCode: '010201', unitTypeKm: 'ភូមិ', unitTypeEn: 'Village' });
    expect((await t.gql(UNITS, { p: '0103' })).data.geoUnits[0]).toMatchObject({ code: '010301', unitTypeKm: 'ឃុំ', unitTypeEn: 'Commune' });
    expect((await t.gql(UNITS, { l: 'district' })).data.geoUnits.map((u: any) => u.code)).toEqual(['0102', '0103', '0201']);
    expect((await t.gql(UNITS, { s: 'phnum' })).data.geoUnits.map((u: any) => u.code)).toEqual(['01020102', '0103']);
    expect((await t.gql(UNITS, { s: 'បន្ទាយ' })).data.geoUnits.map((u: any) => u.code)).toEqual(['01', '010201']);
    expect((await t.gql(UNITS, { l: 'town' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', errors: [{ path: 'level' }] });
    const path = await t.gql('{ geoPath(code: "01020102") { code level } geoUnit(code: "0102") { nameEn lat } nope: geoUnit(code: "99") { code } }');
    expect(path.data.geoPath.map((u: any) => u.code)).toEqual(['01', '0102', '010201', '01020102']);
    expect(path.data.geoUnit).toEqual({ nameEn: 'Mongkol Borey', lat: 13.49 });
    expect(path.data.nope).toBeNull();
  });

  it('imports XLSX (every sheet with a code column) and, with complete=1, retires what a level no longer lists', async () => {
    await importSmallGeo(t);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Notes').addRow(['Read me']);
    const sheet = wb.addWorksheet('Villages');
    sheet.addRow(['Code', 'Name_KM', 'Name_EN', 'type_km', 'type_en', 'lat', 'lng']);
    sheet.addRow(['01020101', 'អូរធំ', 'Ou Thum (new)', '', '', 13.5, 102.9]);
    sheet.addRow([1020102, 'ភ្នំ', 'Phnum', '', '', null, null]);
    const { job } = await importAndWait(t, Buffer.from(await wb.xlsx.writeBuffer()), XLSX, '?complete=1');
    expect(job).toMatchObject({ status: 'done', added: 0, updated: 1, unchanged: 1, retired: 1, completeLevels: ['village'] });
    const all = (await t.gql(UNITS, { l: 'village', r: true })).data.geoUnits;
    expect(all.map((u: any) => [u.code, u.retired])).toEqual([['01020101', false], ['01020102', false], ['01030101', true]]);
    expect(all[0]).toMatchObject({ nameEn: 'Ou Thum (new)', lat: 13.5, lng: 102.9 });
    expect((await t.gql(UNITS, { l: 'village' })).data.geoUnits).toHaveLength(2);
  });

  it('reports every error with file, row and path, and writes nothing', async () => {
    const before = await count();
    const csv = ['code,name_km,name_en,lat', '0102,មង្គលបូរី,Mongkol Borey,13.4', '0102,ស្ទួន,Dup,', 'x1,,Bad,', '990101,គ្មានមេ,Orphan,', '010201,ឃុំ,Commune,abc'].join('\n');
    const { job } = await importAndWait(t, csv, 'text/csv; charset=utf-8');
    expect(job.status).toBe('failed');
    expect(job.errors.map((e: any) => `${e.row}:${e.path}`)).toEqual(['3:code', '4:code', '5:code', '6:lat']);
    expect(job.errors[0].message.en).toMatch(/more than once/);
    expect(job.errors[2].message).toMatchObject({ en: expect.stringMatching(/Parent 9901/), km: expect.stringMatching(/[\u1780-\u17FF]/) });
    const yaml = "---\nvillages:\n  '99999999':\n    name:\n      km: ក\n      latin: A\n  '0102':\n    name:\n      latin: Wrong level\n";
    const bad = (await importAndWait(t, yaml, 'text/yaml')).job;
    expect(bad.errors.map((e: any) => e.path)).toEqual(['villages.0102', 'villages.99999999', 'villages.0102.name.km']);
    const broken = (await importAndWait(t, 'provinces: [unclosed', 'application/yaml')).job;
    expect(broken.errors[0].message.en).toMatch(/Not valid YAML/);
    const missing = (await importAndWait(t, 'id,name\n1,x', 'text/csv')).job;
    expect(missing.errors).toEqual([{ row: 1, path: 'code,name_km', message: expect.any(Object) }]);
    expect(await count()).toBe(before);
  });

  it('lets only geo.import holders import, refuses other file types and empty bodies', async () => {
    const officer = await userWith(t, 'prov', 'provincial_officer', '01');
    expect((await uploadGeo(t, SMALL_GEO, 'text/csv', '', officer)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/admin/geo/import', headers: { 'content-type': 'text/csv' }, payload: SMALL_GEO })).statusCode).toBe(401);
    const json = await uploadGeo(t, '{}', 'application/json');
    expect(json.statusCode).toBe(415);
    expect(json.json().message).toMatch(/text\/yaml/);
    expect((await uploadGeo(t, '', 'text/csv')).statusCode).toBe(400);
    const cross = await t.app.inject({ method: 'POST', url: '/admin/geo/import', headers: { cookie: `sa_session=${t.token}`, origin: 'https://evil.example', 'content-type': 'text/csv' }, payload: SMALL_GEO });
    expect(cross.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/admin/geo/import/nope', headers: { authorization: `Bearer ${t.token}` } })).statusCode).toBe(404);
  });

  it('limits pickers to the user\'s area with inMyArea, keeping the ancestors to navigate down', async () => {
    await importSmallGeo(t);
    const district = await userWith(t, 'dist', 'district_officer', '0102');
    const provinces = (await t.gql(UNITS, { m: true }, district)).data.geoUnits;
    expect(provinces.map((u: any) => u.code)).toEqual(['01']);
    expect((await t.gql(UNITS, { p: '01', m: true }, district)).data.geoUnits.map((u: any) => u.code)).toEqual(['0102']);
    expect((await t.gql(UNITS, { p: '01' }, district)).data.geoUnits.map((u: any) => u.code)).toEqual(['0102', '0103']);
    expect((await t.gql(UNITS, { l: 'commune', m: true }, district)).data.geoUnits.map((u: any) => u.code)).toEqual(['010201', '010202']);
    expect((await t.gql(UNITS, { m: true })).data.geoUnits).toHaveLength(25);
  });

  it('limits a province-level geo.import grant to its area: units outside are refused with their rows, nothing written', async () => {
    await importSmallGeo(t);
    const officer = await userWith(t, 'nat01', 'national_officer', '01');
    const before = await count();
    const csv = ['code,name_km,name_en', '0104,ថ្មី,New district', '0202,ក្រៅ,Outside', '02,បាត់ដំបង,Battambang', '010401,ឃុំថ្មី,New commune'].join('\n');
    const refused = await uploadGeo(t, csv, 'text/csv', '', officer);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/2 unit\(s\).*outside your area/), messageKm: expect.stringMatching(/[\u1780-\u17FF]/) });
    expect(refused.json().errors.map((e: any) => `${e.row}:${e.code}:${e.path}:${e.keyword}`)).toEqual(['3:0202:code:area', '4:02:code:area']);
    expect(await count()).toBe(before);
    const yaml = "districts:\n  '0104':\n    name:\n      km: ក\n  '0202':\n    name:\n      km: ខ\n";
    expect((await uploadGeo(t, yaml, 'text/yaml', '', officer)).json().errors.map((e: any) => e.path)).toEqual(['districts.0202']);

    // Inside the area it imports; a complete level retires only inside the area (0201 is province 02's).
    const res = await uploadGeo(t, ['code,name_km,name_en', '0102,មង្គលបូរី,Mongkol Borey', '0104,ថ្មី,New district'].join('\n'), 'text/csv', '?complete=1', officer);
    expect(res.statusCode).toBe(202);
    let job = res.json();
    while (job.status === 'running') {
      await new Promise((r) => setTimeout(r, 20));
      job = (await t.app.inject({ method: 'GET', url: `/admin/geo/import/${job.id}`, headers: { authorization: `Bearer ${officer}` } })).json();
    }
    expect(job).toMatchObject({ status: 'done', added: 1, retired: 1, completeLevels: ['district'] });
    const districts = (await t.gql(UNITS, { l: 'district', r: true })).data.geoUnits.map((u: any) => `${u.code}:${u.retired}`);
    expect(districts).toEqual(['0102:false', '0103:true', '0104:false', '0201:false']);
  });

  it('answers a malformed XLSX at once with BAD_INPUT and what is wrong', async () => {
    const res = await uploadGeo(t, Buffer.from('not a workbook at all'), XLSX);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/Not a readable XLSX file/), errors: [{ path: 'file', keyword: 'xlsx' }] });
    const truncated = new ExcelJS.Workbook();
    truncated.addWorksheet('Villages').addRow(['code', 'name_km']);
    const half = Buffer.from(await truncated.xlsx.writeBuffer());
    expect((await uploadGeo(t, half.subarray(0, half.length >> 1), XLSX)).json().code).toBe('BAD_INPUT');
  });

  it('runs one geography import at a time across instances (IMPORT_RUNNING) and caps what it reads', async () => {
    await sql`insert into import_lock (kind, holder, expires_at) values ('geo', 'other-instance', now() + interval '10 minutes')`.execute(t.services.db);
    const busy = await uploadGeo(t, SMALL_GEO, 'text/csv');
    expect(busy.statusCode).toBe(409);
    expect(busy.json()).toMatchObject({ code: 'IMPORT_RUNNING', messageKm: expect.stringMatching(/[\u1780-\u17FF]/) });
    await sql`delete from import_lock`.execute(t.services.db);
    const wide = await uploadGeo(t, `code,name_km\n01,${'ក'.repeat(3000)}`, 'text/csv');
    expect([wide.statusCode, wide.json().errors[0].keyword]).toEqual([413, 'maxCellChars']);
    // A refused upload releases the lock: the next one starts.
    const { job } = await importAndWait(t, SMALL_GEO, 'text/csv');
    expect(job.status).toBe('done');
    expect((await sql`select * from import_lock`.execute(t.services.db)).rows).toEqual([]);
  });
});
