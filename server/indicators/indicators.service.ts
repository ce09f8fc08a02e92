// Indicator rules: which indicators exist, what they read (and which form versions lack a field),
// and their values by area, period and category, limited to the reader's area.
import type { Kysely } from 'kysely';
import { missingFields, type IndicatorDefinition, type MissingField } from '../../form-engine/index';
import type { Actor } from '../auth/actor';
import { can, requireActor } from '../auth/permissions';
import { scopeOf } from '../auth/scope';
import type { Database, FormDefinitionRow, IndicatorDefinitionRow } from '../db/schema';
import { findDefinition, findLatest, listLatest, listVersions } from '../definitions/definitions.repository';
import { isGeoCode } from '../geo/geo-codes';
import { Problem } from '../core/problems';
import { toValues, type IndicatorValue } from './values';
import { buildState } from './rollup.repository';
import { readCoverage, readRollup, type GeoLevel, type PeriodKind } from './values.repository';

export interface ValuesArgs {
  key: string;
  version?: number | null;
  groupBy?: string[] | null;
  period?: string | null;
  scope?: string | null;
}

const GEO: readonly string[] = ['province', 'district', 'commune'];
const PERIODS: readonly string[] = ['year', 'quarter', 'month'];

function bad(path: string, en: string, km: string): Problem {
  return new Problem('BAD_INPUT', { errors: [{ path, keyword: 'enum', message: { en, km } }] });
}

export async function listIndicators(db: Kysely<Database>, actor: Actor | null): Promise<IndicatorDefinitionRow[]> {
  requireActor(actor, 'indicator.read');
  return (await listLatest(db, 'published')).filter((d): d is IndicatorDefinitionRow => d.kind === 'indicator');
}

export async function getIndicator(db: Kysely<Database>, actor: Actor | null, key: string, version?: number | null): Promise<IndicatorDefinitionRow | null> {
  const who = requireActor(actor, 'indicator.read');
  const row = version == null ? await findLatest(db, key, 'published') : await findDefinition(db, key, version);
  if (!row || row.kind !== 'indicator') return null;
  // Drafts are work in progress: only those who may edit indicators see them (as forms' drafts).
  return row.status === 'draft' && !can(who, 'indicator.edit') ? null : row;
}

export interface RefreshStatus {
  state: 'BUILDING' | 'FRESH' | 'FAILED';
  error: { code: string; path: string | null; detail: string | null } | null;
  failedAt: string | null;
  freshThrough: string | null;
}

/** How the indicator's roll-ups stand, for those who may edit indicators (null for others). */
export async function refreshStatus(db: Kysely<Database>, actor: Actor | null, key: string, version: number): Promise<RefreshStatus | null> {
  const who = requireActor(actor, 'indicator.read');
  if (!can(who, 'indicator.edit')) return null;
  const state = await buildState(db, key, version);
  const freshThrough = state?.checked_through?.toISOString() ?? null;
  if (state?.failed_at) {
    return { state: 'FAILED', error: { code: state.error_code ?? 'INDICATOR_REFRESH_FAILED', path: state.error_path, detail: state.error_detail }, failedAt: state.failed_at.toISOString(), freshThrough };
  }
  return { state: state?.snapshot ? 'FRESH' : 'BUILDING', error: null, failedAt: null, freshThrough };
}

/** Form versions that lack a field the indicator reads (reported, never silently empty). */
export async function indicatorWarnings(db: Kysely<Database>, def: IndicatorDefinition): Promise<MissingField[]> {
  const forms = [...new Set(def.sources.map((s) => s.form))];
  const versions = await listVersions(db, forms);
  const byForm = new Map([...versions].map(([form, rows]) => [form, rows.filter((r): r is FormDefinitionRow => r.status !== 'draft' && r.kind === 'form').map((r) => ({ version: r.version, schema: r.schema }))]));
  return missingFields(def, byForm);
}

function periodKindOf(period: string): PeriodKind | null {
  if (/^\d{4}$/.test(period)) return 'year';
  if (/^\d{4}-Q[1-4]$/.test(period)) return 'quarter';
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) return 'month';
  return null;
}

