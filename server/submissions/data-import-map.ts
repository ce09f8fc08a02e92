// Submission files from KoboToolbox, ODK Central or SA Studio's own export → records of one form
// version (issue 14.3). Columns are matched to fields by name: Kobo writes `group/field`, ODK Central
// `group-field`, SA Studio `group.field` (or the field's label with headers=labels); the last part
// alone matches when no other field has it. Values are turned into the field's type (numbers,
// booleans, space-separated choices, dates). Repeat groups come from their own sheets (Kobo's and SA
// Studio's XLSX), linked by record id or `_index`. GPS points come whole (Kobo's and ODK's
// `lat lon alt acc` text) or by parts (Kobo's `_location_latitude`, ODK Central's `location-Latitude`,
// SA Studio's `location_latitude`); a part's match names `location.latitude`. Rules only, no I/O: the
// service validates and stores.
import { compileDefinition, fieldPaths, flattenNodes, GPS_PARTS, type Definition, type FieldPath, type GpsPart } from '../../form-engine/index';
import { UUID } from '../core/params';

export interface ColumnMatch {
  column: string;
  /** The field's path; for one part of a GPS point, `<point's path>.<part>`. */
  field: string;
  /** The GPS part this column holds (`field` is then `<path>.<part>`). */
  part?: GpsPart;
}

/** A number as people and exports write it (no exponent, no thousands separator). */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** Column words for each GPS part (Kobo says `precision` for the accuracy). */
const GPS_PART_WORDS: Record<string, GpsPart> = { latitude: 'latitude', lat: 'latitude', longitude: 'longitude', lon: 'longitude', lng: 'longitude', altitude: 'altitude', alt: 'altitude', accuracy: 'accuracy', precision: 'accuracy', captured_at: 'captured_at' };

/** The GPS field and part a column (or a `path.part` override) names, if it names one. */
function gpsPartOf(column: string, points: readonly FieldPath[]): { field: FieldPath; part: GpsPart } | undefined {
  if (points.length === 0) return undefined;
  const byLabel = gpsPartOfLabel(column, points);
  if (byLabel) return byLabel;
  const p = parts(column.replace(/^_+/, ''));
  const last = p.at(-1);
  if (!last) return undefined;
  const candidates: Array<{ base: string[]; word: string }> = [];
  if (GPS_PART_WORDS[last] && p.length > 1) candidates.push({ base: p.slice(0, -1), word: last });
  for (const word of Object.keys(GPS_PART_WORDS)) {
    if (last.endsWith(`_${word}`) && last.length > word.length + 1) candidates.push({ base: [...p.slice(0, -1), last.slice(0, -word.length - 1)], word });
  }
  for (const { base, word } of candidates) {
    const sameLast = points.filter((f) => parts(f.path).at(-1) === base.at(-1));
    const field = points.find((f) => f.path.toLowerCase() === base.join('.')) ?? (sameLast.length === 1 ? sameLast[0] : undefined);
    if (field) return { field, part: GPS_PART_WORDS[word]! };
  }
  return undefined;
}

/** SA Studio's label headers: `<point's label> (<part's label>)`, in either language (`Location (latitude)`, `ទីតាំង (រយៈទទឹង)`). */
function gpsPartOfLabel(column: string, points: readonly FieldPath[]): { field: FieldPath; part: GpsPart } | undefined {
  const text = column.trim().toLowerCase();
  for (const rule of GPS_PARTS) {
    for (const partLabel of Object.values(rule.label)) {
      const suffix = ` (${partLabel.toLowerCase()})`;
      if (!text.endsWith(suffix)) continue;
      const base = text.slice(0, -suffix.length).trim();
      // A label shared by two questions is written with its path: `Location (site.location)`.
      const field = points.find((f) => base.endsWith(`(${f.path.toLowerCase()})`)) ?? points.find((f) => Object.values(f.label).some((l) => l.trim().toLowerCase() === base));
      if (field) return { field, part: rule.part };
    }
  }
  return undefined;
}

/** `lat lon [alt [accuracy]]`, as ODK and Kobo write a geopoint; null when the text is not one. */
function gpsFromText(text: string): Record<string, number> | null {
  const numbers = text.trim().split(/\s+/);
  if (numbers.length < 2 || numbers.length > 4 || !numbers.every((n) => PLAIN_NUMBER.test(n))) return null;
  const [latitude, longitude, altitude, accuracy] = numbers.map(Number);
  return { latitude: latitude!, longitude: longitude!, ...(altitude !== undefined ? { altitude } : {}), ...(accuracy !== undefined ? { accuracy } : {}) };
}

