// XLSForm import: our own form using every feature the import reads (tests/fixtures/xlsform/
// isaf-features.xlsx, made by make-fixtures.ts) and public pyxform sample forms (BSD-2-Clause, see
// tests/fixtures/xlsform/pyxform/LICENSE), read by the server's streamed XLSX reader as an upload is.
import { createReadStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDefinition, fromXlsForm, offeredOptions, toFormio, validate, type Definition, type XlsFormImport } from '../../../form-engine/index';
import { readTables } from '../../../server/core/uploads/table-read';
import { UploadBudget, XLSFORM_UPLOAD_LIMITS } from '../../../server/core/uploads/upload-limits';
import { sheetsOf } from '../../../server/definitions/xlsform-import.service';

const DIR = new URL('../../fixtures/xlsform/', import.meta.url).pathname;

async function importFile(name: string): Promise<XlsFormImport> {
  const tables = await readTables(createReadStream(`${DIR}${name}`), 'xlsx', null, new UploadBudget(XLSFORM_UPLOAD_LIMITS));
  return fromXlsForm(sheetsOf(tables), { fileName: name.split('/').pop()! });
}

const issueList = (r: XlsFormImport) => r.issues.map((i) => `${i.severity} ${i.sheet}:${i.row}:${i.column} ${i.code}`);

