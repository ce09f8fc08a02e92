// Columns derived from submission data so lists, filters and indicators need not open the JSONB:
// the place (the most specific code of the record's geography fields and the given geoCode) and the
// period (the event date). This is the ONE derivation every write path uses (submit, update, demo
// seed); when no event date is answered the period is the day the record was sent, filled in SQL
// from created_at (see SENT_DAY in submissions.repository.ts).
import { compileDefinition, eventDateKeys, flattenNodes, type Definition } from '../../form-engine/index';
import { isGeoCode, type GeoLevel } from '../geo/geo-codes';

/** A geography field of a form; fields inside repeat items name places of items, not of the record. */
interface PlaceField {
  path: string;
  level: GeoLevel;
  inRepeat: boolean;
}

interface FormShape {
  places: PlaceField[];
  dates: string[];
}

/** A place named by a submission: the data path of its answer (`trainees.2.village`) or `geoCode`. */
export interface NamedPlace {
  path: string;
  code: string;
  level: GeoLevel | null;
  /** False for places of repeat items (a trainee's village), which need not be the record's place. */
  ofRecord: boolean;
}

export interface Facets {
  geoCode: string | null;
  /** The event date answered, or null: then the period is the day the record was sent. */
  period: string | null;
  places: NamedPlace[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
// Published schemas are immutable objects held by the definition cache: compile each once.
const shapes = new WeakMap<object, FormShape>();

function shapeOf(definition: Definition): FormShape {
  const hit = shapes.get(definition);
  if (hit) return hit;
  const places = flattenNodes(compileDefinition(definition))
    .filter((n) => n.widget === 'geography')
    .map((n) => ({ path: n.path, level: (n.geoLevel ?? null) as GeoLevel, inRepeat: n.inRepeat }));
  const shape = { places, dates: eventDateKeys(definition) };
  shapes.set(definition, shape);
  return shape;
}

/** True when the form has a field that gives records their event date. */
export function hasEventDate(schema: Definition): boolean {
  return shapeOf(schema).dates.length > 0;
}

/** Every answer at a field path (`trainees[].village` → each item's village), with its data path. */
function answersAt(data: unknown, path: string): Array<{ path: string; value: unknown }> {
  const [head, ...rest] = path.split('[].');
  const parts = (head ?? '').split('.');
  const value = parts.reduce<unknown>((v, key) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined), data);
  if (rest.length === 0) return [{ path: head ?? '', value }];
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, i) => answersAt(item, rest.join('[].')).map((a) => ({ path: `${head}.${i}.${a.path}`, value: a.value })));
}

export function deriveFacets(schema: Definition, data: unknown, givenGeoCode?: string | null): Facets {
  const shape = shapeOf(schema);
  const record = (data ?? {}) as Record<string, unknown>;
  const places: NamedPlace[] = [];
  if (givenGeoCode) places.push({ path: 'geoCode', code: givenGeoCode, level: null, ofRecord: true });
  for (const field of shape.places) {
    for (const answer of answersAt(record, field.path)) {
      if (typeof answer.value === 'string' && answer.value !== '') places.push({ path: answer.path, code: answer.value, level: field.level, ofRecord: !field.inRepeat });
    }
  }
  let geoCode: string | null = null;
  for (const p of places) if (p.ofRecord && isGeoCode(p.code) && (geoCode === null || p.code.length > geoCode.length)) geoCode = p.code;
  const period = shape.dates.map((key) => record[key]).find((v): v is string => typeof v === 'string' && DATE.test(v)) ?? null;
  return { geoCode, period, places };
}
