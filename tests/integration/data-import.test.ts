// Importing submissions from KoboToolbox, ODK Central and SA Studio exports, on every engine: columns
// matched by name (`group/field`, `group-field`, `group.field`), values typed, every valid row stored
// once (a second import of the same file stores nothing new), refused rows reported with their row
// number and reasons, and the matching correctable and previewable (dryRun). Imports are jobs, polled
// to the end by data-import-helpers.ts (the job itself: data-import-jobs.test.ts).
import { randomUUID } from 'node:crypto';
import archiver from 'archiver';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { settle } from './data-import-helpers';
import { importSmallGeo, userWith } from './geo-helpers';

const engines = await testEngines();
afterAll(closeSharedPglite);

const KOBO_HEAD = 'start,end,village,date,facilitators,participants/total,participants/female,participants/youth,participants/disability,participants/ethnic_minority,participants/id_poor,topics,materials_distributed,_id,_uuid,_submission_time,_index';
const kobo = (uuid: string, extra: Partial<Record<'materials' | 'topics', string>> = {}) =>
  `2026-02-01T08:00:00,2026-02-01T09:00:00,06010101,2026-02-01,Sok,10,6,2,1,0,3,${extra.topics ?? 'service_standards citizen_rights'},${extra.materials ?? '5'},1234,${uuid},2026-02-02T10:00:00,1`;

