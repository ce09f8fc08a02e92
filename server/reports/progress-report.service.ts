// The monthly progress report: its figures (submissions received per form, and every published
// indicator, limited to the reader's area) and its page, filled from the report template that
// applies (the province's published one, else the national one). Indicator figures are asked of
// indicatorValues exactly as the dashboard's GraphQL query asks it (the year's value grouped by year;
// the month's by its period), so the report and the dashboard cannot disagree (tested).
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import type { Scope } from '../auth/scope';
import { can, requireActor } from '../auth/permissions';
import type { Database, ReportDefinitionRow } from '../db/schema';
import { Problem } from '../core/problems';
import { findDefinition, findLatest, listLatest } from '../definitions/definitions.repository';
import { findUnits } from '../geo/geo.repository';
import { areaPrefixes, indicatorValues, listIndicators } from '../indicators/indicators.service';
import { countByKeyInPeriod } from '../submissions/submissions.repository';
import { shippedReports } from '../../definitions/reports/index';
import { getNarrative } from './narrative.service';
import { renderReport } from './report-render';
import { REPORT_TEXTS } from './report-texts';
import type { ReportLang } from './report-format';
import type { ReportTemplate } from './report-template';

export interface ReportArgs {
  month: string;
  scope: string | null;
}

export interface IndicatorFigure {
  key: string;
  version: number;
  /** The year's value: the dashboard card's (indicatorValues grouped by year, this year's row). */
  value: number | null;
  /** The month's value (indicatorValues for the period YYYY-MM). */
  monthValue: number | null;
  places: Array<{ code: string; value: number | null }>;
}

export interface ReportFigures {
  month: string;
  year: string;
  /** The report's area as code prefixes (null: the whole country). */
  prefixes: string[] | null;
  placeLevel: 'province' | 'district' | 'commune';
  forms: Array<{ key: string; title: { km: string; en: string }; month: number; year: number }>;
  indicators: IndicatorFigure[];
}

/** The figures of the report, in numbers: the one computation the page and GET …/progress.json print. */
export async function reportFigures(db: Kysely<Database>, actor: Actor | null, args: ReportArgs): Promise<ReportFigures> {
  const who = requireActor(actor, 'indicator.read');
  const year = args.month.slice(0, 4);
  const prefixes = areaPrefixes(who, args.scope);
  // The same area rule as every submission list.
  const scope: Scope = prefixes === null ? { all: true } : { all: false, prefixes };
  const counts = await countByKeyInPeriod(db, scope, args.month, year);
  const forms = (await listLatest(db, 'published')).flatMap((d) => {
    if (d.kind !== 'form') return [];
    const c = counts.find((r) => r.key === d.key);
    const title = (d.schema['x-title'] as { km: string; en: string } | undefined) ?? { km: d.key, en: d.key };
    return [{ key: d.key, title, month: Number(c?.month ?? 0), year: Number(c?.year ?? 0) }];
  });
  const placeLevel = prefixes === null ? 'province' : Math.max(...prefixes.map((p) => p.length)) >= 4 ? 'commune' : 'district';
  const indicators: IndicatorFigure[] = [];
  for (const row of await listIndicators(db, who)) {
    // Not grouped by category: the same values as the dashboard card (a category's total alone,
    // never a total added to its disaggregations; see totalFilters).
    const byYear = await indicatorValues(db, who, { key: row.key, groupBy: ['year'], scope: args.scope });
    const ofMonth = (await indicatorValues(db, who, { key: row.key, period: args.month, scope: args.scope }))[0];
    const byPlace = await indicatorValues(db, who, { key: row.key, groupBy: [placeLevel], period: year, scope: args.scope });
    indicators.push({
      key: row.key,
      version: row.version,
      value: byYear.find((v) => v.dimensions.year === year)?.value ?? null,
      monthValue: ofMonth?.value ?? null,
      places: byPlace.map((v) => ({ code: v.dimensions[placeLevel] ?? '', value: v.value })),
    });
  }
  return { month: args.month, year, prefixes, placeLevel, forms, indicators };
}

/** The province a report area lies in, when it lies in exactly one. */
function provinceOf(prefixes: string[] | null): string | null {
  if (!prefixes || prefixes.length === 0) return null;
  const provinces = new Set(prefixes.map((p) => p.slice(0, 2)));
  return provinces.size === 1 ? [...provinces][0]! : null;
}

/**
 * The template a report uses: a given version (editors previewing a draft), else the province's
 * published template, else the national one (`progress` first), else the shipped default.
 */
