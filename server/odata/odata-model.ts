// The OData model of one form (issue 14.5): what `$metadata` describes and what the feed's rows hold.
// Built from every published version (the export layout: newest fields first), flat so that Power BI
// and Excel show one column per question without expanding records: a field at `section.question`
// becomes the property `section_question`; each repeat group is its own entity set linked to its
// record by `__Submissions_id`. Pure: no database, no HTTP.
import { gpsPartColumns, isMediaColumn, type ExportColumn, type ExportLayout } from '../exports/columns';

export type EdmType = 'Edm.String' | 'Edm.Int32' | 'Edm.Int64' | 'Edm.Double' | 'Edm.Boolean' | 'Edm.Date' | 'Edm.DateTimeOffset';

/** Where a property's value lives: a submission column, or a path inside the answers (or a repeat item). */
export type PropertySource =
  | { kind: 'column'; column: 'id' | 'definition_version' | 'geo_code' | 'period' | 'status' | 'created_at' | 'updated_at' }
  | { kind: 'answer'; path: string[]; multi: boolean; /** A file id, given as the link to GET /media/:id (filters compare the id). */ media?: true }
  | { kind: 'place-name'; path: string[] }
  | { kind: 'parent-id' }
  | { kind: 'item-index' }
  | { kind: 'item-id' };

export interface ODataProperty {
  name: string;
  type: EdmType;
  nullable: boolean;
  /** The question's label in Khmer and English (written to `$metadata` as Core.Description). */
  label?: string;
  source: PropertySource;
}

export interface ODataEntitySet {
  /** `Submissions`, or `Submissions_<repeat>` for a repeat group. */
  name: string;
  /** The entity type's name (`Submission`, `Submission_<repeat>`). */
  typeName: string;
  properties: ODataProperty[];
  /** For repeat sets: the repeat group's path in the answers. */
  repeatPath?: string[];
}

export interface ODataModel {
  /** The schema namespace: `SAStudio.<form key with _ for ->`. */
  namespace: string;
  sets: ODataEntitySet[];
}

/** The longest identifier CSDL allows. */
const MAX_IDENTIFIER = 128;

const META: ODataProperty[] = [
  { name: '__id', type: 'Edm.String', nullable: false, source: { kind: 'column', column: 'id' } },
  { name: '__version', type: 'Edm.Int32', nullable: false, source: { kind: 'column', column: 'definition_version' } },
  { name: '__geo_code', type: 'Edm.String', nullable: true, source: { kind: 'column', column: 'geo_code' } },
  { name: '__period', type: 'Edm.Date', nullable: true, source: { kind: 'column', column: 'period' } },
  { name: '__review_state', type: 'Edm.String', nullable: false, source: { kind: 'column', column: 'status' } },
  { name: '__submitted_at', type: 'Edm.DateTimeOffset', nullable: false, source: { kind: 'column', column: 'created_at' } },
  { name: '__updated_at', type: 'Edm.DateTimeOffset', nullable: false, source: { kind: 'column', column: 'updated_at' } },
];

function edmTypeOf(column: ExportColumn): EdmType {
  if (column.widget === 'date') return 'Edm.Date';
  if (column.widget === 'multiselect') return 'Edm.String';
  switch (column.type) {
    case 'integer':
      return 'Edm.Int64';
    case 'number':
      return 'Edm.Double';
    case 'boolean':
      return 'Edm.Boolean';
    default:
      return 'Edm.String';
  }
}

/** Names made unique within one entity type (`a_b` from `a.b` could meet a field named `a_b`). */
function uniqueName(wanted: string, taken: Set<string>): string {
  let name = wanted.slice(0, MAX_IDENTIFIER);
  for (let n = 2; taken.has(name); n += 1) name = `${wanted.slice(0, MAX_IDENTIFIER - String(n).length - 1)}_${n}`;
  taken.add(name);
  return name;
}

/** A GPS part's type: the numbers are doubles, the time of the fix a DateTimeOffset. */
const GPS_PART_TYPE = (part: string): EdmType => (part === 'captured_at' ? 'Edm.DateTimeOffset' : 'Edm.Double');

