// Geography reads (any signed-in user: geography is not secret; `inMyArea` narrows pickers to where
// the user may submit) and the import job: only holders of `geo.import` may start or watch one.
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/permissions';
import { scopeOf } from '../auth/scope';
import { recordAudit } from '../audit/audit.repository';
import type { Database } from '../db/schema';
import { inTransactionOf } from '../db/transaction';
import { Problem } from '../http/problems';
import { isGeoCode, isGeoLevel, pathCodes, GEO_LEVELS } from './geo-codes';
import { importGeoUnits, parseGeoFile, type GeoFormat } from './geo-import.service';
import type { GeoImportJob, GeoImportJobs } from './geo-jobs';
import { findUnits, listUnits, type GeoListQuery, type GeoUnitRow } from './geo.repository';

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

/** Starts a background import of one uploaded file; the caller polls the job. */
export function startGeoImport(
  db: Kysely<Database>,
  actor: Actor | null,
  jobs: GeoImportJobs,
  upload: { content: Buffer; format: GeoFormat; complete: boolean },
  log: (error: unknown) => void,
): GeoImportJob {
  const who = requireActor(actor, 'geo.import');
  if (jobs.running()) {
    throw new Problem('CONFLICT', { message: { en: 'Another geography import is running. Wait for it to finish.', km: 'ការនាំចូលភូមិសាស្ត្រមួយទៀតកំពុងដំណើរការ។ សូមរង់ចាំ។' } });
  }
  const job = jobs.create(who.id);
  void (async () => {
    try {
      const parsed = await parseGeoFile(upload.content, upload.format, { complete: upload.complete });
      const result = await inTransactionOf(db, async (trx) => {
        const r = await importGeoUnits(trx, parsed, (done, total) => jobs.progress(job, done, total));
        if (r.ok) {
          const { errors: _none, ...counts } = r;
          await recordAudit(trx, { actorId: who.id, actorName: who.username, action: 'geo.import', entity: 'geo_unit', entityId: job.id, after: counts, ip: who.ip });
        }
        return r;
      });
      jobs.finish(job, result);
    } catch (error) {
      log(error);
      const internal = new Problem('INTERNAL');
      jobs.finish(job, { ok: false, total: job.total, added: 0, updated: 0, unchanged: 0, retired: 0, completeLevels: [], errors: [{ path: '', message: internal.localized }] });
    }
  })();
  return job;
}

export function getGeoImportJob(actor: Actor | null, jobs: GeoImportJobs, id: string): GeoImportJob {
  requireActor(actor, 'geo.import');
  const job = jobs.get(id);
  if (!job) throw new Problem('NOT_FOUND');
  return job;
}
