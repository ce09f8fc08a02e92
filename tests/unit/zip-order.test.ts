// zip-order: XLSX uploads are put in the order exceljs's streaming reader handles in one pass (its own
// writer stores the sheet index last, Excel stores shared strings after the sheets), entries are copied
// byte for byte, and the unpacked size is capped (a zip bomb stops at the cap).
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { streamableXlsx, ZipError } from '../../server/core/uploads/zip-order';

/** The entry names of a zip, in stored order (local headers walked from the start). */
function storedOrder(zip: Buffer): string[] {
  const names: string[] = [];
  let at = 0;
  while (zip.readUInt32LE(at) === 0x04034b50) {
    const nameLength = zip.readUInt16LE(at + 26);
    names.push(zip.toString('utf8', at + 30, at + 30 + nameLength));
    let size = zip.readUInt32LE(at + 18);
    const flags = zip.readUInt16LE(at + 6);
    if (flags & 0x08) {
      // sizes are in the central directory: find this entry there
      const cd = zip.indexOf(Buffer.concat([Buffer.from([0x50, 0x4b, 0x01, 0x02])]), 0);
      let c = cd;
      while (zip.readUInt32LE(c) === 0x02014b50) {
        const n = zip.readUInt16LE(c + 28);
        if (zip.readUInt32LE(c + 42) === at) size = zip.readUInt32LE(c + 20);
        c += 46 + n + zip.readUInt16LE(c + 30) + zip.readUInt16LE(c + 32);
      }
    }
    at += 30 + nameLength + zip.readUInt16LE(at + 28) + size;
    if (flags & 0x08) at += zip.readUInt32LE(at) === 0x08074b50 ? 16 : 12;
  }
  return names;
}

async function workbook(rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('survey');
  ws.addRow(['type', 'name', 'label']);
  for (let i = 0; i < rows; i++) ws.addRow(['text', `q${i}`, 'the same label again and again']);
  wb.addWorksheet('choices').addRow(['list_name', 'name']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('streamableXlsx', () => {
  it('puts the index, shared strings and styles before the sheets and metadata last, and the result still reads', async () => {
    const zip = await workbook(3);
    expect(storedOrder(zip).indexOf('xl/workbook.xml')).toBeGreaterThan(storedOrder(zip).indexOf('xl/worksheets/sheet1.xml')); // exceljs stores it last
    const ordered = await streamableXlsx(zip, 10_000_000);
    const names = storedOrder(ordered).filter((n) => !n.endsWith('/'));
    expect(names.slice(0, 4)).toEqual(['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml']);
    expect(names.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(names.indexOf('xl/worksheets/sheet2.xml'));
    expect(names.slice(-3)).toEqual(['[Content_Types].xml', 'docProps/app.xml', 'docProps/core.xml']);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(ordered as unknown as ArrayBuffer);
    expect(back.worksheets.map((w) => [w.name, w.rowCount])).toEqual([['survey', 4], ['choices', 1]]);
  });

  it('refuses content that unpacks past the cap, and what is not a zip', async () => {
    const zip = await workbook(20_000); // ~100 KB packed, several MB of XML unpacked
    await expect(streamableXlsx(zip, 1_000_000)).rejects.toThrow(new ZipError('the content is too large once unpacked'));
    expect((await streamableXlsx(zip, 50_000_000)).length).toBeGreaterThan(zip.length * 0.9);
    await expect(streamableXlsx(Buffer.from('PK\u0003\u0004 not a zip at all'), 1000)).rejects.toThrow(ZipError);
    const cut = zip.subarray(0, zip.length - 30);
    await expect(streamableXlsx(cut, 50_000_000)).rejects.toThrow(ZipError);
  });
});
