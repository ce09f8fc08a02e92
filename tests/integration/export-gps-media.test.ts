// GPS points and media answers in exports (issue 15.4), on every engine over real HTTP: a point
// becomes one column per part (`location_latitude`, … `location_captured_at`) in CSV (written by
// PostgreSQL, COPY on PostgreSQL and a cursor on PGlite), XLSX, the zip's CSV files and the OData
// feed (Edm.Double parts a $filter can compare); a photo becomes the link to GET /media/:id at the
// origin the reader reached. The SQL link cell equals the Node cell for tricky values.
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cellValue, mediaLink } from '../../server/exports/columns';
import { csvCell } from '../../server/exports/csv';
import { lineSql } from '../../server/exports/csv-sql';
import { zipFiles } from '../../server/core/uploads/zip-order';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';

const engines = await testEngines();
afterAll(closeSharedPglite);

const KEY = 'gps-media';
const form = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  'x-kind': 'form',
  'x-title': { km: 'ការចុះមណ្ឌល', en: 'Centre visit' },
  'x-order': ['name', 'location', 'photo', 'visits'],
  properties: {
    name: { type: 'string', 'x-widget': 'text', 'x-label': { km: 'ឈ្មោះ', en: 'Name' } },
    location: { type: 'object', 'x-widget': 'gps', 'x-max-accuracy': 50, 'x-label': { km: 'ទីតាំង', en: 'Location' } },
    photo: { type: 'string', 'x-widget': 'photo', 'x-label': { km: 'រូបថត', en: 'Photo' } },
    visits: {
      type: 'array',
      'x-label': { km: 'ការចុះ', en: 'Visits' },
      items: {
        type: 'object',
        'x-order': ['spot', 'note'],
        properties: {
          spot: { type: 'object', 'x-widget': 'gps', 'x-label': { km: 'កន្លែង', en: 'Spot' } },
          note: { type: 'string', 'x-widget': 'text', 'x-label': { km: 'កំណត់ចំណាំ', en: 'Note' } },
        },
        additionalProperties: false,
      },
    },
  },
  required: ['name'],
  additionalProperties: false,
};

const point = { latitude: 11.562345, longitude: 104.916012, accuracy: 8, altitude: 12.5, captured_at: '2026-12-02T08:15:30.123Z' };
const spot = { latitude: -13.1, longitude: -104.25, accuracy: 3.5 };
const PARTS = ['latitude', 'longitude', 'accuracy', 'altitude', 'captured_at'];
const META = '_id,_version,_geo_code,_period,_review_state,_submitted_at';

