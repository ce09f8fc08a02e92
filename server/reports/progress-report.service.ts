// Data of the monthly progress report: submissions received per form (month and year to date) and
// every published indicator for the year, overall and by place, limited to the reader's area.
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import type { Scope } from '../auth/scope';
import { countByKeyInPeriod } from '../submissions/submissions.repository';
import { requireActor } from '../auth/permissions';
import type { Database } from '../db/schema';
import { listLatest } from '../definitions/definitions.repository';
import { findUnits } from '../geo/geo.repository';
import { areaPrefixes, indicatorValues, listIndicators } from '../indicators/indicators.service';
import { REPORT_TEXTS, monthLabel } from './report-texts';

type Locale = 'km' | 'en';

export async function progressReport(db: Kysely<Database>, actor: Actor | null, args: { month: string; locale: Locale; scope: string | null }) {
  const who = requireActor(actor, 'indicator.read');
  const t = REPORT_TEXTS[args.locale];
  const year = args.month.slice(0, 4);
  const prefixes = areaPrefixes(who, args.scope);
  const units = prefixes ? await findUnits(db, prefixes) : [];
  const name = (u: { name_km: string; name_en: string }) => (args.locale === 'km' ? u.name_km : u.name_en || u.name_km);
  const areaName = prefixes === null ? t.country : prefixes.map((p) => units.find((u) => u.code === p)).map((u, i) => (u ? name(u) : prefixes[i])).join(', ') || '—';
  // The same area rule as every submission list.
  const scope: Scope = prefixes === null ? { all: true } : { all: false, prefixes };
  const counts = await countByKeyInPeriod(db, scope, args.month, year);
  const forms = (await listLatest(db, 'published'))
    .filter((d) => d.kind === 'form')
    .map((d) => {
      const c = counts.find((r) => r.key === d.key);
      const title = (d.schema['x-title'] as Record<Locale, string> | undefined)?.[args.locale] ?? d.key;
      return { title, month: Number(c?.month ?? 0), year: Number(c?.year ?? 0) };
    });
  const level = prefixes === null ? 'province' : Math.max(...prefixes.map((p) => p.length)) >= 4 ? 'commune' : 'district';
  const indicators = [];
  for (const row of await listIndicators(db, who)) {
    const def = row.schema;
    // Not grouped by category: the same values as the dashboard card (a category's total alone, never
    // a total added to its disaggregations; see totalFilters).
    const overall = (await indicatorValues(db, who, { key: row.key, period: year, scope: args.scope }))[0];
    const byPlace = await indicatorValues(db, who, { key: row.key, groupBy: [level], period: year, scope: args.scope });
    const placeUnits = new Map((await findUnits(db, byPlace.map((v) => v.dimensions[level] ?? ''))).map((u) => [u.code, name(u)]));
    const decimals = def.decimals ?? 1;
    const fmt = (n: number | null | undefined) => (n == null ? '—' : n.toLocaleString(args.locale === 'km' ? 'km-KH' : 'en-US', { maximumFractionDigits: decimals }));
    const max = Math.max(0, ...byPlace.map((v) => v.value ?? 0));
    const value = overall?.value ?? null;
    const target = def.target ?? null;
    const status = target === null || value === null ? 'none' : value >= target ? 'met' : 'below';
    indicators.push({
      title: def['x-title'][args.locale],
      description: def['x-description']?.[args.locale] ?? '',
      unit: def.unit?.[args.locale] ?? '',
      value: fmt(value),
      target: fmt(target),
      baseline: fmt(def.baseline),
      status: status === 'met' ? t.met : status === 'below' ? t.below : t.noTarget,
      statusClass: status,
      places: byPlace
        .sort((a, b) => (b.value ?? 0) - (a.value ?? 0))
        .map((v) => ({ name: placeUnits.get(v.dimensions[level] ?? '') ?? v.dimensions[level], value: fmt(v.value), width: max > 0 ? Math.round(((v.value ?? 0) / max) * 100) : 0 })),
    });
  }
  return {
    t,
    locale: args.locale,
    otherLocale: args.locale === 'km' ? 'en' : 'km',
    month: args.month,
    monthLabel: monthLabel(args.month, args.locale),
    year,
    scope: args.scope,
    areaName,
    generatedAt: new Date().toISOString().slice(0, 16).replace('T', ' '),
    forms,
    indicators,
  };
}
