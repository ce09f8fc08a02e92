// Live preview for the indicator builder: a draft definition computed straight from the newest
// submissions (no roll-ups), limited to the editor's area, with the same formulas as published values.
import type { Kysely } from 'kysely';
import { checkIndicator, type DefinitionProblem, type IndicatorDefinition, type MissingField } from '../../form-engine/index';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/permissions';
import type { Database } from '../db/schema';
import { previewFacts } from './rollup.repository';
import { indicatorSqlProblems } from './sql-check';
import { areaPrefixes, indicatorWarnings, parseGrouping, stepCount } from './indicators.service';
import { toValues, type IndicatorValue } from './values';
import { GEO_LENGTH, type AggregateRow, type PeriodKind } from './values.repository';

export const PREVIEW_SAMPLE = 20_000;

export interface PreviewArgs {
  definition: unknown;
  groupBy?: string[] | null;
  period?: string | null;
  scope?: string | null;
}

function periodOf(kind: PeriodKind, month: string): string | null {
  if (kind === 'all') return '';
  if (month === '') return null;
  if (kind === 'year') return month.slice(0, 4);
  if (kind === 'quarter') return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) + 2) / 3)}`;
  return month;
}

export async function previewIndicator(db: Kysely<Database>, actor: Actor | null, args: PreviewArgs): Promise<{ values: IndicatorValue[]; warnings: MissingField[]; problems: DefinitionProblem[]; sample: number }> {
  const who = requireActor(actor, 'indicator.edit');
  const checked = checkIndicator(args.definition);
  const problems = checked.length > 0 ? checked : indicatorSqlProblems(args.definition as IndicatorDefinition);
  if (problems.length > 0) return { values: [], warnings: [], problems, sample: PREVIEW_SAMPLE };
  const def = args.definition as IndicatorDefinition;
  const g = parseGrouping(def, args.groupBy, args.period);
  const prefixes = areaPrefixes(who, args.scope);
  const rows = await previewFacts(db, def, PREVIEW_SAMPLE);
  const inArea = (leaf: string) => prefixes === null || prefixes.some((p) => leaf.startsWith(p));
  const len = GEO_LENGTH[g.groupLevel];
  const aggregates: AggregateRow[] = [];
  if (def.measure.type === 'coverage') {
    const placeLen = GEO_LENGTH[def.measure.level ?? 'commune'];
    const places = new Map<string, Set<string>>();
    for (const r of rows) {
      const period = periodOf(g.periodKind, r.month);
      if (r.leaf.length < placeLen || period === null || (g.period && period !== g.period) || !inArea(r.leaf) || Number(r.n) <= 0) continue;
      const id = `${r.leaf.slice(0, placeLen)}|${period}`;
      places.set(id, (places.get(id) ?? new Set()).add(r.cats[0] ?? ''));
    }
    for (const [id, steps] of places) {
      const [place, period] = id.split('|') as [string, string];
      const done = steps.size >= stepCount(def) ? 1 : 0;
      aggregates.push({ geo: place.slice(0, Math.min(len, placeLen)), period, cats: [], bucket: '', n: 1, num: done, den: 1, total: 0 });
    }
  } else {
    for (const r of rows) {
      const period = periodOf(g.periodKind, r.month);
      if (r.leaf.length < len || period === null || (g.period && period !== g.period) || !inArea(r.leaf)) continue;
      if (g.catFilters.some((f) => (r.cats[f.position - 1] ?? '') !== f.value)) continue;
      aggregates.push({ geo: r.leaf.slice(0, len), period, cats: g.catPositions.map((p) => r.cats[p - 1] ?? ''), bucket: r.bucket, n: Number(r.n), num: Number(r.num), den: Number(r.den), total: Number(r.total) });
    }
  }
  return { values: toValues(def, aggregates, g.dims), warnings: await indicatorWarnings(db, def), problems: [], sample: PREVIEW_SAMPLE };
}
