// Converts Ajv errors into ValidationErrors: dotted paths pointing at the offending field
// (additionalProperties points at the unknown key itself) and bilingual messages.
import type { ErrorObject } from 'ajv';
import type { ValidationError } from '../model/types';
import { messageFor } from './messages';

export function toDottedPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

export function fromAjvError(error: ErrorObject): ValidationError {
  let path = toDottedPath(error.instancePath);
  const params = error.params as { additionalProperty?: string; limit?: unknown; type?: unknown; format?: unknown };
  if (error.keyword === 'additionalProperties' && params.additionalProperty !== undefined) {
    path = path ? `${path}.${params.additionalProperty}` : params.additionalProperty;
  }
  return { path, keyword: error.keyword, message: messageFor(error.keyword, params) };
}

/** Segment-wise order: numeric indexes numerically, names alphabetically; then keyword. */
export function compareErrors(a: ValidationError, b: ValidationError): number {
  const as = a.path.split('.');
  const bs = b.path.split('.');
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const x = as[i] as string;
    const y = bs[i] as string;
    if (x === y) continue;
    const nx = Number(x);
    const ny = Number(y);
    if (x !== '' && y !== '' && Number.isInteger(nx) && Number.isInteger(ny)) return nx - ny;
    return x < y ? -1 : 1;
  }
  if (as.length !== bs.length) return as.length - bs.length;
  return a.keyword < b.keyword ? -1 : a.keyword > b.keyword ? 1 : 0;
}

export function uniqueErrors(errors: ValidationError[]): ValidationError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const id = `${e.path}\u0000${e.keyword}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