export async function chooseTemplate(db: Kysely<Database>, who: Actor, prefixes: string[] | null, pick?: { key: string; version?: number }): Promise<{ key: string; version: number; status: string; schema: ReportTemplate }> {
  if (pick) {
    if (!can(who, 'definition.edit')) throw new Problem('FORBIDDEN');
    const row = pick.version === undefined ? await findLatest(db, pick.key) : await findDefinition(db, pick.key, pick.version);
    if (!row || row.kind !== 'report') throw new Problem('NOT_FOUND');
    return row;
  }
  const published = (await listLatest(db, 'published')).filter((d): d is ReportDefinitionRow => d.kind === 'report');
  const province = provinceOf(prefixes);
  const chosen =
    (province ? published.find((d) => d.schema.area === province) : undefined) ??
    published.find((d) => d.key === 'progress' && !d.schema.area) ??
    published.find((d) => !d.schema.area);
  if (chosen) return chosen;
  const shipped = shippedReports[0]!;
  return { key: shipped.key, version: shipped.version, status: 'shipped', schema: shipped.schema as ReportTemplate };
}

const TOC_FROM = 6;

/** The report's page: the chosen template filled with the figures, as safe HTML, and its title. */
export async function progressReport(db: Kysely<Database>, actor: Actor | null, args: ReportArgs & { locale: ReportLang; template?: { key: string; version?: number } }) {
  const who = requireActor(actor, 'indicator.read');
  const lang = args.locale;
  const t = REPORT_TEXTS[lang];
  const figures = await reportFigures(db, who, args);
  const { prefixes, placeLevel } = figures;
  const template = await chooseTemplate(db, who, prefixes, args.template);
  const def = template.schema;
  const codes = [...(prefixes ?? []), ...figures.indicators.flatMap((i) => i.places.map((p) => p.code))];
  const units = new Map((await findUnits(db, [...new Set(codes)])).map((u) => [u.code, lang === 'km' ? u.name_km : u.name_en || u.name_km]));
  const areaName = prefixes === null ? t.country : prefixes.map((p) => units.get(p) ?? p).join(', ') || '—';
  const rows = await listIndicators(db, who);
  const indicators = figures.indicators.map((f) => {
    const d = rows.find((r) => r.key === f.key)!.schema;
    const target = d.target ?? null;
    const status = target === null || f.value === null ? 'none' : f.value >= target ? 'met' : 'below';
    const max = Math.max(0, ...f.places.map((p) => p.value ?? 0));
    return {
      key: f.key,
      title: d['x-title'][lang],
      description: d['x-description']?.[lang] ?? '',
      unit: d.unit?.[lang] ?? '',
      decimals: d.decimals ?? 1,
      value: f.value,
      monthValue: f.monthValue,
      target,
      baseline: d.baseline ?? null,
      status: status === 'met' ? t.met : status === 'below' ? t.below : t.noTarget,
      statusClass: status,
      places: [...f.places]
        .sort((a, b) => (b.value ?? 0) - (a.value ?? 0))
        .map((p) => ({ name: units.get(p.code) ?? p.code, value: p.value, width: max > 0 ? Math.round(((p.value ?? 0) / max) * 100) : 0 })),
    };
  });
  // The narrative of exactly this area ('' = the country); an area of several places has none.
  const area = prefixes === null ? '' : prefixes.length === 1 ? prefixes[0]! : null;
  const narrative = area === null ? null : await getNarrative(db, who, args.month, area);
  const narrativeHtml = narrative ? narrative.html[lang] || narrative.html[lang === 'km' ? 'en' : 'km'] : '';
  const signatures = (def.signatures ?? []).map((s) => ({ label: s.label[lang], name: s.name ?? '', title: s.title?.[lang] ?? '' }));
  const sections = [
    { id: 'narrative', title: t.narrativeHeading },
    { id: 'submissions', title: t.submissionsHeading },
    { id: 'indicators', title: t.indicatorsHeading },
    ...indicators.map((i) => ({ id: `indicator-${i.key}`, title: i.title })),
    ...(signatures.length > 0 ? [{ id: 'signatures', title: t.signaturesHeading }] : []),
  ];
  const data = {
    lang,
    isKm: lang === 'km',
    t,
    national: { kingdom: t.kingdom, motto: t.motto },
    organisation: def.organisation?.[lang] ?? [],
    logoUrl: def.logo ? `/help-images/${def.logo.slice('image:'.length)}` : '/reports/assets/logo.svg',
    title: def['x-title'][lang],
    month: args.month,
    year: figures.year,
    areaName,
    placeLevel,
    generatedAt: new Date().toISOString().slice(0, 10),
    showToc: sections.length >= (def.tocFrom ?? TOC_FROM),
    sections,
    forms: figures.forms.map((f) => ({ key: f.key, title: f.title[lang] ?? f.key, month: f.month, year: f.year })),
    indicators,
    hasNarrative: narrativeHtml !== '',
    narrativeHtml,
    signatures,
  };
  return { body: renderReport(def.template, data), title: data.title, template: { key: template.key, version: template.version, status: template.status } };
}
