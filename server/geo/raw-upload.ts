// File uploads without multipart: the file is the raw request body, typed by its content-type, with a
// body limit raised for the upload routes only (they are registered in their own fastify scope).
// CSRF: browsers cannot send these content types cross-site without a CORS preflight (which this
// server never grants), and a cookie-authenticated request's Origin, when sent, must be this host.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Problem } from '../http/problems';
import { formatOf, type GeoFormat } from './geo-import.service';

export const UPLOAD_LIMIT = 50 * 1024 * 1024;

export function acceptRawUploads(scope: FastifyInstance, bodyLimit = UPLOAD_LIMIT): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));
}

export function uploadFormat(request: FastifyRequest, allowed: GeoFormat[]): GeoFormat {
  const type = String(request.headers['content-type'] ?? '');
  const format = formatOf(type.split(';')[0]!.trim());
  if (!format || !allowed.includes(format)) {
    const types = allowed.map((f) => ({ yaml: 'text/yaml', csv: 'text/csv', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })[f]);
    throw new Problem('UNSUPPORTED_MEDIA_TYPE', { message: { en: `Send the file as the body with content-type ${types.join(' or ')}.`, km: `សូមផ្ញើឯកសារជាមួយ content-type ${types.join(' ឬ ')}។` } });
  }
  return format;
}

export function checkSameOrigin(request: FastifyRequest): void {
  if (request.headers.authorization) return;
  const origin = request.headers.origin;
  if (!origin || origin === 'null') return;
  let host: string | null = null;
  try {
    host = new URL(origin).host;
  } catch {
    host = null;
  }
  if (host !== request.headers.host) throw new Problem('FORBIDDEN', { message: { en: 'Cross-site request refused.', km: 'សំណើពីគេហទំព័រផ្សេងត្រូវបានបដិសេធ។' } });
}

export function uploadBody(request: FastifyRequest): Buffer {
  const body = request.body;
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw new Problem('BAD_INPUT', { message: { en: 'The file is empty.', km: 'ឯកសារទទេ។' }, errors: [{ path: 'body', keyword: 'required', message: { en: 'The file is empty.', km: 'ឯកសារទទេ។' } }] });
  }
  return body;
}

export const isTrue = (v: unknown): boolean => v === '1' || v === 'true';
