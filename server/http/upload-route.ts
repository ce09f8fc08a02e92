// File uploads without multipart: the file is the raw request body, typed by its content-type. The
// upload scope's body parser hands the handler the unread stream (nothing is buffered by fastify);
// readers pull it through `readUpload`, which counts bytes and time as they arrive and stops at the
// budget. Before any of that, `expectUpload` (an onRequest hook, after `authorizeFirst`) refuses a
// wrong type or an announced length over the limit without reading the body.
// CSRF: browsers cannot send these content types cross-site without a CORS preflight (which this
// server never grants), and a cookie caller's Origin, when sent, must be this host (authorizeFirst).
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { Problem, type LocalizedMessage } from '../core/problems';
import { bytesExceeded, type UploadLimits } from '../core/uploads/upload-limits';
import { emptyFile, formatOf, MEDIA_TYPES, type UploadFormat } from '../core/uploads/upload-read';

/** In the upload routes' own scope: every content type reaches the handler as the unread stream. */
export function acceptStreamedUploads(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
}

export function uploadFormat(request: FastifyRequest, allowed: UploadFormat[]): UploadFormat {
  const type = String(request.headers['content-type'] ?? '');
  const format = formatOf(type.split(';')[0]!.trim());
  if (!format || !allowed.includes(format)) {
    const types = allowed.map((f) => MEDIA_TYPES[f]);
    throw new Problem('UNSUPPORTED_MEDIA_TYPE', { message: { en: `Send the file as the body with content-type ${types.join(' or ')}.`, km: `សូមផ្ញើឯកសារជាមួយ content-type ${types.join(' ឬ ')}។` } });
  }
  return format;
}

/** An announced length over the limit (the connection is closed) or an empty body, before any byte is read. */
function refuseAnnouncedSize(request: FastifyRequest, reply: FastifyReply, limits: UploadLimits): void {
  const length = request.headers['content-length'];
  if (length !== undefined && Number(length) > limits.maxBytes) {
    reply.header('connection', 'close');
    throw bytesExceeded(limits);
  }
  if (length === '0') throw emptyFile();
}

/** onRequest: the type and the announced size, checked before the body is read. */
export function expectUpload(allowed: UploadFormat[], limits: UploadLimits): onRequestHookHandler {
  return async (request, reply) => {
    uploadFormat(request, allowed);
    refuseAnnouncedSize(request, reply, limits);
  };
}

/**
 * onRequest for one file of a kind (an image, a sound) sent as the raw body: a content-type `accepts`
 * takes (the bytes are judged again once read) and the announced size, before the body is read.
 */
export function expectRawUpload(accepts: (type: string) => boolean, message: LocalizedMessage, limits: UploadLimits): onRequestHookHandler {
  return async (request, reply) => {
    const type = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!accepts(type)) throw new Problem('UNSUPPORTED_MEDIA_TYPE', { message });
    refuseAnnouncedSize(request, reply, limits);
  };
}

export const isTrue = (v: unknown): boolean => v === '1' || v === 'true';
