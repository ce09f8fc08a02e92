// Columns derived from submission data so lists, filters and indicators need not open the JSONB:
// the most specific geography code answered, and the event date (the period).
import { isGeoCode } from '../geo/geo-codes';

type Props = Record<string, { 'x-widget'?: string } | undefined>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function deriveFacets(schema: Record<string, unknown>, data: unknown): { geoCode: string | null; period: string | null } {
  const props = (schema.properties ?? {}) as Props;
  const record = (data ?? {}) as Record<string, unknown>;
  let geoCode: string | null = null;
  let period: string | null = null;
  for (const key of Object.keys(props).sort()) {
    const widget = props[key]?.['x-widget'];
    const value = record[key];
    if (typeof value !== 'string') continue;
    if (widget === 'geography' && isGeoCode(value) && (geoCode === null || value.length > geoCode.length)) geoCode = value;
    if (widget === 'date' && DATE.test(value) && (period === null || key === 'date')) period = value;
  }
  return { geoCode, period };
}

