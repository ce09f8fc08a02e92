// Why: the streaming GET /export/<key>.<format> and the background job of the same export
// (POST /export/<key>.<format>/jobs) take the same query parameters; one parser keeps them one export.
import { badParam, isInt4 } from '../core/params';
import { Problem } from '../core/problems';
import { isReviewState, type ReviewState } from '../submissions/review-states';
import type { MediaSource } from '../media/media-read';
import type { ExportRequest } from './exports.service';

export type ExportFormat = 'csv' | 'xlsx' | 'zip';

export interface ExportQuery {
  version?: string;
  geo?: string;
  from?: string;
  to?: string;
  lang?: string;
  headers?: string;
  /** `labels`: choice answers and review states as words; default `codes`. */
  values?: string;
  /** Review states, comma-separated (received,has_issues,approved,rejected). */
  states?: string;
  /** ZIP: `1` adds the photo, signature and audio files the records name. */
  files?: string;
}

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
};

/** `<key>.<format>` of the export's address, else NOT_FOUND. */
export function exportFileParam(file: string): { key: string; format: ExportFormat } {
  const match = /^([a-z][a-z0-9-]{1,62})\.(csv|xlsx|zip)$/.exec(file);
  if (!match) throw new Problem('NOT_FOUND');
  return { key: match[1]!, format: match[2] as ExportFormat };
}

function statesParam(value: string | undefined): ReviewState[] | null {
  if (!value) return null;
  const states = value.split(',').map((s) => s.trim().toLowerCase());
  if (!states.every(isReviewState)) throw badParam('states', 'enum', 'states: use received, has_issues, approved or rejected, comma-separated.', 'states៖ សូមប្រើ received, has_issues, approved ឬ rejected ដោយបំបែកដោយសញ្ញាក្បៀស។');
  return states;
}

/** The export a query asks for; a ZIP with `files=1` reads the records' files through `media`. */
export function toRequest(key: string, format: ExportFormat, query: ExportQuery, mediaBase: string, media: MediaSource): ExportRequest {
  const version = query.version ? Number(query.version) : null;
  if (query.version && (!/^\d{1,10}$/.test(query.version) || !isInt4(version) || version < 1)) {
    throw badParam('version', 'type', 'version must be a version number.', 'កំណែត្រូវតែជាលេខកំណែ។');
  }
  return {
    definitionKey: key,
    filter: { version, geo: query.geo || null, from: query.from || null, to: query.to || null, states: statesParam(query.states) },
    locale: query.lang === 'en' ? 'en' : 'km',
    headers: query.headers === 'keys' ? 'keys' : 'labels',
    values: query.values === 'labels' ? 'labels' : 'codes',
    mediaBase,
    ...(format === 'zip' && query.files === '1' ? { media } : {}),
  };
}
