// Geography reads (any signed-in user: geography is not secret; `inMyArea` narrows pickers to where
// the user may submit) and the import job: only holders of `geo.import` may start or watch one.
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/permissions';
import { scopeOf } from '../auth/scope';
import { recordAudit } from '../audit/audit.repository';
import type { Database, GeoUnitRow } from '../db/schema';
import { inTransactionOf } from '../db/transaction';
import { Problem } from '../core/problems';
import { acquireImportLock } from '../core/uploads/import-lock.repository';
import { UploadBudget, type UploadLimits } from '../core/uploads/upload-limits';
import { readUpload } from '../core/uploads/upload-read';
import { isGeoCode, isGeoLevel, pathCodes, GEO_LEVELS, type ParsedGeo } from './geo-codes';
import { areaProblem, importGeoUnits, outsideArea, parseGeoStream, type GeoFormat, type GeoImportResult } from './geo-import.service';
import type { GeoImportJob, GeoImportJobs } from './geo-jobs';
import { findUnits, listUnits, type GeoListQuery } from './geo.repository';

export interface GeoUnitsArgs {
  parent?: string | null;
  level?: string | null;
  search?: string | null;
  includeRetired?: boolean | null;
  inMyArea?: boolean | null;
}

function bad(path: string, en: string, km: string): Problem {
  return new Problem('BAD_INPUT', { errors: [{ path, keyword: 'format', message: { en, km } }] });
}

function checkCode(path: string, code: string): void {
  if (!isGeoCode(code)) throw bad(path, 'Use a code of 2, 4, 6 or 8 digits.', 'សូមប្រើលេខកូដ ២ ៤ ៦ ឬ ៨ ខ្ទង់។');
}

export async function listGeoUnits(db: Kysely<Database>, actor: Actor | null, args: GeoUnitsArgs): Promise<GeoUnitRow[]> {
  const who = requireActor(actor);
  if (args.parent) checkCode('parent', args.parent);
  if (args.level && !isGeoLevel(args.level)) throw bad('level', `Use one of ${GEO_LEVELS.join(', ')}.`, `សូមប្រើ ${GEO_LEVELS.join(', ')}។`);
  const search = args.search?.trim() || null;
  if (search && search.length > 100) throw bad('search', 'Search at most 100 characters.', 'ស្វែងរកបានយ៉ាងច្រើន ១០០ តួអក្សរ។');
  const query: GeoListQuery = { parent: args.parent ?? null, level: (args.level as GeoListQuery['level']) ?? null, search, includeRetired: args.includeRetired ?? false };
  if (args.inMyArea) {
    const scope = scopeOf(who, 'submission.create');
    if (!scope.all) {
      const ancestors = [...new Set(scope.prefixes.flatMap((p) => pathCodes(p).slice(0, -1)))];
      query.area = { prefixes: scope.prefixes, ancestors };
    }
  }
  return listUnits(db, query);
}

export async function getGeoUnit(db: Kysely<Database>, actor: Actor | null, code: string): Promise<GeoUnitRow | null> {
  requireActor(actor);
  checkCode('code', code);
  return (await findUnits(db, [code]))[0] ?? null;
}

/** The unit and its ancestors, province first (breadcrumbs). Empty when the code is unknown. */
export async function getGeoPath(db: Kysely<Database>, actor: Actor | null, code: string): Promise<GeoUnitRow[]> {
  requireActor(actor);
  checkCode('code', code);
  const rows = await findUnits(db, pathCodes(code));
  return rows.some((r) => r.code === code) ? rows : [];
}

/**
 * Reads one uploaded file (streamed, within `limits`) and starts its background import; the caller
 * polls the job. Answers before the job: IMPORT_RUNNING when any instance is importing geography,
 * BAD_INPUT for an unreadable file, PAYLOAD_TOO_LARGE past a limit, FORBIDDEN (with every offending
 * unit) when the file lists units outside the importer's `geo.import` area.
 */
export async function startGeoImport(
  db: Kysely<Database>,
  actor: Actor | null,
  jobs: GeoImportJobs,
  upload: { body: unknown; format: GeoFormat; complete: boolean; limits: UploadLimits },
  log: (error: unknown) => void,
): Promise<GeoImportJob> {
  const who = requireActor(actor, 'geo.import');
  const area = scopeOf(who, 'geo.import');
  // This instance's own registry answers at once; the lock row covers the other instances.
  if (jobs.running()) throw new Problem('IMPORT_RUNNING');
  const lock = await acquireImportLock(db, 'geo');
  let parsed: ParsedGeo;
  try {
    const budget = new UploadBudget(upload.limits);
    parsed = await readUpload(upload.body, budget, (stream) => parseGeoStream(stream, upload.format, budget, { complete: upload.complete }));
    const outside = outsideArea(parsed.units, area);
    if (outside.length > 0) throw areaProblem(outside);
  } catch (error) {
    await lock.release();
    throw error;
  }
  let job: GeoImportJob;
  try {
    job = await jobs.create(who.id, lock.holder);
  } catch (error) {
    await lock.release();
    throw error;
  }
  jobs.track((async () => {
    let result: Omit<GeoImportResult, 'durationMs'>;
    try {
      result = await inTransactionOf(db, async (trx) => {
        const r = await importGeoUnits(trx, parsed, (done, total) => jobs.progress(job, done, total), area);
        if (r.ok) {
          const { errors: _none, ...counts } = r;
          await recordAudit(trx, { actorId: who.id, actorName: who.username, action: 'geo.import', entity: 'geo_unit', entityId: job.id, after: counts, ip: who.ip });
        }
        return r;
      });
    } catch (error) {
      log(error);
      const internal = new Problem('INTERNAL');
      result = { ok: false, total: job.total, added: 0, updated: 0, unchanged: 0, retired: 0, completeLevels: [], errors: [{ path: '', message: internal.localized }] };
    } finally {
      // Released before the job says it is finished: a client that starts the next import as soon as
      // it reads "done" must not find the lock still held (IMPORT_RUNNING).
      await lock.release().catch(log);
    }
    await jobs.finish(job, result);
  })());
  return job;
}

export async function getGeoImportJob(actor: Actor | null, jobs: GeoImportJobs, id: string): Promise<GeoImportJob> {
  requireActor(actor, 'geo.import');
  const job = await jobs.get(id);
  if (!job) throw new Problem('NOT_FOUND');
  return job;
}
