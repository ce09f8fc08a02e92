// Why: addresses written into answers for other programs (OData next links, media links in exports)
// must be absolute, and this server has no configured public URL: the origin is the one the reader
// reached, as fastify reads it (behind TRUST_PROXY, from X-Forwarded-Proto/Host).
import type { FastifyRequest } from 'fastify';

/** `https://host[:port]` of this request. */
export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** A host as browsers send it (name or address, optional port): anything else is not written into files. */
const PLAIN_ORIGIN = /^https?:\/\/[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^https?:\/\/\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$/;

/** Where a stored file is read (GET /media/:id), for links in exports and feeds; a relative path when the origin is unusual. */
export function mediaBaseOf(origin: string): string {
  return PLAIN_ORIGIN.test(origin) ? `${origin}/media/` : '/media/';
}
