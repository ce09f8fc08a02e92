// Service-provider rules: anyone signed in lists providers near their own area (always in SQL);
// `provider.manage` holders create, edit and retire them inside the area of that grant.
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/permissions';
import { inScope, scopeOf, type Scope } from '../auth/scope';
import { recordAudit } from '../audit/audit.repository';
import type { Database, ServiceProviderRow } from '../db/schema';
import { findUnits } from '../geo/geo.repository';
import { isGeoCode } from '../geo/geo-codes';
import { Problem, type ProblemDetail } from '../core/problems';
import { checkProvider, missingGeo, type CleanProvider, type ProviderInput } from './providers.rules';
import { findProvider, findProviderByCode, insertProvider, listProviders, updateProvider } from './providers.repository';
import { UUID } from '../core/params';

const outside = () => new Problem('FORBIDDEN', { message: { en: 'This place is outside your area.', km: 'ទីកន្លែងនេះនៅក្រៅតំបន់របស់អ្នក។' } });

/** Where the actor may see providers: the areas of all their grants ('definition.read' is held by every role). */
function readScope(actor: Actor): Scope {
  return scopeOf(actor, 'definition.read');
}

function visible(scope: Scope, geoCode: string): boolean {
  return scope.all || scope.prefixes.some((p) => geoCode.startsWith(p) || p.startsWith(geoCode));
}

export async function listServiceProviders(
  db: Kysely<Database>,
  actor: Actor | null,
  args: { scope?: string | null; kind?: string | null; includeRetired?: boolean | null },
): Promise<ServiceProviderRow[]> {
  const who = requireActor(actor);
  if (args.scope && !isGeoCode(args.scope)) {
    throw new Problem('BAD_INPUT', { errors: [{ path: 'scope', keyword: 'format', message: { en: 'Use a code of 2, 4, 6 or 8 digits.', km: 'សូមប្រើលេខកូដ ២ ៤ ៦ ឬ ៨ ខ្ទង់។' } }] });
  }
  const scope = readScope(who);
  return listProviders(db, { readPrefixes: scope.all ? null : scope.prefixes, area: args.scope || null, kind: args.kind || null, includeRetired: args.includeRetired ?? false });
}

/** Throws BAD_INPUT with every problem of the input, including unknown or retired geography. */
export async function validProvider(db: Kysely<Database>, input: ProviderInput, selfId: string | null): Promise<CleanProvider> {
  const { value, errors } = checkProvider(input);
  const codes = [value.geoCode, ...value.catchment].filter(isGeoCode);
  const active = new Set((await findUnits(db, codes)).filter((u) => u.retired_at === null).map((u) => u.code));
  const all: ProblemDetail[] = [...errors, ...missingGeo(value, active).filter((e) => !errors.some((x) => x.path === e.path))];
  if (value.code && !errors.some((e) => e.path === 'code')) {
    const other = await findProviderByCode(db, value.code);
    if (other && other.id !== selfId) all.push({ path: 'code', keyword: 'unique', message: { en: `Code ${value.code} is used by another provider.`, km: `លេខកូដ ${value.code} ត្រូវបានប្រើរួចហើយ។` } });
  }
  if (all.length > 0) throw new Problem('BAD_INPUT', { errors: all });
  return value;
}

const toValues = (v: CleanProvider) => ({ kind: v.kind, code: v.code, name_km: v.nameKm, name_en: v.nameEn, geo_code: v.geoCode, catchment: v.catchment });

export async function createServiceProvider(trx: Kysely<Database>, actor: Actor | null, input: ProviderInput): Promise<ServiceProviderRow> {
  const who = requireActor(actor, 'provider.manage');
  const value = await validProvider(trx, input, null);
  if (!inScope(scopeOf(who, 'provider.manage'), value.geoCode)) throw outside();
  const row = await insertProvider(trx, toValues(value));
  await recordAudit(trx, { actorId: who.id, actorName: who.username, action: 'provider.create', entity: 'service_provider', entityId: row.id, after: row, ip: who.ip, geoCode: row.geo_code });
  return row;
}

async function editable(trx: Kysely<Database>, who: Actor, id: string): Promise<ServiceProviderRow> {
  if (!UUID.test(id)) throw new Problem('BAD_INPUT', { errors: [{ path: 'id', keyword: 'format', message: { en: 'id must be a UUID.', km: 'id ត្រូវតែជា UUID។' } }] });
  const row = await findProvider(trx, id.toLowerCase());
  if (!row || !visible(readScope(who), row.geo_code)) throw new Problem('NOT_FOUND');
  if (!inScope(scopeOf(who, 'provider.manage'), row.geo_code)) throw outside();
  return row;
}

/** Changes the given fields; omitted (or null) fields keep their value. */
export async function updateServiceProvider(trx: Kysely<Database>, actor: Actor | null, id: string, patch: ProviderInput): Promise<ServiceProviderRow> {
  const who = requireActor(actor, 'provider.manage');
  const current = await editable(trx, who, id);
  const merged: ProviderInput = {
    kind: patch.kind ?? current.kind,
    code: patch.code === undefined || patch.code === null ? current.code : patch.code,
    nameKm: patch.nameKm ?? current.name_km,
    nameEn: patch.nameEn ?? current.name_en,
    geoCode: patch.geoCode ?? current.geo_code,
    catchment: patch.catchment ?? current.catchment,
  };
  const value = await validProvider(trx, merged, current.id);
  if (!inScope(scopeOf(who, 'provider.manage'), value.geoCode)) throw outside();
  const row = await updateProvider(trx, current.id, toValues(value));
  await recordAudit(trx, { actorId: who.id, actorName: who.username, action: 'provider.update', entity: 'service_provider', entityId: row.id, before: current, after: row, ip: who.ip, geoCode: row.geo_code, beforeGeoCode: current.geo_code });
  return row;
}

export async function retireServiceProvider(trx: Kysely<Database>, actor: Actor | null, id: string): Promise<ServiceProviderRow> {
  const who = requireActor(actor, 'provider.manage');
  const current = await editable(trx, who, id);
  if (current.retired_at) return current;
  const row = await updateProvider(trx, current.id, { retired_at: new Date() });
  await recordAudit(trx, { actorId: who.id, actorName: who.username, action: 'provider.retire', entity: 'service_provider', entityId: row.id, ip: who.ip, geoCode: row.geo_code });
  return row;
}