export interface DataMapping {
  matches: ColumnMatch[];
  /** The column holding each row's id (`_uuid`, `meta/instanceID`, `KEY`, SA's `_id`), if any. */
  idColumn: string | null;
  /** Columns no field took (Kobo's `_submission_time`, `start`, …). */
  unmatched: string[];
  /** Fields of the form no column fills. */
  missing: string[];
  /** Fields inside repeat groups: not read from a flat file (one row per record). */
  repeats: string[];
}

// SA Studio's `_id` is headed `ID` / `លេខសម្គាល់` in an export with headers=labels.
const ID_COLUMNS = ['_uuid', 'meta/instanceid', 'meta-instanceid', 'instanceid', 'key', '_id', 'id', 'លេខសម្គាល់'];

const parts = (name: string) => name.toLowerCase().split(/[/.-]/).filter(Boolean);

/** The record id of a row: a UUID, with ODK's `uuid:` prefix taken off; null when there is none. */
export function rowId(cells: Record<string, string>, idColumn: string | null): string | null {
  if (!idColumn) return null;
  const value = (cells[idColumn] ?? '').trim().replace(/^uuid:/i, '');
  return UUID.test(value) ? value.toLowerCase() : null;
}

/** Matches columns to the leaf fields of `definition`; `overrides` (column → field path, or '' to skip) win. */
export function mapColumns(definition: Definition, columns: readonly string[], overrides: Record<string, string> = {}): DataMapping {
  const fields = fieldPaths(definition);
  const flat = fields.filter((f) => !f.repeat);
  const repeats = fields.filter((f) => f.repeat).map((f) => f.path);
  const byPath = new Map(flat.map((f) => [f.path.toLowerCase(), f]));
  const lastCount = new Map<string, number>();
  for (const f of flat) lastCount.set(parts(f.path).at(-1)!, (lastCount.get(parts(f.path).at(-1)!) ?? 0) + 1);
  const byLabel = new Map<string, FieldPath>();
  for (const f of flat) for (const text of Object.values(f.label)) if (!byLabel.has(text.trim().toLowerCase())) byLabel.set(text.trim().toLowerCase(), f);

  const idColumn = ID_COLUMNS.find((c) => columns.includes(c)) ?? null;
  const points = flat.filter((f) => f.widget === 'gps');
  const taken = new Set<string>();
  /** GPS fields some of whose parts have columns (their whole-point column is then not read). */
  const byParts = new Set<string>();
  const matches: ColumnMatch[] = [];
  const unmatched: string[] = [];
  for (const column of columns) {
    if (column === idColumn) continue;
    const override = column in overrides ? overrides[column]! : undefined;
    // A field of that very name wins over a GPS part (a text field `site_alt` beside a point `site`).
    const named = override ?? column;
    const point = override === '' || byPath.has(named.toLowerCase()) || byPath.has(parts(named).join('.')) ? undefined : gpsPartOf(named, points);
    if (point) {
      const key = `${point.field.path}.${point.part}`;
      if (!taken.has(point.field.path) && !taken.has(key)) {
        taken.add(key);
        byParts.add(point.field.path);
        matches.push({ column, field: key, part: point.part });
      } else unmatched.push(column);
      continue;
    }
    let field: FieldPath | undefined;
    if (override !== undefined) {
      field = override ? byPath.get(override.toLowerCase()) : undefined;
    } else {
      const p = parts(column);
      // SA Studio writes a repeated label with its path: `Female (participants.female)`.
      const bracketed = /\(([A-Za-z0-9_.]+)\)$/.exec(column)?.[1];
      field =
        (bracketed ? byPath.get(bracketed.toLowerCase()) : undefined) ??
        byPath.get(p.join('.')) ??
        (p.length > 0 && lastCount.get(p.at(-1)!) === 1 ? flat.find((f) => parts(f.path).at(-1) === p.at(-1)) : undefined) ??
        byLabel.get(column.trim().toLowerCase());
    }
    if (field && !taken.has(field.path) && !byParts.has(field.path)) {
      taken.add(field.path);
      matches.push({ column, field: field.path });
    } else unmatched.push(column);
  }
  return { matches, idColumn, unmatched, missing: flat.filter((f) => !taken.has(f.path) && !byParts.has(f.path)).map((f) => f.path), repeats };
}

/** One cell as the field's JSON value; text that does not fit the type is kept, for the validator to name. */
/** A choice given by its code or by its label in any language (Kobo and SA Studio export labels too). */
function optionOf(text: string, field: FieldPath): string | number | undefined {
  const t = text.trim().toLowerCase();
  for (const o of field.options ?? []) if (String(o.value).toLowerCase() === t) return o.value;
  for (const o of field.options ?? []) if (Object.values(o.label).some((l) => l.trim().toLowerCase() === t)) return o.value;
  return undefined;
}