describe.each(engines)('GPS points and media links in exports on %s', (engine) => {
  let t: TestApp;
  let base: string;
  let first: string;
  let second: string;
  const photo = randomUUID();
  const get = (path: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${t.token}` } });
  const submit = async (data: unknown): Promise<string> => {
    const id = randomUUID();
    const res = await t.gql('mutation($i: SubmitInput!) { submit(input: $i) { id } }', { i: { id, definitionKey: KEY, definitionVersion: 1, data } });
    expect(res.errors).toBeUndefined();
    return id;
  };

  beforeEach(async () => {
    t = await createTestApp(engine);
    expect((await t.gql('mutation($s: JSON!) { saveDraft(key: "gps-media", schema: $s) { version } }', { s: form })).errors).toBeUndefined();
    expect((await t.gql('mutation { publish(key: "gps-media") { version } }')).errors).toBeUndefined();
    first = await submit({ name: 'Baray', location: point, visits: [{ spot, note: 'gate' }, { note: 'no point' }] });
    second = await submit({ name: 'Stoung' });
    // A stored photo answer (the upload itself is media-uploads.test.ts's): exports only read the id.
    await sql`update submission set data = data || jsonb_build_object('photo', ${photo}::text) where id = ${first}::uuid`.execute(t.services.db);
    base = (await t.app.listen({ port: 0, host: '127.0.0.1' })).replace(/\/$/, '');
  });
  afterEach(async () => t.close());

  const cellsOf = (line: string) => line.split(',').slice(6);

  it('CSV: a point is one column per part, a photo the link to its file, an unanswered point empty', async () => {
    const res = await get(`/export/${KEY}.csv?headers=keys`);
    expect(res.status).toBe(200);
    const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe(`${META},name,${PARTS.map((p) => `location_${p}`).join(',')},photo,visits`);
    const byName = new Map(lines.slice(1).map((l) => [cellsOf(l)[0], l]));
    expect(cellsOf(byName.get('Baray')!).slice(0, 7)).toEqual(['Baray', '11.562345', '104.916012', '8', '12.5', '2026-12-02T08:15:30.123Z', `${base}/media/${photo}`]);
    expect(cellsOf(byName.get('Stoung')!).slice(0, 7)).toEqual(['Stoung', '', '', '', '', '', '']);
    const km = (await (await get(`/export/${KEY}.csv`)).text()).replace(/^\uFEFF/, '').split('\r\n')[0]!;
    expect(km).toContain('ទីតាំង (រយៈទទឹង),ទីតាំង (រយៈបណ្តោយ),ទីតាំង (ភាពត្រឹមត្រូវ (ម៉ែត្រ))');
    const en = (await (await get(`/export/${KEY}.csv?lang=en&values=labels`)).text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(en[0]).toContain('Location (latitude),Location (longitude),Location (accuracy (m)),Location (altitude (m)),Location (time recorded),Photo');
    expect(en.some((l) => l.includes(`,${base}/media/${photo},`))).toBe(true);
  });

  it('XLSX and the zip: the same columns, and a point in a repeat row on its sheet', async () => {
    const xlsx = await get(`/export/${KEY}.xlsx?headers=keys`);
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const rows = (sheet: ExcelJS.Worksheet) => sheet.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    const [main, visits] = [workbook.worksheets[0]!, workbook.worksheets[1]!];
    const mainRows = rows(main);
    expect(mainRows[0]!.slice(6)).toEqual(['name', ...PARTS.map((p) => `location_${p}`), 'photo']);
    const baray = mainRows.find((r) => r[6] === 'Baray')!;
    expect(baray.slice(7, 13)).toEqual([11.562345, 104.916012, 8, 12.5, '2026-12-02T08:15:30.123Z', `${base}/media/${photo}`]);
    const visitRows = rows(visits);
    expect(visitRows[0]).toEqual(['_id', '_index', ...PARTS.map((p) => `spot_${p}`), 'note']);
    expect(visitRows.slice(1)).toEqual([
      [first, 1, -13.1, -104.25, 3.5, undefined, undefined, 'gate'],
      [first, 2, undefined, undefined, undefined, undefined, undefined, 'no point'],
    ]);

    const zip = await get(`/export/${KEY}.zip?headers=keys`);
    const files = new Map((await zipFiles(Buffer.from(await zip.arrayBuffer()), 10_000_000)).map((f) => [f.name, f.data.toString('utf8').replace(/^\uFEFF/, '')]));
    expect(files.get(`${KEY}.csv`)!.split('\r\n')[0]).toBe(`${META},name,${PARTS.map((p) => `location_${p}`).join(',')},photo`);
    expect(files.get(`${KEY}-visits.csv`)!.trim().split('\r\n')).toEqual([`_id,_index,${PARTS.map((p) => `spot_${p}`).join(',')},note`, `${first},1,-13.1,-104.25,3.5,,,gate`, `${first},2,,,,,,no point`]);
  });

  it('OData: the parts are typed properties a filter compares, the photo a link', async () => {
    const metadata = await (await get(`/odata/${KEY}.svc/$metadata`)).text();
    expect(metadata).toContain('<Property Name="location_latitude" Type="Edm.Double"');
    expect(metadata).toContain('<Property Name="location_captured_at" Type="Edm.DateTimeOffset"');
    expect(metadata).toContain('<Property Name="spot_accuracy" Type="Edm.Double"');
    const page = (await (await get(`/odata/${KEY}.svc/Submissions?$filter=location_accuracy lt 10`)).json()) as { value: Array<Record<string, unknown>> };
    expect(page.value.map((r) => r.__id)).toEqual([first]);
    expect(page.value[0]).toMatchObject({ location_latitude: 11.562345, location_longitude: 104.916012, location_accuracy: 8, location_altitude: 12.5, location_captured_at: '2026-12-02T08:15:30.123Z', photo: `${base}/media/${photo}` });
    const none = (await (await get(`/odata/${KEY}.svc/Submissions?$filter=location_latitude eq null`)).json()) as { value: Array<Record<string, unknown>> };
    expect(none.value.map((r) => r.__id)).toEqual([second]);
    const items = (await (await get(`/odata/${KEY}.svc/Submissions_visits`)).json()) as { value: Array<Record<string, unknown>> };
    expect(items.value.map((r) => [r.spot_latitude, r.spot_longitude, r.note])).toEqual([[-13.1, -104.25, 'gate'], [null, null, 'no point']]);
  });

  it('the zip with files=1 carries the files its records name, only in the reader\'s area', async () => {
    const bytes = Buffer.from('\x89PNG\r\n\x1a\n-not-really-a-picture');
    const admin = (await t.services.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()).id;
    const orphan = randomUUID();
    for (const [id, submissionId] of [[photo, first], [orphan, null]] as const) {
      await t.services.db.insertInto('media_file').values({ id, definition_key: KEY, field: 'photo', kind: 'photo', status: 'stored', declared_size: bytes.length, size: bytes.length, content_type: 'image/png', uploaded_by: admin, submission_id: submissionId }).execute();
      await mkdir(t.services.config.media.dir, { recursive: true });
      await writeFile(join(t.services.config.media.dir, id), bytes);
    }
    const names = async (path: string) => (await zipFiles(Buffer.from(await (await get(path)).arrayBuffer()), 10_000_000)).map((f) => [f.name, f.data]);
    const withFiles = await names(`/export/${KEY}.zip?files=1`);
    expect(withFiles.map(([n]) => n)).toEqual([`${KEY}.csv`, `${KEY}-visits.csv`, `media/${photo}.png`]);
    expect(Buffer.compare(withFiles[2]![1] as Buffer, bytes)).toBe(0);
    // Without the switch, or when no record the reader sees names the file: links only.
    expect((await names(`/export/${KEY}.zip`)).map(([n]) => n)).toEqual([`${KEY}.csv`, `${KEY}-visits.csv`]);
    expect((await names(`/export/${KEY}.zip?files=1&from=2030-01-01`)).map(([n]) => n)).toEqual([`${KEY}.csv`, `${KEY}-visits.csv`]);
    for (const id of [photo, orphan]) await rm(join(t.services.config.media.dir, id), { force: true });
  });

  it('the SQL link cell is the one Node writes', async () => {
    const prefix = 'http://[::1]:3000/media/';
    const values: unknown[] = [photo, '', 'a, "b"', '=x', 5, null, true, ['x']];
    const { from } = lineSql([{ path: 'f', kind: 'link', prefix }], null, 'name_en');
    const rows = await sql<{ line: string | null; t: string }>`with submission as (
        select '00000000-0000-4000-8000-000000000001'::uuid as id, 1 as definition_version, null::text as geo_code, null::date as period,
          'received'::text as status, '2026-01-01T00:00:00Z'::timestamptz as created_at, jsonb_build_object('f', x::jsonb) as data, n as seq
        from unnest(${values.map((v) => JSON.stringify(v))}::text[]) with ordinality u(x, n))
      select l.line, (submission.data -> 'f')::text as t from submission, ${from} order by submission.seq`.execute(t.services.db);
    const prefixLength = '00000000-0000-4000-8000-000000000001,1,,,received,2026-01-01T00:00:00.000Z,'.length;
    rows.rows.forEach((row, i) => {
      const expected = csvCell(cellValue(mediaLink(JSON.parse(row.t), prefix)));
      if (row.line !== null) expect([i, row.line.slice(prefixLength)]).toEqual([i, expected]);
    });
    expect(rows.rows.slice(0, 4).every((r) => r.line !== null)).toBe(true);
  });
});
