// Filters shared by the data table, exports and counts, checked here and applied in SQL (with the
// actor's scope) by submissions.repository.ts.
import type { Actor } from '../auth/actor';
import { isGeoCode } from '../geo/geo-codes';
import { badParam, isCalendarDate, isInt4 } from '../core/params';
import { isReviewState, type ReviewState } from './review-states';

export interface SubmissionFilter {
  version?: number | null;
  /** NCDD code prefix: a province, district, commune or village. */
  geo?: string | null;
  /** Inclusive period bounds, YYYY-MM-DD. */
  from?: string | null;
  to?: string | null;
  /** Review states (any of them); empty or absent: every state. */
  states?: readonly ReviewState[] | null;
  /** Training records instead of real ones (default: the reader's training switch). */
  training?: boolean | null;
}

/** The filter with its training side settled: asked for, else the reader's training mode. */
export function inMode(filter: SubmissionFilter, reader: Actor): SubmissionFilter {
  return { ...filter, training: filter.training ?? reader.trainingMode };
}

/** Checked before any query runs (exports check it before the first byte is sent). */
export function checkFilter(filter: SubmissionFilter): void {
  const bad = (path: string, en: string, km: string) => badParam(`filter.${path}`, 'format', en, km);
  if (filter.geo && !isGeoCode(filter.geo)) throw bad('geo', 'Use a place code of 2, 4, 6 or 8 digits.', 'សូមប្រើកូដទីកន្លែង ២ ៤ ៦ ឬ ៨ ខ្ទង់។');
  if (filter.from && !isCalendarDate(filter.from)) throw bad('from', 'Use a real date like 2026-01-31.', 'សូមប្រើកាលបរិច្ឆេទពិតដូចជា 2026-01-31។');
  if (filter.to && !isCalendarDate(filter.to)) throw bad('to', 'Use a real date like 2026-01-31.', 'សូមប្រើកាលបរិច្ឆេទពិតដូចជា 2026-01-31។');
  if (filter.states && !filter.states.every(isReviewState)) throw bad('states', 'Use received, has_issues, approved or rejected.', 'សូមប្រើ received, has_issues, approved ឬ rejected។');
  if (filter.version != null && (!isInt4(filter.version) || filter.version < 1)) throw bad('version', 'Use a version number.', 'សូមប្រើលេខកំណែ។');
}
