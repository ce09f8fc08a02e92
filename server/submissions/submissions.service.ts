// Submission rules: authorize, load the pinned definition version, validate with the form engine
// (hidden fields dropped), derive and check the record's place and period (one derivation for every
// write path), then store idempotently: same id + same data returns the stored row, same id + other
// data is SUBMISSION_ID_TAKEN. Storing is one atomic statement (row + audit event), so `submit` takes
// plain `db`. The checks before storing are prepareSubmission, shared with syncSubmissions (batches
// accept and refuse exactly what `submit` does). Edits keep the previous version in history (caller's
// transaction).
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/permissions';
import { recordAudit } from '../audit/audit.repository';
import type { Database, FormDefinitionRow, SubmissionRow } from '../db/schema';
import type { DefinitionCache } from '../definitions/definition-cache';
import { Problem } from '../core/problems';
import type { SubmissionValidator } from './validator';
import { formAllowed, inScope, recordCovered, recordInScope, scopeOf, type Scope } from '../auth/scope';
import { isGeoCode } from '../geo/geo-codes';
import { deriveFacets, type Facets } from './facets';
import { checkGazetteer, checkPlaceRules, placeCodes, type PlaceRules } from './places';
import { checkCursor, checkPageSize, UUID } from '../core/params';
import { checkFilter, inMode, type SubmissionFilter } from './submission-filter';
import { isLocked, stateAfterEdit } from './review-states';
import { checkVersion, lockedProblem } from './review-problems';
import { enqueueSubmissionEvents } from '../webhooks/webhooks.repository';
import { claimMedia, linkMedia, mediaProblem } from '../media/media.service';
import type { InsertCoalescer } from './insert-coalescer';
import { countByKeys, archiveVersion, countMatching, findById, findForUpdate, findWithSameData, insertIfAbsent, listPage, type NewSubmission, updateData } from './submissions.repository';

export interface SubmitInput {
  id: string;
  definitionKey: string;
  definitionVersion: number;
  data: unknown;
  geoCode?: string | null | undefined;
  /** Training record; absent: the writer's training switch decides (in the insert statement). */
  training?: boolean | null | undefined;
}

export interface SubmissionDeps {
  definitions: DefinitionCache;
  validator: SubmissionValidator;
  /** Group commit of `submit`'s rows on the app's own database (insert-coalescer.ts); absent: one statement a call. */
  inserts?: InsertCoalescer;
}


function badInput(path: string, en: string, km: string): Problem {
  return new Problem('BAD_INPUT', { message: { en, km }, errors: [{ path, keyword: 'format', message: { en, km } }] });
}

function checkGeoCodeInput(geoCode: string | null | undefined): void {
  if (geoCode && !isGeoCode(geoCode)) throw badInput('geoCode', 'geoCode must be 2, 4, 6 or 8 digits.', 'geoCode ត្រូវតែមាន ២ ៤ ៦ ឬ ៨ ខ្ទង់។');
}

async function fillableDefinition(trx: Kysely<Database>, deps: SubmissionDeps, key: string, version: number): Promise<FormDefinitionRow> {
  const def = await deps.definitions.get(trx, key, version);
  // Indicators live in the same table but take no data.
  if (!def || def.status === 'draft' || def.kind !== 'form') {
    throw new Problem('NOT_FOUND', {
      message: { en: `Form ${key} version ${version} does not exist.`, km: `ទម្រង់ ${key} កំណែ ${version} មិនមានទេ។` },
      errors: [{ path: 'definitionKey', keyword: 'exists', message: { en: `There is no form ${key} version ${version}.`, km: `គ្មានទម្រង់ ${key} កំណែ ${version} ទេ។` } }],
    });
  }
  if (def.status === 'retired') {
    throw new Problem('FORM_RETIRED', { message: { en: `Form ${key} version ${version} is retired.`, km: `ទម្រង់ ${key} កំណែ ${version} ត្រូវបានឈប់ប្រើ។` } });
  }
  return def;
}

function validated(deps: SubmissionDeps, def: FormDefinitionRow, data: unknown): unknown {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw badInput('data', 'data must be a JSON object.', 'data ត្រូវតែជា JSON object។');
  }
  const result = deps.validator.validate(`${def.key}@${def.version}`, def.schema, data);
  if (result.errors.length > 0) throw new Problem('VALIDATION_FAILED', { errors: result.errors });
  return result.data;
}

/** A form-limited API token sending a record of a form it is not limited to. */
export function formNotAllowed(key: string): Problem {
  const message = { en: `This API token is not limited to form ${key}: it cannot write its records.`, km: `និមិត្តសញ្ញា API នេះមិនត្រូវបានកំណត់សម្រាប់ទម្រង់ ${key} ទេ៖ វាមិនអាចសរសេរកំណត់ត្រារបស់វាបានទេ។` };
  return new Problem('TOKEN_FORM_NOT_ALLOWED', { message, errors: [{ path: 'definitionKey', keyword: 'formKeys', message }] });
}

