// Refuses submitted data beyond the documented depth, size and string limits (model/limits.ts)
// before anything recursive or costly touches it (copying, conditions, Ajv). A pure function, so
// the server can also call it on a raw request body.
import { LIMITS } from '../model/limits';
import type { ValidationError } from '../model/types';
import { findOversize, type Oversize, type SizeCaps } from '../safety/json-size';
import { messageFor } from './messages';

export const DATA_CAPS: SizeCaps = { depth: LIMITS.dataDepth, nodes: LIMITS.dataNodes, stringLength: LIMITS.dataStringLength };

const KEYWORDS: Record<Oversize['kind'], string> = { depth: 'maxDepth', nodes: 'maxNodes', stringLength: 'maxLength' };

export function oversizeError(found: Oversize, caps: SizeCaps = DATA_CAPS): ValidationError {
  return { path: found.segments.join('.'), keyword: KEYWORDS[found.kind], message: messageFor(KEYWORDS[found.kind], { limit: caps[found.kind] }) };
}

/** `[]`, or one error at the dotted path of the first excess (keyword maxDepth, maxNodes or maxLength). */
export function checkDataLimits(data: unknown, caps: SizeCaps = DATA_CAPS): ValidationError[] {
  const found = findOversize(data, caps);
  return found ? [oversizeError(found, caps)] : [];
}