/** The reader's area intersected with the requested scope, as code prefixes (null = everywhere). */
export function areaPrefixes(actor: Actor, scope: string | null | undefined): string[] | null {
  if (scope && !isGeoCode(scope)) throw bad('scope', 'scope is an NCDD code.', 'scope ត្រូវតែជាកូដ NCDD។');
  const area = scopeOf(actor, 'indicator.read');
  if (area.all) return scope ? [scope] : null;
  if (!scope) return area.prefixes;
  if (area.prefixes.some((p) => scope.startsWith(p))) return [scope];
  return area.prefixes.filter((p) => p.startsWith(scope));
}

export interface Grouping {
  groupLevel: GeoLevel;
  periodKind: PeriodKind;
  period: string | null;
  catPositions: number[];
  /** Rows kept: category position (1-based) = value. A total's category not grouped by reads the total only. */
  catFilters: CatFilter[];
  dims: { geo: string | null; period: string | null; cats: string[] };
}

export interface CatFilter {
  position: number;
  value: string;
}

/**
 * The one rule for adding across a category: a `fields` category with a `total` is never summed
 * (its total and its overlapping disaggregations are different things), so a value that is not
 * grouped by it is its total alone. Every value path (published values, the report, the builder's
 * preview, the dashboard cards) goes through here.
 */
export function totalFilters(def: IndicatorDefinition, catPositions: readonly number[]): CatFilter[] {
  return (def.categories ?? []).flatMap((c, i) => (c.fields && c.total !== undefined && !catPositions.includes(i + 1) ? [{ position: i + 1, value: c.total }] : []));
}

/** Reads groupBy/period arguments against the indicator's dimensions (BAD_INPUT with the path). */
export function parseGrouping(def: IndicatorDefinition, groupByArg: string[] | null | undefined, periodArg: string | null | undefined): Grouping {
  const groupBy = groupByArg ?? [];
  const categories = def.categories ?? [];
  let groupLevel: GeoLevel = 'country';
  let periodKind: PeriodKind = 'all';
  const catPositions: number[] = [];
  groupBy.forEach((g, i) => {
    if (GEO.includes(g)) groupLevel = g as GeoLevel;
    else if (PERIODS.includes(g)) periodKind = g as PeriodKind;
    else {
      const at = categories.findIndex((c) => c.key === g);
      if (at < 0) throw bad(`groupBy.${i}`, `Unknown dimension "${g}".`, `មិនស្គាល់វិមាត្រ "${g}"។`);
      catPositions.push(at + 1);
    }
  });
  const period = periodArg ?? null;
  if (period) {
    const kind = periodKindOf(period);
    if (!kind || (periodKind !== 'all' && periodKind !== kind)) throw bad('period', 'Use a period like 2026, 2026-Q1 or 2026-03.', 'សូមប្រើរយៈពេលដូចជា 2026, 2026-Q1 ឬ 2026-03។');
    periodKind = kind;
  }
  const dims = {
    geo: groupLevel === 'country' ? null : groupLevel,
    period: groupBy.some((g) => PERIODS.includes(g)) || period ? periodKind : null,
    cats: catPositions.map((p) => categories[p - 1]!.key),
  };
  return { groupLevel, periodKind, period, catPositions, catFilters: totalFilters(def, catPositions), dims };
}

export async function indicatorValues(db: Kysely<Database>, actor: Actor | null, args: ValuesArgs): Promise<IndicatorValue[]> {
  const who = requireActor(actor, 'indicator.read');
  const row = await getIndicator(db, who, args.key, args.version);
  // Only published (or retired) versions have values; a draft's are in the builder's preview.
  if (!row || row.status === 'draft') throw new Problem('NOT_FOUND');
  const def = row.schema;
  const g = parseGrouping(def, args.groupBy, args.period);
  const query = { key: row.key, version: row.version, groupLevel: g.groupLevel, periodKind: g.periodKind, period: g.period, catPositions: g.catPositions, catFilters: g.catFilters, prefixes: areaPrefixes(who, args.scope) };
  const rows =
    def.measure.type === 'coverage'
      ? await readCoverage(db, query, def.measure.level ?? 'commune', stepCount(def))
      : await readRollup(db, query);
  return toValues(def, rows, g.dims);
}

export function stepCount(def: IndicatorDefinition): number {
  return new Set(def.sources.map((s) => s.constants?.step ?? s.form)).size;
}

/** When the indicator's roll-ups last caught up with the submissions (null before the first refresh). */
export async function indicatorRefreshedAt(db: Kysely<Database>, key: string, version: number): Promise<string | null> {
  return (await buildState(db, key, version))?.checked_through?.toISOString() ?? null;
}
