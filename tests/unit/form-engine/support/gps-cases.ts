// Why: a GPS point (widget `gps`) is judged by formio.js from its container's number parts and one
// completeness rule, and by the server from the engine's JSON Schema of a point (model/gps.ts); these
// cases state the agreed verdict: ranges, the accuracy an officer asks for, required and optional
// points, a point with parts missing, inside a repeat row. Used by the headless and the Chromium
// verdict tests (through verdict-classes.ts).
import type { Definition, FieldSchema } from '../../../../form-engine/index';
import type { VerdictCase } from './verdict-classes';

const location = (extra: Partial<FieldSchema> = {}): FieldSchema =>
  ({ type: 'object', 'x-widget': 'gps', 'x-label': { km: 'ទីតាំង', en: 'Location' }, ...extra }) as FieldSchema;

function form(field: FieldSchema, required: boolean): Definition {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    'x-kind': 'form',
    'x-title': { km: 'ទីតាំង', en: 'GPS' },
    properties: { location: field },
    ...(required ? { required: ['location'] } : {}),
    additionalProperties: false,
  };
}

/** A repeat of visits, each with an optional point (repeat rows read their point as `row.location`). */
function inRepeat(): Definition {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    'x-kind': 'form',
    'x-title': { km: 'ទីតាំង', en: 'GPS' },
    properties: {
      visits: {
        type: 'array',
        'x-label': { km: 'ការចុះ', en: 'Visits' },
        items: { type: 'object', properties: { location: location() }, additionalProperties: false },
      },
    },
    additionalProperties: false,
  };
}

const point = { latitude: 11.562345, longitude: 104.916012, accuracy: 8 };

const cases: Array<[string, Partial<FieldSchema>, boolean, unknown, boolean]> = [
  // [name, field keywords, required, answer, valid]
  ['a point with its accuracy', {}, true, point, true],
  ['a point with altitude and time', {}, true, { ...point, altitude: 12.5, captured_at: '2026-12-02T08:15:30.123Z' }, true],
  ['no point for a required question', {}, true, {}, false],
  ['no point for an optional question', {}, false, {}, true],
  ['parts left empty for an optional question', {}, false, { latitude: '', longitude: '', accuracy: '' }, true],
  ['parts left empty for a required question', {}, true, { latitude: '', longitude: '', accuracy: '' }, false],
  ['latitude above 90', {}, false, { ...point, latitude: 90.5 }, false],
  ['latitude -90 is the south pole', {}, false, { ...point, latitude: -90 }, true],
  ['longitude below -180', {}, false, { ...point, longitude: -180.1 }, false],
  ['negative accuracy', {}, false, { ...point, accuracy: -1 }, false],
  ['altitude above the highest mountain', {}, false, { ...point, altitude: 9500 }, false],
  ['a time not in UTC ISO form', {}, false, { ...point, captured_at: '2 Dec 2026' }, false],
  ['a latitude without longitude', {}, false, { latitude: 11.5, accuracy: 8 }, false],
  ['a point without its accuracy', {}, false, { latitude: 11.5, longitude: 104.9 }, false],
  ['accuracy within the asked 25 m', { 'x-max-accuracy': 25 }, true, { ...point, accuracy: 25 }, true],
  ['accuracy worse than the asked 25 m', { 'x-max-accuracy': 25 }, true, { ...point, accuracy: 25.5 }, false],
  ['latitude 0 and longitude 0 are a point', {}, true, { latitude: 0, longitude: 0, accuracy: 3 }, true],
];

export const gpsCases: VerdictCase[] = [
  ...cases.map(([name, field, required, answer, valid]) => ({ name: `gps: ${name}`, definition: form(location(field), required), data: { location: answer }, valid })),
  { name: 'gps: a point in a repeat row', definition: inRepeat(), data: { visits: [{ location: point }] }, valid: true },
  { name: 'gps: a repeat row without a point', definition: inRepeat(), data: { visits: [{ location: {} }] }, valid: true },
  { name: 'gps: a repeat row with half a point', definition: inRepeat(), data: { visits: [{ location: { latitude: 11.5 } }] }, valid: false },
  { name: 'gps: a repeat row with latitude out of range', definition: inRepeat(), data: { visits: [{ location: { ...point, latitude: -91 } }] }, valid: false },
];
