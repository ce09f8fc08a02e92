// Why: addresses written into answers for other programs (OData next links, media links in exports)
// must be absolute, and this server has no configured public URL: the origin is the one the reader
// reached, as fastify reads it (behind TRUST_PROXY, from X-Forwarded-Proto/Host). Media links are
// built from it by server/media/media-links.ts.
import type { FastifyRequest } from 'fastify';

/** `https://host[:port]` of this request. */
export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}
