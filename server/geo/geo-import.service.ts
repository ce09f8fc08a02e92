// Import rules: parse (pure) → validate against the database → upsert in batches → retire what a
// complete level no longer lists. Runs in the caller's transaction: with any error nothing is written.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { GEO_LEVELS, levelOf, type GeoImportError, type GeoLevel, type ParsedGeo } from './geo-codes';
import { parseGeoCsv, parseGeoXlsx } from './geo-parse-table';
import { parseGeoYaml } from './geo-parse-yaml';
import { MAX_REPORTED_ERRORS, validateGeoImport } from './geo-validate';
import { activeCodes, BATCH_SIZE, retireMissing, upsertUnits } from './geo.repository';

export type GeoFormat = 'yaml' | 'csv' | 'xlsx';

export interface GeoImportResult {
  ok: boolean;
  total: number;
  added: number;
  updated: number;
  unchanged: number;
  retired: number;
  /** Levels that were complete in the import (and so could retire units). */
  completeLevels: GeoLevel[];
  errors: GeoImportError[];
  durationMs: number;
}

export type Progress = (done: number, total: number) => void;

export function mergeParsed(parts: ParsedGeo[]): ParsedGeo {
  const completeLevels = [...new Set(parts.flatMap((p) => p.completeLevels))];
  return { units: parts.flatMap((p) => p.units), completeLevels, errors: parts.flatMap((p) => p.errors) };
}

export function formatOf(nameOrType: string): GeoFormat | null {
  const s = nameOrType.toLowerCase();
  if (/\.ya?ml$|[/+-]yaml\b/.test(s)) return 'yaml';
  if (/\.csv$|text\/csv/.test(s)) return 'csv';
  if (/\.xlsx$|spreadsheetml\.sheet/.test(s)) return 'xlsx';
  return null;
}

export async function parseGeoFile(content: Buffer, format: GeoFormat, options: { complete?: boolean; file?: string } = {}): Promise<ParsedGeo> {
  if (format === 'xlsx') return parseGeoXlsx(content, options);
  const text = content.toString('utf8');
  return format === 'yaml' ? parseGeoYaml(text, options.file) : parseGeoCsv(text, options);
}

function failed(parsed: ParsedGeo, errors: GeoImportError[], started: number): GeoImportResult {
  return { ok: false, total: parsed.units.length, added: 0, updated: 0, unchanged: 0, retired: 0, completeLevels: parsed.completeLevels, errors, durationMs: Date.now() - started };
}

/** Validates and writes a parsed import in `trx`. Reports progress after every batch. */
export async function importGeoUnits(trx: Kysely<Database>, parsed: ParsedGeo, onProgress: Progress = () => undefined): Promise<GeoImportResult> {
  const started = Date.now();
  if (parsed.units.length === 0) {
    const none = { path: '', message: { en: 'The file lists no units.', km: 'ឯកសារមិនមានឯកតារដ្ឋបាលទេ។' } };
    return failed(parsed, parsed.errors.length > 0 ? parsed.errors : [none], started);
  }
  // Structural errors and row errors are reported together, so one round of fixes is enough.
  const errors = [...parsed.errors, ...validateGeoImport(parsed.units, parsed.completeLevels, await activeCodes(trx))];
  if (errors.length > 0) return failed(parsed, errors.slice(0, MAX_REPORTED_ERRORS + 1), started);

  // Parents first, so every batch's foreign keys already resolve.
  const units = [...parsed.units].sort((a, b) => a.code.length - b.code.length || (a.code < b.code ? -1 : 1));
  const now = new Date();
  let added = 0;
  let updated = 0;
  onProgress(0, units.length);
  for (let i = 0; i < units.length; i += BATCH_SIZE) {
    const batch = units.slice(i, i + BATCH_SIZE);
    const result = await upsertUnits(trx, batch, now);
    added += result.added;
    updated += result.updated;
    onProgress(i + batch.length, units.length);
  }
  let retired = 0;
  for (const level of GEO_LEVELS.filter((l) => parsed.completeLevels.includes(l))) {
    retired += await retireMissing(trx, level, units.filter((u) => levelOf(u.code) === level).map((u) => u.code), now);
  }
  return {
    ok: true,
    total: units.length,
    added,
    updated,
    unchanged: units.length - added - updated,
    retired,
    completeLevels: parsed.completeLevels,
    errors: [],
    durationMs: Date.now() - started,
  };
}
