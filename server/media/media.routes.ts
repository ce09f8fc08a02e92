// Media answers over HTTP: the tus upload endpoint (POST /media/uploads, then HEAD/PATCH/DELETE
// /media/uploads/:id) and GET /media/:id to read a stored file. Every request is authenticated and
// authorized before tus reads a byte (authorizeFirst in onRequest); the upload body is never parsed
// by fastify (the scope takes every content type as the unread stream, which tus reads itself).
// Files are read from the disk or the bucket (media-read.ts) and served with their stored type (read from their bytes), nosniff and a sandbox CSP, so even
// a file crafted to look like HTML cannot run as a page of this site.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Server } from '@tus/server';
import type { AppServices } from '../core/services';
import { authorizeFirst } from '../http/authorize-first';
import { acceptStreamedUploads } from '../http/upload-route';
import { requireActor } from '../auth/permissions';
import { createMediaStore, setCaller, UPLOAD_PATH } from './media-store';
import { readableFile } from './media.service';
import { mediaSourceOf, openStoredMedia } from './media-read';
import { Problem } from '../core/problems';

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'audio/webm': 'webm',
  'audio/ogg': 'ogg',
  'audio/mp4': 'm4a',
  'audio/mpeg': 'mp3',
  'audio/wav': 'wav',
};

export async function mediaRoutes(app: FastifyInstance, services: AppServices): Promise<void> {
  let store: Server | undefined;
  const tus = async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = requireActor(request.actor, 'submission.create');
    store ??= createMediaStore(services.db, services.definitions, services.config.media, () => services.mediaOffload?.nudge());
    setCaller(request.raw, actor);
    reply.hijack();
    await store.handle(request.raw, reply.raw);
  };
  await app.register(async (scope) => {
    acceptStreamedUploads(scope);
    const options = { onRequest: authorizeFirst({ action: 'submission.create' }) };
    scope.route({ method: ['POST'], url: UPLOAD_PATH, ...options, handler: tus });
    scope.route({ method: ['HEAD', 'PATCH', 'DELETE'], url: `${UPLOAD_PATH}/:id`, ...options, handler: tus });
  });

  app.get<{ Params: { id: string } }>('/media/:id', { onRequest: authorizeFirst({ action: 'submission.read' }) }, async (request, reply) => {
    const file = await readableFile(services.db, request.actor!, request.params.id);
    const bytes = await openStoredMedia(mediaSourceOf(services), file);
    if (!bytes) throw new Problem('NOT_FOUND');
    const type = file.content_type ?? 'application/octet-stream';
    reply.header('content-type', type);
    reply.header('content-length', String(file.size));
    reply.header('etag', `"${file.sha256}"`);
    reply.header('cache-control', 'private, max-age=31536000, immutable');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('content-security-policy', "default-src 'none'; sandbox");
    reply.header('content-disposition', `inline; filename="${file.id}.${EXTENSIONS[type] ?? 'bin'}"`);
    return reply.send(bytes);
  });
}
