// Import rules: parse (pure) → validate against the database → upsert in batches → retire what a
// complete level no longer lists. Runs in the caller's transaction: with any error nothing is written.
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { inScope, type Scope } from '../auth/scope';
import type { Database } from '../db/schema';
import { Problem } from '../core/problems';
import { UNLIMITED, UploadBudget, tooLarge } from '../core/uploads/upload-limits';
import { readAll, type UploadFormat } from '../core/uploads/upload-read';
import { GEO_LEVELS, levelOf, type GeoImportError, type GeoLevel, type GeoUnitInput, type ParsedGeo } from './geo-codes';
import { parseGeoTableStream } from './geo-parse-table';
import { parseGeoYaml } from './geo-parse-yaml';
import { MAX_REPORTED_ERRORS, validateGeoImport } from './geo-validate';
import { activeCodes, BATCH_SIZE, retireMissing, upsertUnits } from './geo.repository';

export type GeoFormat = Exclude<UploadFormat, 'zip'>;
export { formatOf } from '../core/uploads/upload-read';

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

/**
 * Parses one file as it streams in, within `budget` (rows, cells, time; the caller caps the bytes).
 * YAML is parsed whole (js-yaml has no streaming reader), so its byte cap is what bounds it.
 */
export async function parseGeoStream(source: Readable, format: GeoFormat, budget: UploadBudget, options: { complete?: boolean; file?: string } = {}): Promise<ParsedGeo> {
  if (format !== 'yaml') return parseGeoTableStream(source, format, budget, options);
  const text = (await readAll(source)).toString('utf8');
  budget.checkTime();
  const parsed = parseGeoYaml(text, options.file);
  if (parsed.units.length > budget.limits.maxRows) {
    throw tooLarge('maxRows', `The file lists more than ${budget.limits.maxRows} units; split it into smaller files.`, `ឯកសារមានឯកតាច្រើនជាង ${budget.limits.maxRows}។ សូមបំបែកវាជាឯកសារតូចៗ។`);
  }
  return parsed;
}

/** A trusted file already in memory (the command line, benchmarks): no limits. */
export async function parseGeoFile(content: Buffer, format: GeoFormat, options: { complete?: boolean; file?: string } = {}): Promise<ParsedGeo> {
  return parseGeoStream(Readable.from([content]), format, new UploadBudget(UNLIMITED), options);
}

/** Units the scope does not cover (a grant covers its code and everything under it), as errors. */
export function outsideArea(units: GeoUnitInput[], area: Scope): GeoImportError[] {
  if (area.all) return [];
  return units
    .filter((u) => !inScope(area, u.code))
    .map((u) => ({
      ...(u.source.file ? { file: u.source.file } : {}),
      ...(u.source.row ? { row: u.source.row } : {}),
      code: u.code,
      path: u.source.yamlPath ?? 'code',
      message: { en: `${u.code} is outside your area (${area.prefixes.join(', ') || '–'}).`, km: `${u.code} នៅក្រៅតំបន់របស់អ្នក (${area.prefixes.join(', ') || '–'})។` },
    }));
}

/** FORBIDDEN listing (up to MAX_REPORTED_ERRORS of) the units outside the area. */
export function areaProblem(errors: GeoImportError[]): Problem {
  const shown = errors.slice(0, MAX_REPORTED_ERRORS);
  const more = errors.length - shown.length;
  const message = { en: `${errors.length} unit(s) of the file are outside your area; nothing was imported.`, km: `ឯកតា ${errors.length} ក្នុងឯកសារនៅក្រៅតំបន់របស់អ្នក ដូច្នេះគ្មានអ្វីត្រូវបាននាំចូលទេ។` };
  return new Problem('FORBIDDEN', { message, errors: [...shown.map((e) => ({ ...e, keyword: 'area' })), ...(more > 0 ? [{ path: '', keyword: 'area', message: { en: `…and ${more} more.`, km: `…និង ${more} ទៀត។` } }] : [])] });
}

function failed(parsed: ParsedGeo, errors: GeoImportError[], started: number): GeoImportResult {
  return { ok: false, total: parsed.units.length, added: 0, updated: 0, unchanged: 0, retired: 0, completeLevels: parsed.completeLevels, errors, durationMs: Date.now() - started };
}

/**
 * Validates and writes a parsed import in `trx`. Reports progress after every batch. With `area` (the
 * importer's `geo.import` scope) every unit must lie inside it, and complete levels retire only inside it.
 */
export async function importGeoUnits(trx: Kysely<Database>, parsed: ParsedGeo, onProgress: Progress = () => undefined, area: Scope = { all: true }): Promise<GeoImportResult> {
  const started = Date.now();
  if (parsed.units.length === 0) {
    const none = { path: '', message: { en: 'The file lists no units.', km: 'ឯកសារមិនមានឯកតារដ្ឋបាលទេ។' } };
    return failed(parsed, parsed.errors.length > 0 ? parsed.errors : [none], started);
  }
  // Structural errors and row errors are reported together, so one round of fixes is enough.
  const outside = outsideArea(parsed.units, area);
  if (outside.length > 0) return failed(parsed, outside.slice(0, MAX_REPORTED_ERRORS), started);
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
    retired += await retireMissing(trx, level, units.filter((u) => levelOf(u.code) === level).map((u) => u.code), now, area.all ? null : area.prefixes);
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
