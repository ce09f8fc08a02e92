// Service providers on every engine: CRUD with bad-input reports, listing always inside the reader's
// area, officers editing only inside theirs, and CSV import matched on code.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
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

describe.each(engines)('service providers on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
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
});