/**
 * The derived columns of a write and the places it names, after the checks that need no database
 * (the one derivation for every write path; the gazetteer check follows, in SQL or in checkGazetteer).
 */
function derived(def: FormDefinitionRow, data: unknown, geoCode: string | null, rules: PlaceRules): Facets {
  const facets = deriveFacets(def.schema, data, geoCode);
  checkPlaceRules(facets, rules);
  return facets;
}

/** A submission checked by everything that needs no database write: ready to store. */
export interface PreparedSubmission {
  row: NewSubmission;
  facets: Facets;
  rules: PlaceRules;
  /** The uploaded files its media answers name, locked: linked to the record once it is stored. */
  mediaIds: string[];
}

/**
 * Everything `submit` checks before it stores, for one record (shared with syncSubmissions, so a
 * batch accepts and refuses exactly what `submit` does): id, geoCode, the pinned version (any
 * published one, not only the latest), the data, and the place rules inside `scope` (the writer's
 * submission.create area). The gazetteer check and the idempotent insert follow.
 */
export async function prepareSubmission(db: Kysely<Database>, deps: SubmissionDeps, who: Actor, scope: Scope, input: SubmitInput): Promise<PreparedSubmission> {
  if (!UUID.test(input.id)) throw badInput('id', 'id must be a UUID.', 'id ត្រូវតែជា UUID។');
  checkGeoCodeInput(input.geoCode);
  const def = await fillableDefinition(db, deps, input.definitionKey, input.definitionVersion);
  if (!formAllowed(scope, def.key)) throw formNotAllowed(def.key);
  const data = validated(deps, def, input.data);
  const media = await claimMedia(db, def.schema, def.key, input.id.toLowerCase(), data, who.id);
  if (media.errors.length > 0) throw mediaProblem(media.errors);
  const rules: PlaceRules = { allowed: (code) => inScope(scope, code), kept: new Set() };
  const facets = derived(def, data, input.geoCode || null, rules);
  const row: NewSubmission = {
    id: input.id.toLowerCase(),
    definitionKey: def.key,
    definitionVersion: def.version,
    geoCode: facets.geoCode,
    period: facets.period,
    data,
    submittedBy: who.id,
    training: input.training ?? null,
  };
  return { row, facets, rules, mediaIds: media.ids };
}

/** The idempotency rule: a stored row is this submission again when data, key and version all match. */
export function isSameSubmission(stored: { same: boolean; definition_key: string; definition_version: number }, row: NewSubmission): boolean {
  return stored.same && stored.definition_key === row.definitionKey && stored.definition_version === row.definitionVersion;
}

export function idTaken(): Problem {
  return new Problem('SUBMISSION_ID_TAKEN', {
    message: { en: 'A different submission with this id already exists.', km: 'មានការបញ្ជូនផ្សេងដែលមាន id នេះរួចហើយ។' },
    errors: [{ path: 'id', keyword: 'unique', message: { en: 'Send these answers under a new id.', km: 'សូមបញ្ជូនចម្លើយទាំងនេះក្រោម id ថ្មី។' } }],
  });
}

/** Nothing was stored and nothing is stored under the id after two attempts (rows changed meanwhile). */
function changedWhileSending(): Problem {
  return new Problem('CONFLICT', { message: { en: 'The gazetteer changed while sending. Please send again.', km: 'បញ្ជីភូមិសាស្ត្របានផ្លាស់ប្តូរពេលកំពុងបញ្ជូន។ សូមបញ្ជូនម្តងទៀត។' } });
}

export async function submit(db: Kysely<Database>, actor: Actor | null, input: SubmitInput, deps: SubmissionDeps): Promise<SubmissionRow> {
  const who = requireActor(actor, 'submission.create');
  const { row, facets, rules, mediaIds } = await prepareSubmission(db, deps, who, scopeOf(who, 'submission.create'), input);
  // The gazetteer is checked inside the insert statement (no extra round trip on the busiest path).
  for (let attempt = 0; attempt < 2; attempt++) {
    const audit = { actorName: who.username, ip: who.ip };
    const codes = placeCodes(facets);
    // Inside a caller's transaction the row must be written on it: only the app's own database is shared.
    const inserted = deps.inserts?.db === db ? await deps.inserts.insert({ row, audit, placeCodes: codes }) : await insertIfAbsent(db, row, audit, codes);
    if (inserted) {
      await linkMedia(db, mediaIds, inserted.id);
      return inserted;
    }
    const existing = await findWithSameData(db, row.id, row.data);
    if (existing) {
      if (isSameSubmission(existing, row)) {
        const { same: _same, ...stored } = existing;
        return stored;
      }
      throw idTaken();
    }
    // Nothing is stored under this id, so the gazetteer refused a place: name it. (When the gazetteer
    // changed in between and now accepts it, the second attempt stores the row.)
    await checkGazetteer(db, facets, rules);
  }
  throw changedWhileSending();
}

