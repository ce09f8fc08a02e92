// The JSON body parser: fastify's own (secure-json-parse, prototype poisoning refused) behind a depth
// limit. A 20,000-deep body parses, but every recursive walk after it (ajv, graphql-js variables,
// jsonb) would overflow the stack; one linear, non-recursive scan of the raw text refuses it first.
import type { FastifyInstance } from 'fastify';
import { Problem } from '../core/problems';

/** Nesting a legitimate body needs stays far below this (a definition inside GraphQL variables: ~15). */
export const MAX_JSON_DEPTH = 64;

/** The deepest nesting of objects/arrays in JSON text, or `limit + 1` as soon as it exceeds `limit`. */
export function jsonDepth(text: string, limit: number = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return deepest;
}

export function registerJsonParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (jsonDepth(text) > MAX_JSON_DEPTH) {
      done(
        new Problem('BAD_INPUT', {
          message: { en: `The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels.`, km: `ខ្លឹមសារ JSON មានកម្រិតជាន់គ្នាលើសពី ${MAX_JSON_DEPTH}។` },
          errors: [{ path: 'body', keyword: 'maxDepth', message: { en: `At most ${MAX_JSON_DEPTH} nested objects or arrays.`, km: `អតិបរមា ${MAX_JSON_DEPTH} កម្រិតជាន់គ្នា។` } }],
        }),
        undefined,
      );
      return;
    }
    parse(request, text, done);
  });
}
