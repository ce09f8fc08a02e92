// GET /api/xlsform/<key>@<version>.xlsx and POST /admin/forms/import on every engine: an XLSForm becomes a draft with its report; the key is
// taken only once unless replace=1; callers without definition.edit are refused before the body is
// read; files that are not XLSForms get BAD_INPUT or IMPORT_INVALID with rows, and nothing is stored.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { userWith } from './geo-helpers';

const engines = await testEngines();
afterAll(closeSharedPglite);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FIXTURE = readFileSync(new URL('../fixtures/xlsform/isaf-features.xlsx', import.meta.url));

async function workbook(sheets: Record<string, string[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) wb.addWorksheet(name).addRows(rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each(engines)('XLSForm import on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
  });
  afterEach(async () => t.close());

  const upload = (body: Buffer, query = '', token: string | null = t.token, type = XLSX) =>
    t.app.inject({ method: 'POST', url: `/admin/forms/import${query}`, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': type }, payload: body });
  const drafts = async () => (await t.services.db.selectFrom('definition').select(['key', 'version', 'status']).where('key', 'like', 'isaf-meeting%').orderBy('key').execute());

  it('makes a draft with the report, then refuses the same key unless asked for its next draft', async () => {
    const res = await upload(FIXTURE);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ key: 'isaf-meeting', version: 1, status: 'draft', fields: 13 }); // its geopoint question is a GPS field now
    expect(body.issues.map((i: any) => `${i.sheet}:${i.row}:${i.column}:${i.code}`)).toContain('choices:10:name:XLSFORM_BAD_CHOICE');
    expect(body.issues[0].message.km).toMatch(/[\u1780-\u17FF]/);
    const read = await t.gql('query { definition(key: "isaf-meeting", version: 1) { status title(locale: "km") schema } }');
    expect(read.data.definition).toMatchObject({ status: 'DRAFT', title: 'កិច្ចប្រជុំ ISAF (នាំចូល)' });
    expect(read.data.definition.schema.properties.total).toMatchObject({ minimum: 0, maximum: 500 });
    expect(read.data.definition.schema.properties.school['x-choice-filter']).toEqual({ '==': [{ var: 'choice.service' }, { var: 'service' }] });
    const audit = await t.services.db.selectFrom('audit_event').select(['action', 'entity_id']).where('action', '=', 'definition.save_draft').execute();
    expect(audit).toEqual([{ action: 'definition.save_draft', entity_id: 'isaf-meeting@1' }]);

    const again = await upload(FIXTURE);
    expect([again.statusCode, again.json().code, again.json().errors[0].path]).toEqual([409, 'CONFLICT', 'key']);
    const other = await upload(FIXTURE, '?key=isaf-meeting-copy');
    expect([other.statusCode, other.json().key]).toEqual([201, 'isaf-meeting-copy']);
    const replaced = await upload(FIXTURE, '?replace=1');
    expect([replaced.statusCode, replaced.json().version]).toEqual([201, 1]); // the open draft is updated
    expect(await drafts()).toEqual([{ key: 'isaf-meeting', version: 1, status: 'draft' }, { key: 'isaf-meeting-copy', version: 1, status: 'draft' }]);
    const badKey = await upload(FIXTURE, '?key=Bad_Key');
    expect([badKey.statusCode, badKey.json().code, badKey.json().errors[0].path]).toEqual([400, 'BAD_INPUT', 'key']);
  });

  it('refuses callers without definition.edit before reading the body, and wrong types', async () => {
    const big = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(4_000_000, 1)]);
    expect((await upload(big, '', null)).json().code).toBe('UNAUTHENTICATED');
    const facilitator = await userWith(t, 'fac', 'facilitator', '01');
    expect((await upload(big, '', facilitator)).json().code).toBe('FORBIDDEN');
    expect((await upload(FIXTURE, '', t.token, 'text/csv')).json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const tooBig = await upload(Buffer.alloc(6 * 1024 * 1024, 1));
    expect([tooBig.statusCode, tooBig.json().code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(await drafts()).toEqual([]);
  });

  it('answers BAD_INPUT for a file that is not a workbook and IMPORT_INVALID, by row, for one with nothing to import', async () => {
    const broken = await upload(Buffer.from('PK\u0003\u0004 not really a zip'));
    expect([broken.statusCode, broken.json().code, broken.json().errors[0].path]).toEqual([400, 'BAD_INPUT', 'file']);
    const notForm = await upload(await workbook({ data: [['a', 'b'], ['1', '2']] }));
    expect([notForm.statusCode, notForm.json().code]).toEqual([422, 'IMPORT_INVALID']);
    expect(notForm.json().errors.map((e: any) => e.keyword)).toEqual(['XLSFORM_NO_SURVEY']);
    const nothing = await upload(await workbook({ survey: [['type', 'name', 'label'], ['video', 'where', 'Where'], ['start', 'start', '']] }));
    expect(nothing.statusCode).toBe(422);
    expect(nothing.json().errors.map((e: any) => `${e.file}:${e.row}:${e.keyword}`)).toEqual(['survey:1:XLSFORM_NO_FIELDS', 'survey:2:XLSFORM_UNSUPPORTED_TYPE', 'survey:3:XLSFORM_UNSUPPORTED_TYPE']);
    expect(await drafts()).toEqual([]);
  });

  it('exports a published form as an XLSForm that imports back as the same form; drafts only for editors', async () => {
    const get = (file: string, token: string | null = t.token) => t.app.inject({ method: 'GET', url: `/api/xlsform/${file}`, headers: token ? { authorization: `Bearer ${token}` } : {} });
    const res = await get('jaap@1.xlsx');
    expect([res.statusCode, res.headers['content-type'], res.headers['content-disposition']]).toEqual([200, XLSX, 'attachment; filename="jaap@1.xlsx"']);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['survey', 'choices', 'settings', 'sa_studio_remarks']);
    expect(book.getWorksheet('settings')!.getRow(2).getCell(3).value).toBe('jaap'); // form_id
    const back = await upload(res.rawPayload, '?key=jaap-again');
    expect([back.statusCode, back.json().fields, back.json().issues.filter((i: any) => i.severity === 'error')]).toEqual([201, 5, []]); // commune, cycle year, meeting date, actions, notes
    const facilitator = await userWith(t, 'fac2', 'facilitator', '01');
    expect((await get('jaap@1.xlsx', facilitator)).statusCode).toBe(200);
    expect((await get('jaap-again@1.xlsx', facilitator)).json().code).toBe('DEFINITION_NOT_FOUND'); // a draft
    expect((await get('jaap-again@1.xlsx')).statusCode).toBe(200);
    expect((await get('jaap@9.xlsx')).json().code).toBe('DEFINITION_NOT_FOUND');
    expect([(await get('jaap.xlsx')).statusCode, (await get('jaap.xlsx')).json().errors[0].path]).toEqual([400, 'file']);
    expect((await get('jaap@1.xlsx', null)).json().code).toBe('UNAUTHENTICATED');
  });
});