function fieldProperties(columns: readonly ExportColumn[], taken: Set<string>, labelOf: (c: ExportColumn) => string): ODataProperty[] {
  return columns.flatMap((c) => {
    const path = c.path.split('.');
    if (c.widget === 'gps') {
      // One property per part, as in CSV and XLSX (decision 311): `location_latitude`, …
      return gpsPartColumns({ path: path.join('_'), label: labelOf(c) }, 'en').map((p) => ({
        name: uniqueName(p.key, taken),
        type: GPS_PART_TYPE(p.part),
        nullable: true,
        label: `${labelOf(c)} (${p.part})`,
        source: { kind: 'answer', path: [...path, p.part], multi: false },
      }));
    }
    if (isMediaColumn(c)) return [{ name: uniqueName(path.join('_'), taken), type: 'Edm.String', nullable: true, label: labelOf(c), source: { kind: 'answer', path, multi: false, media: true } }];
    const own: ODataProperty = { name: uniqueName(path.join('_'), taken), type: edmTypeOf(c), nullable: true, label: labelOf(c), source: { kind: 'answer', path, multi: c.widget === 'multiselect' } };
    if (c.widget !== 'geography') return [own];
    return [own, { name: uniqueName(`${own.name}_name`, taken), type: 'Edm.String', nullable: true, label: labelOf(c), source: { kind: 'place-name', path } }];
  });
}

/**
 * The model of a form from its export layout in both languages (labels become descriptions as
 * "Khmer / English"). `layoutEn` has the same fields as `layoutKm`, in the same order.
 */
export function odataModel(formKey: string, layoutKm: ExportLayout, layoutEn: ExportLayout): ODataModel {
  const english = new Map([...layoutEn.main, ...layoutEn.repeats.flatMap((r) => r.columns.map((c) => ({ ...c, path: `${r.path}[].${c.path}` })))].map((c) => [c.path, c.label]));
  const labelFor = (prefix: string) => (c: ExportColumn): string => {
    const en = english.get(`${prefix}${c.path}`);
    return en && en !== c.label ? `${c.label} / ${en}` : c.label;
  };
  const taken = new Set(META.map((p) => p.name));
  const main: ODataEntitySet = { name: 'Submissions', typeName: 'Submission', properties: [...META, ...fieldProperties(layoutKm.main, taken, labelFor(''))] };
  const setNames = new Set(['Submissions']);
  const repeats = layoutKm.repeats.map((r): ODataEntitySet => {
    const own = new Set(['__id', '__Submissions_id', '__index']);
    const suffix = uniqueName(r.path.replace(/\./g, '_'), setNames);
    return {
      name: `Submissions_${suffix}`,
      typeName: `Submission_${suffix}`,
      repeatPath: r.path.split('.'),
      properties: [
        { name: '__id', type: 'Edm.String', nullable: false, source: { kind: 'item-id' } },
        { name: '__Submissions_id', type: 'Edm.String', nullable: false, source: { kind: 'parent-id' } },
        { name: '__index', type: 'Edm.Int32', nullable: false, source: { kind: 'item-index' } },
        ...fieldProperties(r.columns, own, labelFor(`${r.path}[].`)),
      ],
    };
  });
  return { namespace: `SAStudio.${formKey.replace(/-/g, '_')}`, sets: [main, ...repeats] };
}

/** A value as its declared type: what an older version stored differently becomes null, not an error in Power BI. */
export function asEdm(value: unknown, type: EdmType, multi = false): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  if (multi && Array.isArray(value)) return value.map(String).join(' ');
  switch (type) {
    case 'Edm.Int32':
    case 'Edm.Int64': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      return Number.isInteger(n) ? n : null;
    }
    case 'Edm.Double': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      return Number.isFinite(n) ? n : null;
    }
    case 'Edm.Boolean':
      return typeof value === 'boolean' ? value : null;
    case 'Edm.Date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
    case 'Edm.DateTimeOffset':
      return value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : null;
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}
