// Export columns across every version of a form: the latest version's fields first, in display order,
// then fields that only older versions had. A field missing from a version is simply empty there.
import { fieldPaths, GPS_PARTS, isMediaWidget, localize, type Definition, type FieldPath, type GpsPart } from '../../form-engine/index';

export interface ExportColumn {
  path: string;
  label: string;
  widget: FieldPath['widget'];
  /** The JSON type of the stored answer (the OData feed's column types come from it). */
  type: FieldPath['type'];
  /** Choice fields: each option value's label in the export's language. */
  options?: Map<string, string>;
}

export interface ExportLayout {
  /** Fields outside repeat groups: one column each. */
  main: ExportColumn[];
  /** Repeat groups: one sheet (XLSX) or one JSON column (CSV) each, with the item fields as columns. */
  repeats: Array<{ path: string; label: string; columns: ExportColumn[] }>;
}

export function exportLayout(versionsNewestFirst: Definition[], locale: string): ExportLayout {
  const seen = new Map<string, FieldPath>();
  for (const def of versionsNewestFirst) {
    for (const field of fieldPaths(def)) if (!seen.has(field.path)) seen.set(field.path, field);
  }
  const fields = [...seen.values()];
  const toColumn = (f: FieldPath): ExportColumn => ({
    path: f.path,
    label: localize(f.label, locale),
    widget: f.widget,
    type: f.type,
    ...(f.options ? { options: new Map(f.options.map((o) => [String(o.value), localize(o.label, locale)])) } : {}),
  });
  const repeatPaths = [...new Set(fields.filter((f) => f.repeat).map((f) => f.repeat!))];
  const repeatLabel = (path: string): string => {
    for (const def of versionsNewestFirst) {
      const node = path.split('.').reduce<unknown>((n, key) => (n as { properties?: Record<string, unknown> })?.properties?.[key], def);
      const label = (node as { 'x-label'?: { km: string; en: string } } | undefined)?.['x-label'];
      if (label) return localize(label, locale);
    }
    return path;
  };
  return {
    main: fields.filter((f) => !f.repeat).map(toColumn),
    repeats: repeatPaths.map((path) => ({
      path,
      label: repeatLabel(path),
      columns: fields.filter((f) => f.repeat === path).map((f) => ({ ...toColumn(f), path: f.path.slice(path.length + 3) })),
    })),
  };
}

/** One column a GPS answer becomes (decision 311): `<path>_latitude`, read from `<path>.latitude`. */
export interface GpsPartColumn {
  key: string;
  header: string;
  /** The part's dotted path in the answers. */
  path: string;
  part: GpsPart;
}

/** The columns of a GPS question, one per part in GPS_PARTS order (latitude, longitude, accuracy, altitude, time). */
export function gpsPartColumns(column: Pick<ExportColumn, 'path' | 'label'>, locale: string): GpsPartColumn[] {
  return GPS_PARTS.map(({ part, label }) => ({ key: `${column.path}_${part}`, header: `${column.label} (${localize(label, locale)})`, path: `${column.path}.${part}`, part }));
}

/** Whether a column holds a file id (photo, signature, audio), written as a link to GET /media/:id. */
export function isMediaColumn(column: Pick<ExportColumn, 'widget'>): boolean {
  return isMediaWidget(column.widget);
}

/** A media answer as the address of its file (`<base><id>`); anything else as it is. */
export function mediaLink(value: unknown, base: string): unknown {
  return typeof value === 'string' && value !== '' ? `${base}${value}` : value;
}

/** Reads a dotted path from submission data. */
export function valueAt(data: unknown, path: string): unknown {
  return readPath(data, path.split('.'));
}

/** Reads a path already split into its keys (callers reading many rows split it once). */
export function readPath(data: unknown, keys: readonly string[]): unknown {
  let value = data;
  for (const key of keys) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

/** A cell value: arrays of choices joined by spaces (as ODK and Kobo do), objects as JSON. */
export function cellValue(value: unknown): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.every((v) => typeof v !== 'object') ? value.join(' ') : JSON.stringify(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return value as string | number | boolean;
}

/** A choice answer as its label(s): a multiselect's labels joined by "; ", an unknown value as itself. */
export function labelValue(value: unknown, options: Map<string, string>): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map((v) => options.get(String(v)) ?? String(v)).join('; ');
  return options.get(String(value)) ?? cellValue(value);
}

/** Header texts made unique: a repeated one gets its data path in brackets (`Female (participants.female)`). */
export function uniqueHeaders(labels: readonly string[], paths: readonly string[]): string[] {
  const count = new Map<string, number>();
  for (const l of labels) count.set(l, (count.get(l) ?? 0) + 1);
  const out = labels.map((l, i) => ((count.get(l) ?? 0) > 1 ? `${l} (${paths[i]})` : l));
  // Two columns could still meet (the same label and path text): number what is left.
  const seen = new Map<string, number>();
  return out.map((h) => {
    const n = (seen.get(h) ?? 0) + 1;
    seen.set(h, n);
    return n === 1 ? h : `${h} ${n}`;
  });
}
