// Why: exceljs's streaming reader parses an .xlsx in the zip's stored order. When sheets come before
// the workbook index and the shared strings (Excel and exceljs both store them so), it parks the sheets
// in temp files and sometimes loses them (exceljs#3064): over HTTP about one upload in 40 came back
// "no survey sheet" or "reading 'sheets'". Uploads are bounded, so the bytes are held, the central
// directory is read, every entry is inflated once under a size cap (a zip bomb stops at the cap), and
// the entries are written back, not recompressed, in the order the reader handles in one pass.
import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';

const inflate = promisify(inflateRaw);

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;

export class ZipError extends Error {}

interface Entry {
  name: string;
  index: number;
  method: number;
  compressedSize: number;
  central: Buffer;
  local: Buffer;
}

function readEntries(zip: Buffer): Entry[] {
  const from = Math.max(0, zip.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = zip.length - 22; i >= from; i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('not a zip archive');
  const count = zip.readUInt16LE(eocd + 10);
  const size = zip.readUInt32LE(eocd + 12);
  let at = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || at === 0xffffffff) throw new ZipError('ZIP64 archives are not read');
  if (at + size > eocd) throw new ZipError('broken central directory');
  const entries: Entry[] = [];
  for (let index = 0; index < count; index++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL) throw new ZipError('broken central directory');
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const end = at + 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const offset = zip.readUInt32LE(at + 42);
    if (end > zip.length || offset + 30 > zip.length || zip.readUInt32LE(offset) !== LOCAL) throw new ZipError('broken entry header');
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    let localEnd = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28) + compressedSize;
    if (flags & 0x08) localEnd += localEnd + 4 <= zip.length && zip.readUInt32LE(localEnd) === DESCRIPTOR ? 16 : 12;
    if (localEnd > zip.length) throw new ZipError('truncated entry');
    entries.push({ name, index, method, compressedSize, central: zip.subarray(at, end), local: zip.subarray(offset, localEnd) });
    at = end;
  }
  return entries;
}

/** The one-pass order: workbook relations, index, shared strings, styles, the rest, sheets, then metadata last. */
function rank(name: string): number {
  if (name === 'xl/_rels/workbook.xml.rels') return 0;
  if (name === 'xl/workbook.xml') return 1;
  if (name === 'xl/sharedStrings.xml') return 2;
  if (name === 'xl/styles.xml') return 3;
  if (name.startsWith('xl/worksheets/')) return 5;
  if (name === '[Content_Types].xml' || name.startsWith('docProps/')) return 6;
  return 4;
}

/** Every entry's unpacked bytes, `maxInflatedBytes` in all at most (a directory entry is checked too). */
async function unpack(entries: readonly Entry[], maxInflatedBytes: number): Promise<Array<{ entry: Entry; data: Buffer }>> {
  const out: Array<{ entry: Entry; data: Buffer }> = [];
  let inflated = 0;
  for (const entry of entries) {
    const raw = entry.local.subarray(30 + entry.local.readUInt16LE(26) + entry.local.readUInt16LE(28)).subarray(0, entry.compressedSize);
    let data: Buffer;
    if (entry.method === 0) data = raw;
    else if (entry.method === 8) {
      data = await inflate(raw, { maxOutputLength: Math.max(1, maxInflatedBytes - inflated + 1) }).catch((error: unknown) => {
        throw new ZipError(error instanceof RangeError ? 'the content is too large once unpacked' : `entry ${entry.name} cannot be unpacked`);
      });
    } else throw new ZipError(`entry ${entry.name} uses an unsupported compression`);
    inflated += data.length;
    if (inflated > maxInflatedBytes) throw new ZipError('the content is too large once unpacked');
    out.push({ entry, data });
  }
  return out;
}

/** Unpacks every file of a zip (a zip of CSV files: ODK Central's and SA Studio's exports) under the same cap. */
export async function zipFiles(zip: Buffer, maxInflatedBytes: number): Promise<Array<{ name: string; data: Buffer }>> {
  return (await unpack(readEntries(zip), maxInflatedBytes)).filter(({ entry }) => !entry.name.endsWith('/')).map(({ entry, data }) => ({ name: entry.name, data }));
}

/**
 * The archive with its entries in one-pass order, after inflating each under `maxInflatedBytes` in all
 * (ZipError past it, or for anything that is not a plain zip of stored/deflated entries).
 */
export async function streamableXlsx(zip: Buffer, maxInflatedBytes: number): Promise<Buffer> {
  const entries = readEntries(zip);
  await unpack(entries, maxInflatedBytes); // checked, not kept: the reader unpacks again as it streams
  const ordered = [...entries].sort((a, b) => rank(a.name) - rank(b.name) || a.index - b.index);
  const parts: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of ordered) {
    const central = Buffer.from(entry.central);
    central.writeUInt32LE(offset, 42);
    centrals.push(central);
    parts.push(entry.local);
    offset += entry.local.length;
  }
  const directory = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(EOCD, 0);
  eocd.writeUInt16LE(ordered.length, 8);
  eocd.writeUInt16LE(ordered.length, 10);
  eocd.writeUInt32LE(directory.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, eocd]);
}
