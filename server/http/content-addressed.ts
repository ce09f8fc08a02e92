// One way to serve a stored file whose address is its SHA-256 (help images, audio prompts): public,
// cached for a year (the address changes when the content does), answered 304 to its own ETag, and
// sandboxed so that a file that slipped past the type sniff can never run as a page of this origin.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Problem } from '../core/problems';

export interface ContentAddressed {
  sha256: string;
  mime: string;
  bytes: Uint8Array;
}

export function sendContentAddressed(request: FastifyRequest, reply: FastifyReply, file: ContentAddressed | undefined | null): FastifyReply {
  if (!file) throw new Problem('NOT_FOUND');
  if (request.headers['if-none-match'] === `"${file.sha256}"`) return reply.status(304).send();
  return reply
    .header('content-type', file.mime)
    .header('etag', `"${file.sha256}"`)
    .header('cache-control', 'public, max-age=31536000, immutable')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('x-content-type-options', 'nosniff')
    .send(Buffer.from(file.bytes));
}