export function convertCell(text: string, field: FieldPath): unknown {
  const value = text.trim();
  if (value === '') return undefined;
  if (field.widget === 'multiselect') {
    // Codes are space-separated (Kobo, ODK); SA Studio's labels are joined by "; " (they hold spaces).
    const parts = value.includes(';') ? value.split(';') : value.split(/[\s,]+/);
    return parts.map((p) => p.trim()).filter(Boolean).map((p) => optionOf(p, field) ?? p);
  }
  if (field.options && field.widget !== 'faces') {
    const option = optionOf(value, field);
    if (option !== undefined) return option;
  }
  if (field.widget === 'gps') return gpsFromText(value) ?? value;
  if (field.type === 'boolean') {
    const v = value.toLowerCase();
    if (['true', '1', 'yes', 'ok'].includes(v)) return true;
    if (['false', '0', 'no'].includes(v)) return false;
    return value;
  }
  if (field.type === 'integer' || field.type === 'number') {
    const n = Number(value);
    return Number.isFinite(n) && PLAIN_NUMBER.test(value) ? n : value;
  }
  if (field.widget === 'date' && /^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10);
  return value;
}

/** The record's data from one row: every matched, non-empty cell at its field's path. */
export function rowData(cells: Record<string, string>, mapping: DataMapping, fields: ReadonlyMap<string, FieldPath>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const { column, field, part } of mapping.matches) {
    const text = (cells[column] ?? '').trim();
    const value = part ? gpsPartValue(text, part) : convertCell(text, fields.get(field)!);
    if (value === undefined) continue;
    const path = field.split('.');
    let at = data;
    for (const key of path.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
    at[path.at(-1)!] = value;
  }
  return data;
}

/** One GPS part's cell: a number (a time for `captured_at`); text that is not one is kept for the validator to name. */
function gpsPartValue(text: string, part: GpsPart): unknown {
  if (text === '') return undefined;
  if (part === 'captured_at') return text;
  return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text) ? Number(text) : text;
}

/** A sheet name as exceljs writes it from a text (31 characters, no \\ / ? * [ ] :), lower-cased. */
const sheetName = (text: string) => text.slice(0, 31).replace(/[\\/?*[\]:]/g, ' ').trim().toLowerCase();

/** Each repeat group's path with the sheet names it may have: its name, and its labels (SA Studio's XLSX). */
export function repeatSheets(definition: Definition): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const node of flattenNodes(compileDefinition(definition))) {
    if (node.widget === 'repeat') out.set(node.path, [node.key.toLowerCase(), node.path.toLowerCase(), ...Object.values(node.label).map(sheetName)]);
  }
  return out;
}

/** The repeat group a sheet holds: by its name or label (Kobo, SA Studio; " (2)" continuations too) or its file name's end (ODK Central). */
export function repeatOfSheet(sheet: string, repeats: ReadonlyMap<string, string[]>): string | undefined {
  const name = sheet.trim().toLowerCase().replace(/ \(\d+\)$/, '');
  for (const [path, names] of repeats) {
    if (names.includes(name) || names.some((n) => name.endsWith(`-${n}`) || name.endsWith(`_${n}`))) return path;
  }
  return undefined;
}

/** The columns that link an item row to its record: by the record's id, or by the record's `_index`. */
const PARENT_ID_COLUMNS = ['_submission__uuid', '_id', 'parent_key', '_parent_uuid'];

export interface ItemLink {
  byId: string | null;
  byIndex: string | null;
}

export function itemLink(columns: readonly string[]): ItemLink {
  return { byId: PARENT_ID_COLUMNS.find((c) => columns.includes(c)) ?? null, byIndex: columns.includes('_parent_index') ? '_parent_index' : null };
}

/** The record id an item row belongs to (ODK's PARENT_KEY `uuid:…/group[1]` included), or null. */
export function parentId(cells: Record<string, string>, link: ItemLink): string | null {
  if (!link.byId) return null;
  const value = (cells[link.byId] ?? '').trim().replace(/^uuid:/i, '').split('/')[0]!;
  return UUID.test(value) ? value.toLowerCase() : null;
}

/** The fields of repeat `repeat` as a flat form of their own (item paths without the repeat's prefix). */
export function itemFields(definition: Definition, repeat: string): FieldPath[] {
  return fieldPaths(definition)
    .filter((f) => f.repeat === repeat)
    .map((f) => ({ ...f, path: f.path.slice(repeat.length + 3) }));
}

/** Matches an item sheet's columns to the repeat's fields (its own prefix `group/` taken off). */
export function mapItemColumns(fields: readonly FieldPath[], columns: readonly string[]): ColumnMatch[] {
  const byLast = new Map(fields.map((f) => [parts(f.path).at(-1)!, f]));
  const matches: ColumnMatch[] = [];
  for (const column of columns) {
    const field = fields.find((f) => f.path.toLowerCase() === column) ?? byLast.get(parts(column).at(-1) ?? '');
    if (field && !matches.some((m) => m.field === field.path)) matches.push({ column, field: field.path });
  }
  return matches;
}
