// Why: a GPS point (widget `gps`, issue 15.4) is one answer made of numbers, and the browser and the
// server must judge it alike. The definition only says `{"type": "object", "x-widget": "gps"}` (and
// optionally `x-max-accuracy`); this module is the one place that says what a point is, as JSON
// Schema for the server's Ajv and as the parts Form.io validates, so both read the same ranges.
import type { FieldSchema, LocalizedText } from './types';

/** One stored GPS answer. `accuracy` and `altitude` are metres; `captured_at` is when the phone fixed it (UTC). */
export interface GpsAnswer {
  latitude: number;
  longitude: number;
  accuracy: number;
  altitude?: number;
  captured_at?: string;
}

export type GpsPart = keyof GpsAnswer;

/** `toISOString()`'s shape: what the fill page writes for `captured_at`. */
export const GPS_TIME_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,3})?Z$';

/** The largest `x-max-accuracy` an officer may set (metres): beyond that a "point" says nothing. */
export const GPS_MAX_ACCURACY_LIMIT = 100_000;

interface PartRule {
  part: GpsPart;
  /** The part's name (Form.io's hidden inputs, export headers). */
  label: LocalizedText;
  /** Needed whenever the point is answered. */
  needed: boolean;
  minimum?: number;
  maximum?: number;
}

/**
 * The parts in export order, with their ranges. Altitude spans the Earth's surface (the Mariana
 * trench to above Everest); accuracy is a radius, never negative.
 */
export const GPS_PARTS: readonly PartRule[] = [
  { part: 'latitude', label: { km: 'រយៈទទឹង', en: 'latitude' }, needed: true, minimum: -90, maximum: 90 },
  { part: 'longitude', label: { km: 'រយៈបណ្តោយ', en: 'longitude' }, needed: true, minimum: -180, maximum: 180 },
  { part: 'accuracy', label: { km: 'ភាពត្រឹមត្រូវ (ម៉ែត្រ)', en: 'accuracy (m)' }, needed: true, minimum: 0 },
  { part: 'altitude', label: { km: 'រយៈកម្ពស់ (ម៉ែត្រ)', en: 'altitude (m)' }, needed: false, minimum: -11_000, maximum: 9_000 },
  { part: 'captured_at', label: { km: 'ពេលកត់ត្រា', en: 'time recorded' }, needed: false },
];

/** What Form.io shows when a point lacks some of its needed parts (never from the fill page's button). */
export const GPS_INCOMPLETE: LocalizedText = {
  km: 'ទីតាំង GPS ត្រូវមានរយៈទទឹង រយៈបណ្តោយ និងភាពត្រឹមត្រូវ',
  en: 'A GPS point needs a latitude, a longitude and an accuracy',
};

/** The parts a point must have once answered. */
export const GPS_NEEDED: readonly GpsPart[] = GPS_PARTS.filter((p) => p.needed).map((p) => p.part);

/** The bounds of a numeric part for this field (accuracy: at most `x-max-accuracy` when set). */
export function gpsBounds(field: Pick<FieldSchema, 'x-max-accuracy'>, rule: PartRule): { minimum?: number; maximum?: number } {
  const maximum = rule.part === 'accuracy' ? field['x-max-accuracy'] : rule.maximum;
  return { ...(rule.minimum !== undefined ? { minimum: rule.minimum } : {}), ...(maximum !== undefined ? { maximum } : {}) };
}

/** The JSON Schema of a gps answer, in place of the field's own schema in the data schema (validate/data-schema.ts). */
export function gpsAnswerSchema(field: Pick<FieldSchema, 'x-max-accuracy'>): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const rule of GPS_PARTS) {
    properties[rule.part] = rule.part === 'captured_at' ? { type: 'string', pattern: GPS_TIME_PATTERN } : { type: 'number', ...gpsBounds(field, rule) };
  }
  return { type: 'object', required: [...GPS_NEEDED], properties, additionalProperties: false };
}

/** An unanswered point: Form.io holds `{}` (or parts left '' / null) for an untouched one. */
export function isEmptyGps(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((part) => part === '' || part === null || part === undefined);
}

/** A point's text for people: `11.562345, 104.916012 (± 8 m)`. No map: closed networks have no tiles. */
export function gpsText(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const { latitude, longitude, accuracy } = value as Partial<GpsAnswer>;
  if (typeof latitude !== 'number' || typeof longitude !== 'number') return null;
  return `${latitude.toFixed(6)}, ${longitude.toFixed(6)}${typeof accuracy === 'number' ? ` (± ${Math.round(accuracy)} m)` : ''}`;
}
