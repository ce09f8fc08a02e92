// GPS points in submission imports (issue 14.3 with 15.4's gps field), on every engine: KoboToolbox's
// CSV (the `lat lon alt precision` text, with `_location_latitude`… beside it), ODK Central's parts
// (`location-Latitude`…, inside a group too) and SA Studio's own export (`location_latitude`…) all
// give the same stored point; a part the officer maps by hand (`location.accuracy`) is taken; a point
// with no accuracy is refused at its path, not stored half.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { settle } from './data-import-helpers';

const engines = await testEngines();
afterAll(closeSharedPglite);

const KEY = 'site-visit';
const form = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  'x-kind': 'form',
  'x-title': { km: 'ការចុះមណ្ឌល', en: 'Site visit' },
  'x-order': ['name', 'location', 'site'],
  properties: {
    name: { type: 'string', 'x-widget': 'text', 'x-label': { km: 'ឈ្មោះ', en: 'Name' } },
    location: { type: 'object', 'x-widget': 'gps', 'x-label': { km: 'ទីតាំង', en: 'Location' } },
    site: {
      type: 'object',
      'x-label': { km: 'កន្លែង', en: 'Site' },
      'x-order': ['gate', 'gate_alt'],
      properties: {
        gate: { type: 'object', 'x-widget': 'gps', 'x-label': { km: 'ច្រកចូល', en: 'Gate' } },
        // A field whose name looks like a part of `gate`: a field of that name wins.
        gate_alt: { type: 'string', 'x-widget': 'text', 'x-label': { km: 'ច្រកផ្សេង', en: 'Other gate' } },
      },
      additionalProperties: false,
    },
  },
  required: ['name'],
  additionalProperties: false,
};

const location = { latitude: 11.562345, longitude: 104.916012, altitude: 12.5, accuracy: 8 };
const gate = { latitude: 11.5, longitude: 104.9, altitude: 3, accuracy: 4.5 };

describe.each(engines)('GPS points in submission imports on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
    expect((await t.gql('mutation($s: JSON!) { saveDraft(key: "site-visit", schema: $s) { version } }', { s: form })).errors).toBeUndefined();
    expect((await t.gql('mutation { publish(key: "site-visit") { version } }')).errors).toBeUndefined();
  });
  afterEach(async () => t.close());

  const post = async (body: string, query = '') =>
    settle(t.app, t.token, await t.app.inject({ method: 'POST', url: `/admin/forms/${KEY}/data${query}`, headers: { authorization: `Bearer ${t.token}`, 'content-type': 'text/csv' }, payload: body }));
  const stored = async (id: string) => (await t.services.db.selectFrom('submission').select('data').where('id', '=', id).executeTakeFirst())?.data;

  it('reads a Kobo point from its text, ODK Central parts (in a group too) and SA Studio part columns alike', async () => {
    const [kobo, odk] = [randomUUID(), randomUUID()];
    const koboCsv = [
      'name,location,_location_latitude,_location_longitude,_location_altitude,_location_precision,site/gate,_site/gate_latitude,_site/gate_longitude,_site/gate_altitude,_site/gate_precision,site/gate_alt,_uuid',
      `Baray,11.562345 104.916012 12.5 8,11.562345,104.916012,12.5,8,11.5 104.9 3 4.5,11.5,104.9,3,4.5,north,${kobo}`,
    ].join('\n');
    const k = (await post(koboCsv)).json();
    expect([k.stored, k.refused]).toEqual([1, []]);
    // The whole point's text was read; its part columns are left (they say the same).
    expect(k.mapping.matches.map((m: any) => `${m.column}>${m.field}`)).toEqual(['name>name', 'location>location', 'site/gate>site.gate', 'site/gate_alt>site.gate_alt']);
    expect(await stored(kobo)).toEqual({ name: 'Baray', location, site: { gate, gate_alt: 'north' } });

    const odkCsv = [
      'SubmissionDate,name,location-Latitude,location-Longitude,location-Altitude,location-Accuracy,site-gate-Latitude,site-gate-Longitude,site-gate-Altitude,site-gate-Accuracy,meta-instanceID,KEY',
      `2026-02-02,Stoung,11.562345,104.916012,12.5,8,11.5,104.9,3,4.5,uuid:${odk},uuid:${odk}`,
    ].join('\n');
    const o = (await post(odkCsv)).json();
    expect([o.stored, o.refused]).toEqual([1, []]);
    expect(o.mapping.matches.find((m: any) => m.column === 'location-latitude')).toEqual({ column: 'location-latitude', field: 'location.latitude', part: 'latitude' });
    expect(o.mapping.missing).toEqual(['site.gate_alt']);
    expect(await stored(odk)).toEqual({ name: 'Stoung', location, site: { gate } });

    // SA Studio's own exports (Khmer label headers `ទីតាំង (រយៈទទឹង)`, English ones, and keys
    // `location_latitude` … `location_captured_at`) import back the same records.
    const before = await t.services.db.selectFrom('submission').select(['id', 'data']).where('definition_key', '=', KEY).orderBy('id').execute();
    for (const query of ['', '?lang=en', '?headers=keys']) {
      const exported = await t.app.inject({ method: 'GET', url: `/export/${KEY}.csv${query}`, headers: { authorization: `Bearer ${t.token}` } });
      expect(exported.body.split('\n')[0]).toContain(query === '' ? 'ទីតាំង (រយៈទទឹង)' : query === '?lang=en' ? 'Location (latitude)' : 'location_latitude');
      await t.services.db.deleteFrom('submission_version').where('submission_id', 'in', [kobo, odk]).execute();
      await t.services.db.deleteFrom('submission').where('id', 'in', [kobo, odk]).execute();
      const back = (await post(exported.body)).json();
      expect([query, back.stored, back.refused]).toEqual([query, 2, []]);
      expect(await t.services.db.selectFrom('submission').select(['id', 'data']).where('definition_key', '=', KEY).orderBy('id').execute()).toEqual(before);
    }
  });

  it('takes a part mapped by hand, and refuses a point without its accuracy at the point', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const csv = ['name,lat,lon,err,_uuid', `A,11.5,104.9,6,${a}`].join('\n');
    const mapping = { lat: 'location.latitude', lon: 'location.longitude', err: 'location.accuracy' };
    const res = (await post(csv, `?mapping=${encodeURIComponent(JSON.stringify(mapping))}`)).json();
    expect([res.stored, res.refused]).toEqual([1, []]);
    expect(await stored(a)).toEqual({ name: 'A', location: { latitude: 11.5, longitude: 104.9, accuracy: 6 } });

    const half = (await post(['name,location,_uuid', `B,11.5 104.9,${b}`].join('\n'))).json();
    expect(half.stored).toBe(0);
    expect(half.refused.map((r: any) => `${r.row}:${r.code}:${r.errors.map((e: any) => e.path).join('|')}`)).toEqual(['2:VALIDATION_FAILED:location']);
    expect(await stored(b)).toBeUndefined();
  });
});