const onOneLine = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

/**
 * The `geoCode` an edit keeps when none is sent: the stored place when it came from a `geoCode` at
 * submit time (the old data alone derives something else) and still agrees with the new data.
 */
function keptGeoCode(def: FormDefinitionRow, current: SubmissionRow, data: unknown): string | null {
  if (current.geo_code === null || deriveFacets(def.schema, current.data).geoCode === current.geo_code) return null;
  const fromData = deriveFacets(def.schema, data).geoCode;
  return fromData === null || onOneLine(fromData, current.geo_code) ? current.geo_code : null;
}

export async function updateSubmission(
  trx: Kysely<Database>,
  actor: Actor | null,
  id: string,
  data: unknown,
  deps: SubmissionDeps,
  geoCode?: string | null,
  expectedVersion?: number | null,
): Promise<SubmissionRow> {
  const who = requireActor(actor, 'submission.edit');
  if (!UUID.test(id)) throw badInput('id', 'id must be a UUID.', 'id ត្រូវតែជា UUID។');
  checkGeoCodeInput(geoCode);
  const current = await findForUpdate(trx, id.toLowerCase());
  const scope = scopeOf(who, 'submission.edit');
  if (!current || !recordCovered(scope, current)) throw new Problem('NOT_FOUND');
  // After the row lock: a second writer that read the same version waits here, then sees the first one's.
  checkVersion(current, expectedVersion);
  if (isLocked(current.status)) throw lockedProblem();
  const def = await deps.definitions.get(trx, current.definition_key, current.definition_version);
  // A stored submission's definition is a form (submit takes no other kind).
  if (!def || def.kind !== 'form') throw new Problem('NOT_FOUND');
  const clean = validated(deps, def, data);
  const media = await claimMedia(trx, def.schema, def.key, current.id, clean, who.id);
  if (media.errors.length > 0) throw mediaProblem(media.errors);
  const before = deriveFacets(def.schema, current.data, current.geo_code);
  const rules: PlaceRules = {
    // A record moves only to places where the editor could edit it.
    allowed: (code) => recordCovered(scope, { ...current, geo_code: code }),
    kept: new Set(before.places.map((p) => p.code)),
  };
  const facets = derived(def, clean, geoCode === undefined ? keptGeoCode(def, current, clean) : geoCode || null, rules);
  await checkGazetteer(trx, facets, rules);
  const status = stateAfterEdit(current.status, who.id, current.submitted_by);
  await archiveVersion(trx, current, who.id, { version: current.version + 1, status });
  const updated = await updateData(trx, current.id, { data: clean, geoCode: facets.geoCode, period: facets.period, status });
  await linkMedia(trx, media.ids, current.id);
  await recordAudit(trx, {
    actorId: who.id,
    actorName: who.username,
    action: 'submission.update',
    entity: 'submission',
    entityId: current.id,
    before: current.data,
    after: clean,
    ip: who.ip,
    geoCode: updated.geo_code,
    beforeGeoCode: current.geo_code,
  });
  await enqueueSubmissionEvents(trx, 'submission.updated', [updated.id]);
  return updated;
}

export async function getSubmission(db: Kysely<Database>, actor: Actor | null, id: string): Promise<SubmissionRow | null> {
  const who = requireActor(actor, 'submission.read');
  if (!UUID.test(id)) return null;
  const row = await findById(db, id.toLowerCase());
  // Outside the reader's area a submission simply does not exist for them.
  return row && recordInScope(scopeOf(who, 'submission.read'), row) ? row : null;
}

export interface SubmissionPage {
  rows: SubmissionRow[];
  hasNextPage: boolean;
  totalCount: () => Promise<number>;
}

export async function listSubmissions(
  db: Kysely<Database>,
  actor: Actor | null,
  definitionKey: string,
  first = 50,
  after?: string | null,
  filter: SubmissionFilter = {},
): Promise<SubmissionPage> {
  const who = requireActor(actor, 'submission.read');
  checkFilter(filter);
  filter = inMode(filter, who);
  checkPageSize(first);
  checkCursor(after);
  const scope = scopeOf(who, 'submission.read');
  const rows = await listPage(db, definitionKey, scope, filter, first, after ?? null);
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first, totalCount: () => countMatching(db, definitionKey, scope, filter) };
}

/** Submissions per definition key (a loader's batch), counted inside the reader's area; none without the right to read data. */
export async function countSubmissionsOfKeys(db: Kysely<Database>, actor: Actor | null, keys: readonly string[]): Promise<Map<string, number>> {
  const scope: Scope = actor ? scopeOf(actor, 'submission.read') : { all: false, prefixes: [] };
  return countByKeys(db, keys, scope, actor?.trainingMode ?? false);
}
