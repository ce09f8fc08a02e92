// Safety net: PostgreSQL refusing a value (bad text, out-of-range number or date) means the request
// carried it, so the client gets BAD_INPUT, not INTERNAL. Inputs are checked at the edge first; this
// catches what a check missed.
import { Problem } from '../core/problems';

const REFUSED_VALUES = new Set([
  '22021', // character not in repertoire (NUL in text)
  '22P05', // untranslatable character (\u0000 in jsonb)
  '22P02', // invalid text representation (lone surrogate in jsonb, bad number text)
  '22003', // numeric value out of range
  '22008', // datetime field overflow (2026-02-31)
  '22007', // invalid datetime format
  '22001', // string data right truncation
]);

export function problemFromDatabaseError(error: unknown): Problem | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !REFUSED_VALUES.has(code)) return null;
  return new Problem('BAD_INPUT', { message: { en: 'A value in the request cannot be stored.', km: 'តម្លៃមួយក្នុងសំណើមិនអាចរក្សាទុកបានទេ។' } });
}
