// GET /api/types/<key>@<version>.d.ts and .schema.json: the TypeScript declarations and the JSON Schema
// of a published form version's submission data, so an integration is typed against exactly the
// version it submits to. `<key>@latest.…` redirects (302) to the newest published version. Readers
// of definitions only (checked before anything else); the files never change, so they are cached
// for a year with their SHA-256 as a strong ETag (304 on If-None-Match).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppServices } from '../core/services';
import { authorizeFirst } from '../http/authorize-first';
import { badParam, isInt4 } from '../core/params';
import { KEY_PATTERN } from './definitions.service';
import { formArtifact, latestPublishedVersion, type ArtifactKind } from './form-artifacts.service';

export const TYPES_PREFIX = '/api/types/';

const EXTENSIONS: Record<string, { kind: ArtifactKind; type: string }> = {
  '.d.ts': { kind: 'dts', type: 'application/typescript; charset=utf-8' },
  '.schema.json': { kind: 'schema', type: 'application/schema+json; charset=utf-8' },
};

const IMMUTABLE = 'private, max-age=31536000, immutable';

export interface TypesRef {
  key: string;
  version: number | 'latest';
  extension: string;
}

/** Splits `jaap@1.d.ts`; every malformed part is BAD_INPUT at `file`, `key` or `version`. */
export function parseTypesRef(file: string): TypesRef {
  const extension = Object.keys(EXTENSIONS).find((ext) => file.endsWith(ext));
  if (!extension) throw badParam('file', 'format', 'Ask for <key>@<version>.d.ts or <key>@<version>.schema.json.', 'សូមសុំ <key>@<version>.d.ts ឬ <key>@<version>.schema.json។');
  const ref = file.slice(0, -extension.length);
  const at = ref.lastIndexOf('@');
  const key = at < 0 ? ref : ref.slice(0, at);
  if (!KEY_PATTERN.test(key)) throw badParam('key', 'pattern', 'A key is 2–63 lowercase letters, digits or dashes, starting with a letter.', 'កូនសោត្រូវមានអក្សរតូច លេខ ឬសញ្ញា - ចំនួន ២–៦៣ ហើយចាប់ផ្តើមដោយអក្សរ។');
  const text = at < 0 ? '' : ref.slice(at + 1);
  if (text === 'latest') return { key, version: 'latest', extension };
  const version = /^[1-9][0-9]{0,9}$/.test(text) ? Number(text) : NaN;
  if (!isInt4(version)) throw badParam('version', 'pattern', 'A version is a positive whole number (or latest), e.g. jaap@1.d.ts.', 'កំណែត្រូវជាចំនួនគត់វិជ្ជមាន (ឬ latest) ឧ. jaap@1.d.ts។');
  return { key, version, extension };
}

/** If-None-Match (weak comparison, RFC 9110 13.1.2): `*` or any listed tag with this opaque value. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export function formTypesRoutes(app: FastifyInstance, services: AppServices): void {
  app.get<{ Params: { file: string } }>(`${TYPES_PREFIX}:file`, { onRequest: authorizeFirst({ action: 'definition.read' }) }, async (request: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply) => {
    const ref = parseTypesRef(request.params.file);
    const { kind, type } = EXTENSIONS[ref.extension]!;
    if (ref.version === 'latest') {
      const version = await latestPublishedVersion(services.db, request.actor, ref.key);
      // The target changes with the next publication: the redirect itself is never cached.
      return reply.header('cache-control', 'no-store').redirect(`${TYPES_PREFIX}${ref.key}@${version}${ref.extension}`, 302);
    }
    const artifact = await formArtifact(services.db, request.actor, ref.key, ref.version, kind);
    const etag = `"${artifact.sha256}"`;
    reply.header('etag', etag).header('cache-control', IMMUTABLE).header('vary', 'Authorization, Cookie');
    if (matchesEtag(request.headers['if-none-match'], etag)) return reply.code(304).send();
    return reply
      .type(type)
      .header('content-disposition', `attachment; filename="${ref.key}@${ref.version}${ref.extension}"`)
      .send(artifact.content);
  });
}