describe.each(engines)('submission import on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
  });
  afterEach(async () => t.close());

  const post = async (body: string, query = '', token: string | null = t.token) =>
    settle(t.app, token ?? '', await t.app.inject({ method: 'POST', url: `/admin/forms/i4c-session/data${query}`, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'text/csv' }, payload: body }));
  const count = async () => (await t.services.db.selectFrom('submission').select('id').where('definition_key', '=', 'i4c-session').execute()).length;

  it('imports a KoboToolbox CSV: valid rows stored once, the others reported by row', async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const file = [KOBO_HEAD, kobo(a), kobo(b, { materials: 'lots' }), kobo(''), kobo(a), kobo(c, { topics: 'other_thing' })].join('\n');
    const res = await post(file);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.mapping.idColumn).toBe('_uuid');
    expect(body.mapping.matches.map((m: any) => `${m.column}>${m.field}`)).toContain('participants/female>participants.female');
    expect(body.mapping.unmatched).toEqual(['start', 'end', '_id', '_submission_time', '_index']);
    expect(body.mapping.missing).toEqual(['topics_other', 'notes']);
    expect([body.rows, body.stored, body.duplicates]).toEqual([5, 1, 0]);
    expect(body.refused.map((r: any) => `${r.row}:${r.code}:${r.errors.map((e: any) => e.path).join('|')}`)).toEqual([
      '3:VALIDATION_FAILED:materials_distributed',
      '4:BAD_INPUT:_uuid', // no id
      '5:BAD_INPUT:_uuid', // the same record as row 2
      '6:VALIDATION_FAILED:topics.0',
    ]);
    const stored = await t.gql('query($id: ID!) { submission(id: $id) { data } }', { id: a });
    expect(stored.data.submission.data).toMatchObject({ village: '06010101', participants: { total: 10, female: 6 }, topics: ['service_standards', 'citizen_rights'], materials_distributed: 5 });
    // SA Studio's CSV export with labels as headers and answers as words imports back the same.
    const words = await t.app.inject({ method: 'GET', url: '/export/i4c-session.csv?lang=km&values=labels', headers: { authorization: `Bearer ${t.token}` } });
    const before = await t.services.db.selectFrom('submission').select(['id', 'data']).where('definition_key', '=', 'i4c-session').execute();
    await t.services.db.deleteFrom('submission_version').where('submission_id', '=', a).execute();
    await t.services.db.deleteFrom('submission').where('id', '=', a).execute();
    const back = (await post(words.body)).json();
    expect([back.mapping.idColumn, back.stored, back.refused]).toEqual(['លេខសម្គាល់', 1, []]);
    expect(await t.services.db.selectFrom('submission').select(['id', 'data']).where('definition_key', '=', 'i4c-session').execute()).toEqual(before);
    // The same file again: nothing new.
    const again = (await post(file)).json();
    expect([again.stored, again.duplicates]).toEqual([0, 1]);
    expect(await count()).toBe(1);
  });

  it('reads ODK Central headers (group-field, meta-instanceID with uuid:) and SA Studio keys, and takes corrections', async () => {
    const id = randomUUID();
    const odk = [
      'SubmissionDate,village,date,names,participants-total,participants-female,participants-youth,participants-disability,participants-ethnic_minority,participants-id_poor,topics,materials_distributed,meta-instanceID,KEY',
      `2026-02-02,06010101,2026-02-01,Dara,8,4,1,0,0,2,commune_budget,2,uuid:${id},uuid:${id}`,
    ].join('\n');
    const preview = (await post(odk, '?dryRun=1')).json();
    expect([preview.dryRun, preview.stored, preview.mapping.idColumn]).toEqual([true, 0, 'meta-instanceid']);
    expect(preview.mapping.unmatched).toContain('names');
    expect(await count()).toBe(0);
    const mapped = (await post(odk, `?mapping=${encodeURIComponent(JSON.stringify({ names: 'facilitators', key: '' }))}`)).json();
    expect([mapped.stored, mapped.refused]).toEqual([1, []]);
    const sa = ['_id,village,date,facilitators,participants.total,participants.female,participants.youth,participants.disability,participants.ethnic_minority,participants.id_poor,topics,materials_distributed', `${id},06010101,2026-02-01,Dara,8,4,1,0,0,2,commune_budget,2`].join('\n');
    expect((await post(sa)).json()).toMatchObject({ stored: 0, duplicates: 1 });
  });

  it('refuses before reading the body without submission.create, and files it cannot use', async () => {
    const viewer = await userWith(t, 'vi', 'viewer', '');
    expect((await post('x', '', viewer)).json().code).toBe('FORBIDDEN');
    expect((await post('x', '', null)).json().code).toBe('UNAUTHENTICATED');
    const noId = (await post('village,date\n06010101,2026-02-01')).json();
    expect([noId.code, noId.errors[0].path]).toEqual(['IMPORT_INVALID', 'columns']);
    expect((await post('a,b\n1,2', '?mapping=[1]')).json().errors[0].path).toBe('mapping');
    expect((await t.app.inject({ method: 'POST', url: '/admin/forms/nope-form/data', headers: { authorization: `Bearer ${t.token}`, 'content-type': 'text/csv' }, payload: '_uuid\nx' })).json().code).toBe('DEFINITION_NOT_FOUND');
  });

  it('reads repeat groups from their own sheets or files: Kobo XLSX, SA Studio XLSX and ZIP (round trips), ODK Central zip', async () => {
    await importSmallGeo(t);
    const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const [a, b] = [randomUUID(), randomUUID()];
    const book = new ExcelJS.Workbook();
    book.addWorksheet('JAAP').addRows([
      ['commune', 'cycle_year', 'interface_meeting_date', '_uuid', '_index'],
      ['010201', '2026', '2026-07-01', a, '1'],
      ['010201', '2026', '2026-07-02', b, '2'],
    ]);
    book.addWorksheet('actions').addRows([
      ['actions/issue', 'actions/action', 'actions/responsible', 'actions/service', 'actions/funding_source', 'actions/status', '_index', '_parent_index', '_submission__uuid'],
      ['No water', 'Repair the pump', 'Commune', 'commune', 'commune_fund', 'ongoing', '1', '1', a],
      ['Late staff', 'Post the roster', 'HC chief', 'health_centre', 'none', 'not_started', '2', '1', a],
      ['Fees', 'Publish the fees', 'HC chief', 'health_centre', 'none', 'completed', '3', '2', ''],
    ]);
    const post = async (key: string, body: Buffer) => settle(t.app, t.token, await t.app.inject({ method: 'POST', url: `/admin/forms/${key}/data`, headers: { authorization: `Bearer ${t.token}`, 'content-type': XLSX }, payload: body }));
    const res = (await post('jaap', Buffer.from(await book.xlsx.writeBuffer()))).json();
    expect([res.stored, JSON.stringify(res.refused), res.mapping.repeats]).toEqual([2, "[]", []]);
    const read = async (id: string) => (await t.gql('query($id: ID!) { submission(id: $id) { data } }', { id })).data.submission.data;
    expect((await read(a)).actions.map((x: any) => [x.action, x.status])).toEqual([['Repair the pump', 'ongoing'], ['Post the roster', 'not_started']]);
    expect((await read(b)).actions).toEqual([{ issue: 'Fees', action: 'Publish the fees', responsible: 'HC chief', service: 'health_centre', funding_source: 'none', status: 'completed' }]);

    // SA Studio's own XLSX export (repeat sheet named by its label, linked by _id), imported into a
    // database that lost the records (as after a move to a new server): the same records come back.
    const exported = await t.app.inject({ method: 'GET', url: '/export/jaap.xlsx?headers=keys', headers: { authorization: `Bearer ${t.token}` } });
    const before = await t.services.db.selectFrom('submission').select(['id', 'data', 'geo_code', 'period']).where('definition_key', '=', 'jaap').orderBy('id').execute();
    await t.services.db.deleteFrom('submission_version').where('submission_id', 'in', [a, b]).execute();
    await t.services.db.deleteFrom('submission').where('id', 'in', [a, b]).execute();
    const back = (await post('jaap', exported.rawPayload)).json();
    expect([back.stored, JSON.stringify(back.refused)]).toEqual([2, '[]']);
    const after = await t.services.db.selectFrom('submission').select(['id', 'data', 'geo_code', 'period']).where('definition_key', '=', 'jaap').orderBy('id').execute();
    expect(after).toEqual(before);

    // SA Studio's ZIP export (records CSV + one CSV per repeat group) imports back the same way.
    const zipped = await t.app.inject({ method: 'GET', url: '/export/jaap.zip?headers=keys', headers: { authorization: `Bearer ${t.token}` } });
    await t.services.db.deleteFrom('submission_version').where('submission_id', 'in', [a, b]).execute();
    await t.services.db.deleteFrom('submission').where('id', 'in', [a, b]).execute();
    const postZip = async (body: Buffer) => settle(t.app, t.token, await t.app.inject({ method: 'POST', url: '/admin/forms/jaap/data', headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/zip' }, payload: body }));
    expect((await postZip(zipped.rawPayload)).json()).toMatchObject({ stored: 2, refused: [] });
    expect(await t.services.db.selectFrom('submission').select(['id', 'data', 'geo_code', 'period']).where('definition_key', '=', 'jaap').orderBy('id').execute()).toEqual(before);

    // ODK Central's zip: repeat rows point at their record with PARENT_KEY (uuid:…/actions[n]).
    const c = randomUUID();
    const zip = archiver('zip');
    const parts: Buffer[] = [];
    zip.on('data', (d: Buffer) => parts.push(d));
    const ended = new Promise((r) => zip.on('end', r));
    zip.append('SubmissionDate,commune,cycle_year,interface_meeting_date,meta-instanceID,KEY\n' + `2026-07-03,010201,2026,2026-07-03,uuid:${c},uuid:${c}\n`, { name: 'jaap.csv' });
    zip.append('issue,action,responsible,service,funding_source,status,PARENT_KEY,KEY\n' + `Roads,Fill the holes,Commune,commune,commune_fund,ongoing,uuid:${c},uuid:${c}/actions[1]\n`, { name: 'jaap-actions.csv' });
    await zip.finalize();
    await ended;
    expect((await postZip(Buffer.concat(parts))).json()).toMatchObject({ stored: 1, refused: [] });
    expect((await read(c)).actions).toEqual([{ issue: 'Roads', action: 'Fill the holes', responsible: 'Commune', service: 'commune', funding_source: 'commune_fund', status: 'ongoing' }]);
    expect((await postZip(Buffer.from('PK\u0003\u0004 not a zip'))).json().errors[0].path).toBe('file');
  });
});
