// Indicator definitions: an M&E measure over form data, versioned and published like forms
// (docs/indicator-format.md). Pure data: filters are JSONLogic, paths are data paths.
import type { LocalizedText } from '../model/types';

export type MeasureType = 'count' | 'sum' | 'average' | 'median' | 'percentage' | 'ratio' | 'coverage';

export interface IndicatorSource {
  /** Form key; every version of the form is read. */
  form: string;
  /** Path of a repeat group: one row per item (`row.x` reads the item), else one row per submission. */
  each?: string;
  /** Values attached to every row of this source, usable as categories (e.g. respondent: citizens). */
  constants?: Record<string, string>;
}

export interface MeasurePart {
  /** Count rows (optionally only those matching `where`) when no field is given, else sum the field. */
  field?: string;
  where?: unknown;
}

export interface Measure {
  type: MeasureType;
  /** sum / average / median: the numeric field (data path, or `row.x` inside `each`). */
  field?: string;
  /** percentage: rows matching this condition, out of all rows. */
  where?: unknown;
  numerator?: MeasurePart;
  denominator?: MeasurePart;
  /** coverage: count places at this level that have rows from every source in the period. */
  level?: 'province' | 'district' | 'commune';
}

export interface Category {
  key: string;
  label: LocalizedText;
  /** The row's value at this path is the category… */
  field?: string;
  /** …or the source's constant with this name… */
  constant?: string;
  /** …or (with measure `sum`) each listed field is its own category (participants by group). */
  fields?: Record<string, string>;
  /**
   * With `fields`: the key of the field holding the total. The other fields are disaggregations of
   * it (they may overlap: a woman can be young) and are never added to it or to each other: a value
   * not grouped by this category is the total. Without `total`, the fields are parts that add up.
   */
  total?: string;
  /** Labels of category values. */
  valueLabels?: Record<string, LocalizedText>;
}

export interface IndicatorDefinition {
  $schema: 'https://json-schema.org/draft/2020-12/schema';
  'x-kind': 'indicator';
  'x-title': LocalizedText;
  'x-description'?: LocalizedText;
  sources: IndicatorSource[];
  filter?: unknown;
  measure: Measure;
  categories?: Category[];
  /** Date field giving the period; default: the submission's event date. */
  periodField?: string;
  /**
   * Which records count, by review state: `not_rejected` (default: received, has issues and approved
   * records) or `approved` (only records a reviewer approved).
   */
  count?: 'approved' | 'not_rejected';
  target?: number;
  baseline?: number;
  unit?: LocalizedText;
  decimals?: number;
}
