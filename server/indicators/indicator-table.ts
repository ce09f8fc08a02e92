// Indicator values as a table with localized headers and place/category names: shared by the
// CSV/XLSX export and the printable report.
import type { Kysely } from 'kysely';
import type { IndicatorDefinition } from '../../form-engine/index';
import type { Database } from '../db/schema';
import { findUnits } from '../geo/geo.repository';
import type { IndicatorValue } from './values';

export type Locale = 'km' | 'en';

const DIM_LABELS: Record<string, { km: string; en: string }> = {
  province: { km: 'ខេត្ត/រាជធានី', en: 'Province' },
  district: { km: 'ស្រុក/ក្រុង/ខណ្ឌ', en: 'District' },
  commune: { km: 'ឃុំ/សង្កាត់', en: 'Commune' },
  year: { km: 'ឆ្នាំ', en: 'Year' },
  quarter: { km: 'ត្រីមាស', en: 'Quarter' },
  month: { km: 'ខែ', en: 'Month' },
};

export const COLUMN_LABELS = {
  value: { km: 'តម្លៃ', en: 'Value' },
  numerator: { km: 'ភាគយក', en: 'Numerator' },
  denominator: { km: 'ភាគបែង', en: 'Denominator' },
  target: { km: 'គោលដៅ', en: 'Target' },
  change: { km: 'ការប្រែប្រួល', en: 'Change' },
} as const;

export interface IndicatorTable {
  headers: string[];
  rows: Array<Array<string | number | null>>;
}

export async function indicatorTable(db: Kysely<Database>, def: IndicatorDefinition, values: IndicatorValue[], locale: Locale): Promise<IndicatorTable> {
  const dims = values[0] ? Object.keys(values[0].dimensions) : [];
  const geoDims: string[] = dims.filter((d) => d === 'province' || d === 'district' || d === 'commune');
  const codes = [...new Set(values.flatMap((v) => geoDims.map((d) => v.dimensions[d] ?? '')))].filter(Boolean);
  const units = new Map((await findUnits(db, codes)).map((u) => [u.code, locale === 'km' ? u.name_km : u.name_en || u.name_km]));
  const categories = new Map((def.categories ?? []).map((c) => [c.key, c]));
  const dimHeader = (d: string) => DIM_LABELS[d]?.[locale] ?? categories.get(d)?.label[locale] ?? d;
  const headers = dims.flatMap((d) => (geoDims.includes(d) ? [`${dimHeader(d)} (code)`, dimHeader(d)] : [dimHeader(d)]));
  headers.push(...(['value', 'numerator', 'denominator', 'target', 'change'] as const).map((k) => COLUMN_LABELS[k][locale]));
  const decimals = def.decimals ?? 1;
  const fmt = (n: number | null) => (n === null ? null : Number(n.toFixed(decimals)));
  const rows = values.map((v) => [
    ...dims.flatMap((d) => {
      const raw = v.dimensions[d] ?? '';
      if (geoDims.includes(d)) return [raw, units.get(raw) ?? raw];
      return [categories.get(d)?.valueLabels?.[raw]?.[locale] ?? raw];
    }),
    fmt(v.value),
    v.numerator,
    v.denominator,
    v.target,
    fmt(v.change),
  ]);
  return { headers, rows };
}
