// Reads an import from disk for the CLI: one file, or a folder whose .yml/.yaml/.csv/.xlsx files are
// read together (the gazetteer folder: provinces.yml, districts.yml, communes.yml, villages.yml).
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ParsedGeo } from './geo-codes';
import { formatOf, mergeParsed, parseGeoFile } from './geo-import.service';

export async function readGeoPath(path: string, options: { complete?: boolean } = {}): Promise<ParsedGeo> {
  const files = (await stat(path)).isDirectory()
    ? (await readdir(path)).filter((f) => formatOf(f) !== null && formatOf(f) !== 'zip').sort().map((f) => join(path, f))
    : [path];
  if (files.length === 0) throw new Error(`No .yml, .yaml, .csv or .xlsx file in ${path}`);
  const parts: ParsedGeo[] = [];
  for (const file of files) {
    const format = formatOf(file);
    if (!format || format === 'zip') throw new Error(`Unknown file type: ${file} (use .yml, .yaml, .csv or .xlsx)`);
    parts.push(await parseGeoFile(await readFile(file), format, { ...options, file: basename(file) }));
  }
  return mergeParsed(parts);
}
