// Why: the baseline for ingest is the database doing nothing but storing the same rows: a copy of
// the `submission` table (same columns, defaults, identity, indexes; no foreign keys) and one
// autocommitted single-row INSERT per document (for batched sync: one 100-row INSERT per batch), with
// the same JSON text the server would store.
import { randomUUID } from 'node:crypto';
import { FORM_KEY, FORM_VERSION, VARIANTS, validDocument } from '../lib/isaf-document';

export const CREATE_RAW_TABLE = 'create table raw_submission (like submission including all)';

export const INSERT_RAW =
  'insert into raw_submission (id, definition_key, definition_version, geo_code, period, data, submitted_by) values ($1, $2, $3, $4, $5, $6, $7)';

const JSON_TEXT = Array.from({ length: VARIANTS }, (_, n) => JSON.stringify(validDocument(n)));
const GEO = Array.from({ length: VARIANTS }, (_, n) => String(validDocument(n).village));
const DATE = Array.from({ length: VARIANTS }, (_, n) => String(validDocument(n).date));

/** Parameters of the next raw row: a fresh UUID and document variant `n`. */
export function rawParams(n: number, submittedBy: string): unknown[] {
  const v = n % VARIANTS;
  return [randomUUID(), FORM_KEY, FORM_VERSION, GEO[v], DATE[v], JSON_TEXT[v], submittedBy];
}

export function documentBytes(): number {
  return Math.round(JSON_TEXT.reduce((s, t) => s + Buffer.byteLength(t), 0) / VARIANTS);
}

/** One multi-row INSERT of `rows` rows (7 parameters each): the baseline of batched sync. */
export function insertRawBatch(rows: number): string {
  const tuples = Array.from({ length: rows }, (_, r) => `(${Array.from({ length: 7 }, (_, c) => `$${r * 7 + c + 1}`).join(', ')})`);
  return `insert into raw_submission (id, definition_key, definition_version, geo_code, period, data, submitted_by) values ${tuples.join(', ')}`;
}

/** Parameters of `rows` raw rows starting at variant `n` (fresh UUIDs), for insertRawBatch(rows). */
export function rawBatchParams(n: number, rows: number, submittedBy: string): unknown[] {
  return Array.from({ length: rows }, (_, r) => rawParams(n + r, submittedBy)).flat();
}