describe('XLSForm import: every feature', async () => {
  const result = await importFile('isaf-features.xlsx');
  const def = result.definition as Definition;

  it('makes a valid draft definition keyed by form_id, titled from settings in both languages', () => {
    expect(result.key).toBe('isaf-meeting');
    expect(checkDefinition(def)).toEqual([]);
    expect(def['x-title']).toEqual({ km: 'កិច្ចប្រជុំ ISAF (នាំចូល)', en: 'ISAF meeting (imported)' });
    expect(toFormio(def, 'km').components.length).toBeGreaterThan(0);
  });

  it('turns root groups into sections, groups inside them into group fields, and keeps notes as section help', () => {
    expect(def['x-sections']!.map((s) => [s.key, s.fields])).toEqual([
      ['meeting', ['facilitator', 'meeting_date', 'service', 'school']],
      ['people', ['total', 'female', 'share_female', 'youth_group', 'groups', 'group_count']],
      ['section_4', ['criteria', 'location', 'comment']], // the geopoint imports as a gps question
    ]);
    expect(def['x-sections']![0]!.help).toEqual({ km: 'បំពេញបន្ទាប់ពីកិច្ចប្រជុំ', en: 'Fill in after the meeting' });
    expect(def.required).toEqual(['facilitator', 'meeting_date', 'service', 'total']);
  });

  it('maps types, widgets, labels, hints and choices', () => {
    const p = def.properties;
    expect(p.facilitator).toMatchObject({ type: 'string', 'x-widget': 'text', maxLength: 80, 'x-label': { km: 'អ្នកសម្របសម្រួល', en: 'Facilitator' }, 'x-help': { km: 'ឈ្មោះពេញ', en: 'Full name' } });
    expect(p.meeting_date).toMatchObject({ type: 'string', format: 'date', 'x-widget': 'date' });
    expect(p.service).toMatchObject({ type: 'string', 'x-widget': 'radio', enum: ['health', 'school', 'commune'], default: 'health' });
    expect(p.meeting_date!.default).toBeUndefined(); // today() is an expression: reported, not kept
    expect(p.service!['x-enum-labels']!.school).toEqual({ km: 'សាលាបឋមសិក្សា', en: 'Primary school' });
    expect(p.school).toMatchObject({ 'x-widget': 'select', enum: ['ps_1', 'ps_2'] });
    expect(p.total).toMatchObject({ type: 'integer', minimum: 0, maximum: 500 });
    expect(p.share_female).toMatchObject({ type: 'number', 'x-calculate': { if: [{ '>': [{ var: 'total' }, 0] }, { '/': [{ var: 'female' }, { var: 'total' }] }, 0] } });
    expect(p.groups).toMatchObject({ type: 'array', 'x-widget': 'multiselect', items: { type: 'string', enum: ['women', 'youth', 'id_poor'] }, uniqueItems: true, default: ['women', 'youth'] });
    expect(p.criteria).toMatchObject({ type: 'array', 'x-widget': 'repeat', minItems: 3, maxItems: 3 });
    expect(p.criteria!.items).toMatchObject({ 'x-order': ['criterion', 'score', 'reason'], required: ['criterion', 'score'] });
    const row = (p.criteria!.items as { properties: Record<string, any> }).properties;
    expect(row.criterion.pattern).toBe('^[^0-9]+$');
    expect(row.reason).toMatchObject({ 'x-widget': 'textarea', 'x-visible-when': { '<': [{ var: 'row.score' }, 3] } });
  });

  it('keeps choice_filter as cascading choices: the columns it reads become option attributes', () => {
    const school = def.properties.school!;
    expect(school['x-enum-data']).toEqual({ ps_1: { service: 'school' }, ps_2: { service: 'school' } });
    expect(school['x-choice-filter']).toEqual({ '==': [{ var: 'choice.service' }, { var: 'service' }] });
    const options = (Object.keys(school['x-enum-labels']!) as string[]).map((value) => ({ value, label: school['x-enum-labels']![value]!, data: school['x-enum-data']![value]! }));
    expect(offeredOptions(school['x-choice-filter'], options, { service: 'school' }).map((o) => o.value)).toEqual(['ps_1', 'ps_2']);
    expect(offeredOptions(school['x-choice-filter'], options, { service: 'health' }).map((o) => o.value)).toEqual([]);
  });

  it('translates relevant, on questions and on group fields', () => {
    const p = def.properties;
    expect(p.school!['x-visible-when']).toEqual({ '==': [{ var: 'service' }, 'school'] });
    expect(p.youth_group).toMatchObject({ type: 'object', 'x-widget': 'group', 'x-label': { km: 'ព័ត៌មានយុវជន', en: 'Youth details' }, 'x-visible-when': { '>': [{ var: 'total' }, 0] }, 'x-order': ['youth'] });
    expect(p.youth_group!.properties!.youth).toMatchObject({ type: 'integer', minimum: 0 });
    expect(p.youth_group!.properties!.youth!['x-visible-when']).toBeUndefined(); // the group hides it
    expect(p.group_count!['x-visible-when']).toEqual({ '>=': [{ reduce: [{ var: 'groups' }, { '+': [{ var: 'accumulator' }, 1] }, 0] }, 1] });
    expect(p.comment!['x-visible-when']).toBeUndefined(); // today() is outside the subset: reported below
  });

  it('reports every cell it could not carry over, by sheet, row and column', () => {
    expect(issueList(result)).toEqual([
      'error choices:10:name XLSFORM_BAD_CHOICE',
      'warning survey:1:label XLSFORM_MISSING_TRANSLATION',
      'warning survey:2:type XLSFORM_UNSUPPORTED_TYPE',
      'warning survey:4:type XLSFORM_CHANGED',
      'warning survey:5:constraint_message::english (en) XLSFORM_CHANGED',
      'warning survey:6:default XLSFORM_UNSUPPORTED_EXPRESSION',
      'warning survey:12:constraint XLSFORM_CHANGED', // a rule across fields, with no constraint_message
      'warning survey:18:constraint XLSFORM_CHANGED',
      'error survey:26:relevant XLSFORM_UNSUPPORTED_EXPRESSION',
    ]);
    for (const issue of result.issues) expect(issue.message.km).toMatch(/[\u1780-\u17FF]/);
  });

  it('gives the imported form the verdicts its XLSForm rules mean', () => {
    const criteria = [1, 2, 3].map((n) => ({ criterion: `Clean water ${'abc'[n - 1]}`, score: 4 }));
    const good = { facilitator: 'Sok', meeting_date: '2026-11-30', service: 'health', total: 40, female: 25, criteria };
    expect(validate(def, good).errors).toEqual([]);
    expect(validate(def, good).data).toMatchObject({ share_female: 0.625 });
    const keys = (data: unknown) => validate(def, data).errors.map((e) => `${e.path}:${e.keyword}`);
    expect(keys({ ...good, total: 600 })).toEqual(['total:maximum']);
    // `. >= 0 and . <= ${total}` reads another field: a cross-field rule
    expect(keys({ ...good, female: 41 })).toEqual(['female:x-constraint']);
    expect(def.properties.female!['x-constraints']![0]!.rule).toEqual({ or: [{ missing: ['female'] }, { and: [{ '>=': [{ var: 'female' }, 0] }, { '<=': [{ var: 'female' }, { var: 'total' }] }] }] });
    expect(keys({ ...good, criteria: criteria.slice(0, 2) })).toEqual(['criteria:minItems']);
    expect(keys({ ...good, criteria: [{ ...criteria[0], score: 1 }, criteria[1], criteria[2]] })).toEqual([]); // reason optional
    expect(keys({ ...good, criteria: [{ criterion: 'Room 101', score: 9 }, criteria[1], criteria[2]] })).toEqual(['criteria.0.criterion:pattern', 'criteria.0.score:maximum']);
    // school is hidden unless the service is school: a hidden answer is not stored
    expect(validate(def, { ...good, school: 'ps_1' }).data).not.toHaveProperty('school');
    expect(validate(def, { ...good, service: 'school', school: 'ps_1' }).data).toMatchObject({ school: 'ps_1' });
  });
});

