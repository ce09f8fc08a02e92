// Pure geography parsing and validation: YAML levels, CSV quirks (BOM, quotes, `;`, lost zeros), and
// the parent rule that depends on which levels an import lists completely.
import { describe, expect, it } from 'vitest';
import { levelOf, parentOf, pathCodes } from '../../server/geo/geo-codes';
import { readCsv } from '../../server/core/uploads/csv-read';
import { normaliseCode, parseGeoCsv } from '../../server/geo/geo-parse-table';
import { parseGeoYaml } from '../../server/geo/geo-parse-yaml';
import { validateGeoImport } from '../../server/geo/geo-validate';

describe('geography codes', () => {
  it('derive level, parent and path from the code', () => {
    expect([levelOf('01'), levelOf('0102'), levelOf('010201'), levelOf('01020101')]).toEqual(['province', 'district', 'commune', 'village']);
    expect([parentOf('01'), parentOf('01020101')]).toEqual([null, '010201']);
    expect(pathCodes('010201')).toEqual(['01', '0102', '010201']);
    expect([normaliseCode('1020101'), normaliseCode('1'), normaliseCode('0102'), normaliseCode('102.0')]).toEqual(['01020101', '01', '0102', '0102']);
  });
});

describe('CSV reading', () => {
  it('handles a BOM, quotes, doubled quotes, CRLF and a ; separator', () => {
    expect(readCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n')).toEqual([['a', 'b'], ['x, y', 'say "hi"']]);
    expect(readCsv('code;name_km\n01;ក')).toEqual([['code', 'name_km'], ['01', 'ក']]);
  });

  it('numbers rows as a spreadsheet does and only marks levels complete when asked', () => {
    const csv = 'Code,NAME_KM,name_en,lat\n\n0102,ក,A,13.123456789\n';
    const partial = parseGeoCsv(csv);
    expect(partial.units[0]).toMatchObject({ code: '0102', nameKm: 'ក', lat: 13.1234568, lng: null, source: { row: 3 } });
    expect(partial.completeLevels).toEqual([]);
    expect(parseGeoCsv(csv, { complete: true }).completeLevels).toEqual(['district']);
  });
});

describe('gazetteer YAML', () => {
  it('reads every document and level, with names, types and coordinates', () => {
    const yaml = "---\nprovinces:\n  '01':\n    name: {km: ក, latin: A}\n    administrative_unit: {km: ខេត្ត, latin: Khaet, en: Province}\n    geodata: {lat: '13.5', long: '102.9'}\n---\ndistricts:\n  '0102':\n    name: {km: ខ, latin: B}\n";
    const parsed = parseGeoYaml(yaml, 'g.yml');
    expect(parsed.errors).toEqual([]);
    expect(parsed.completeLevels).toEqual(['province', 'district']);
    expect(parsed.units[0]).toMatchObject({ code: '01', nameEn: 'A', unitTypeKm: 'ខេត្ត', unitTypeEn: 'Province', lat: 13.5, lng: 102.9, source: { file: 'g.yml', yamlPath: 'provinces.01' } });
  });

  it('reports unknown lists and syntax errors with a line', () => {
    expect(parseGeoYaml('towns: {}').errors[0]).toMatchObject({ path: 'towns' });
    expect(parseGeoYaml('a: b\n  c: [').errors[0]).toMatchObject({ row: expect.any(Number), path: '' });
  });
});

describe('import validation', () => {
  const unit = (code: string) => ({ code, nameKm: 'ក', nameEn: '', unitTypeKm: '', unitTypeEn: '', lat: null, lng: null, source: { row: 2 } });

  it('accepts a parent from the database unless the import lists that level completely', () => {
    expect(validateGeoImport([unit('010201')], [], new Set(['01', '0102']))).toEqual([]);
    const errors = validateGeoImport([unit('0103'), unit('010201')], ['district'], new Set(['01', '0102']));
    expect(errors).toMatchObject([{ row: 2, code: '010201', path: 'code', message: { en: 'Parent 0102 of 010201 does not exist.' } }]);
  });

  it('fills empty unit types with the level default and caps long reports', () => {
    const u = unit('01');
    validateGeoImport([u], [], new Set());
    expect([u.unitTypeKm, u.unitTypeEn]).toEqual(['ខេត្ត', 'Province']);
    const many = Array.from({ length: 600 }, (_, i) => unit(`99${String(i).padStart(2, '0')}`.slice(0, 4)));
    expect(validateGeoImport(many, [], new Set()).length).toBe(501);
  });
});
