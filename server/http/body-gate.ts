// Authenticate before reading a body: the caller is known after onRequest (authenticate.ts), and this
// preParsing hook runs before any byte of the body is read. Without a session a body may be at most
// ANONYMOUS_BODY_LIMIT (sign-in and anonymous GraphQL need far less). Routes that know their permission
// before the body (uploads, exports) refuse earlier still, in onRequest (authorize-first.ts). GraphQL
// authorizes per operation, which needs the parsed query, so its strict anonymous cap protects it.
import { Transform, pipeline, type Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isWebRoute } from './headers';
import { Problem } from '../core/problems';

export const ANONYMOUS_BODY_LIMIT = 16 * 1024;

/** PAYLOAD_TOO_LARGE, saying why, over the anonymous cap. */
function signInFirst(limit: number): Problem {
  return new Problem('PAYLOAD_TOO_LARGE', {
    message: { en: `Without a session a request body may be at most ${limit / 1024} KB. Sign in first.`, km: `បើមិនទាន់ចូលប្រើប្រាស់ ខ្លឹមសារសំណើមិនអាចលើសពី ${limit / 1024} KB ទេ។ សូមចូលប្រើប្រាស់ជាមុនសិន។` },
  });
}

/** The body stream, failing with `problem` once more than `limit` bytes arrive (chunked bodies). */
function capped(payload: Readable, limit: number, problem: () => Problem): Readable {
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > limit) callback(problem());
      else callback(null, chunk);
    },
  });
  return pipeline(payload, counter, () => undefined);
}

function hasBody(request: FastifyRequest): boolean {
  return request.headers['content-length'] !== undefined ? request.headers['content-length'] !== '0' : request.headers['transfer-encoding'] !== undefined;
}

export function registerBodyGate(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, reply, payload) => {
    if (request.actor || !hasBody(request)) return payload;
    const limit = ANONYMOUS_BODY_LIMIT;
    const declared = Number(request.headers['content-length']);
    if (declared > limit) {
      reply.header('connection', 'close'); // the body is never read: do not wait for it either
      throw signInFirst(limit);
    }
    // SvelteKit reads the raw request itself: its own BODY_SIZE_LIMIT applies to chunked bodies.
    if (isWebRoute(request)) return payload;
    return capped(payload, limit, () => signInFirst(limit));
  });
}