describe('XLSForm import: public pyxform samples', () => {
  it.each([
    ['pyxform/xlsform_spec_test.xlsx', 'spec-test', 17], // with its geopoint, image and audio questions
    ['pyxform/group.xlsx', 'group', 2],
    ['pyxform/choice_filter_test.xlsx', 'cascading-selects1', 3],
    ['pyxform/case_insensitivity.xlsx', 'yesno', 1],
    ['pyxform/text_and_integer.xlsx', 'text-and-integer', 2],
    ['pyxform/yes_or_no_question.xlsx', 'yes-or-no-question', 1],
  ])('%s imports as a valid draft (%s, %i fields) with every dropped cell reported', async (file, key, fields) => {
    const result = await importFile(file);
    expect(result.key).toBe(key);
    expect(Object.keys(result.definition!.properties)).toHaveLength(fields);
    expect(checkDefinition(result.definition!)).toEqual([]);
    for (const issue of result.issues) {
      expect(issue.row).toBeGreaterThanOrEqual(1);
      expect(issue.message.en.length).toBeGreaterThan(10);
    }
  });

  it('imports pyxform\'s cascading selects (a repeated choice name is reported: SA Studio option values are unique)', async () => {
    const result = await importFile('pyxform/choice_filter_test.xlsx');
    const p = result.definition!.properties;
    expect(p.county!['x-choice-filter']).toEqual({ '==': [{ var: 'state' }, { var: 'choice.cf' }] });
    expect(p.city!['x-enum-data']).toMatchObject({ dumont: { cf: 'king' }, tacoma: { cf: 'pierce' } });
    expect(issueList(result).filter((i) => i.includes('choice'))).toEqual(['error choices:6:name XLSFORM_BAD_CHOICE']);
  });

  it('reads the old single-colon language columns and "select one from" types', async () => {
    const result = await importFile('pyxform/yes_or_no_question.xlsx');
    expect(result.definition!.properties.good_day).toMatchObject({ enum: ['yes', 'no'], 'x-label': { en: 'have you had a good day today?' } });
  });
});

describe('XLSForm import: files that are not forms', () => {
  it('refuses a workbook without a survey sheet', () => {
    const result = fromXlsForm({ survey: [], choices: [], settings: [] });
    expect([result.definition, issueList(result)]).toEqual([null, ['error survey:1: XLSFORM_NO_SURVEY']]);
  });
  it('refuses a survey with nothing importable, saying why for each row', () => {
    const result = fromXlsForm({ survey: [{ row: 2, cells: { type: 'geotrace', name: 'where' } }, { row: 3, cells: { type: 'end_group' } }], choices: [], settings: [] });
    expect(result.definition).toBeNull();
    expect(issueList(result)).toEqual(['error survey:1: XLSFORM_NO_FIELDS', 'error survey:2:type XLSFORM_UNSUPPORTED_TYPE', 'error survey:3:type XLSFORM_UNBALANCED_GROUP']);
  });
  it('renames invalid and duplicate names and keeps references to them working', () => {
    const result = fromXlsForm({
      survey: [
        { row: 2, cells: { type: 'integer', name: 'n-1', label: 'N' } },
        { row: 3, cells: { type: 'integer', name: 'n_1', label: 'N again' } },
        { row: 4, cells: { type: 'text', name: 'why', label: 'Why', relevant: '${n-1} > 2' } },
      ],
      choices: [],
      settings: [],
    });
    expect(Object.keys(result.definition!.properties)).toEqual(['n_1', 'n_1_2', 'why']);
    expect(result.definition!.properties.why!['x-visible-when']).toEqual({ '>': [{ var: 'n_1' }, 2] });
    expect(issueList(result)).toContain('warning survey:2:name XLSFORM_NAME_CHANGED');
    expect(issueList(result)).toContain('warning survey:3:name XLSFORM_DUPLICATE_NAME');
  });
});

describe('XLSForm import: a workbook whose sheet index arrives late or never', () => {
  // exceljs's own writer stores xl/workbook.xml (the sheet names) last, and its streaming reader
  // sometimes parses the sheets before that entry arrives (exceljs#3064): it threw "reading 'sheets'"
  // for ~1 upload in 40 over HTTP. Without the entry at all, the same code path runs every time.
  it('reads every row with the sheets unnamed, and finds the XLSForm sheets by their columns', async () => {
    const tables = await readTables(createReadStream(`${DIR}no-sheet-index.xlsx`), 'xlsx', null, new UploadBudget(XLSFORM_UPLOAD_LIMITS));
    expect(tables.map((t) => [t.sheet, t.records.length])).toEqual([['Sheet1', 25], ['Sheet2', 9], ['Sheet3', 1]]);
    const result = fromXlsForm(sheetsOf(tables));
    expect([result.key, Object.keys(result.definition!.properties).length]).toEqual(['isaf-meeting', 13]); // the geopoint is a gps question
  });
});
