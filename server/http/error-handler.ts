// Every REST error leaves as {code, message, messageKm, errors?}: problems keep their code, fastify's
// own errors (bad JSON, body too large, bad URL) and Node's (malformed HTTP, headers too large) are
// mapped (the OData feeds' routes answer OData's shape of the same), unknown paths are NOT_FOUND, known paths with another method METHOD_NOT_ALLOWED, anything
// else INTERNAL with no detail. Nothing echoes the request back.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_CSP } from './headers';
import { isDatabaseUnavailable } from '../db/db-errors';
import { problemFromDatabaseError } from './database-errors';
import { Problem, type ProblemCode } from '../core/problems';
import type { RouteTable } from './route-table';

const NOT_JSON = { en: 'The body is not valid JSON.', km: 'ខ្លឹមសារមិនមែនជា JSON ត្រឹមត្រូវទេ។' };

/** Problems for the HTTP statuses fastify and mercurius use on their own errors. */
const byStatus: Record<number, ProblemCode> = { 400: 'BAD_INPUT', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 408: 'REQUEST_TIMEOUT', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 431: 'HEADERS_TOO_LARGE' };

/** Maps fastify's own errors (body parsing, schema validation) to problems; null when unknown. */
export function problemFromFastifyError(error: FastifyError): Problem | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new Problem('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return new Problem('UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new Problem('BAD_INPUT', { message: { en: 'The body is empty; send a JSON object.', km: 'ខ្លឹមសារទទេ។ សូមផ្ញើវត្ថុ JSON។' } });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new Problem('BAD_REQUEST', { message: { en: 'Content-Length does not match the body.', km: 'Content-Length មិនត្រូវនឹងខ្លឹមសារទេ។' } });
    case 'FST_ERR_BAD_URL':
      return new Problem('BAD_URL');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new Problem('NOT_FOUND');
    case 'MER_ERR_METHOD_NOT_ALLOWED':
      return new Problem('METHOD_NOT_ALLOWED', { message: { en: 'Only queries can be sent with GET; send mutations with POST.', km: 'អាចផ្ញើតែ query តាម GET ប៉ុណ្ណោះ។ សូមផ្ញើ mutation តាម POST។' } });
    default:
  }
  if (error.validation) return new Problem('BAD_INPUT', { errors: error.validation.map((v) => ({ path: (v.instancePath || '/').slice(1).replace(/\//g, '.') || String((v.params as { missingProperty?: string }).missingProperty ?? ''), keyword: v.keyword, message: { en: v.message ?? 'invalid', km: 'មិនត្រឹមត្រូវ' } })) });
  if (error instanceof SyntaxError) return new Problem('BAD_INPUT', { message: NOT_JSON });
  const status = typeof error.statusCode === 'number' ? error.statusCode : 0;
  const code = byStatus[status];
  return code ? new Problem(code) : null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `odata`: errors leave in OData's JSON shape (the feeds' routes, odata.routes.ts). */
    errorShape?: 'odata';
  }
}

/** OData's error body: a single `error` object, our Khmer text and request id in `innererror`. */
function odataBody(problem: Problem, requestId: string): Record<string, unknown> {
  const first = problem.errors?.[0];
  return {
    error: {
      code: problem.code,
      message: problem.localized.en,
      ...(first ? { target: first.path } : {}),
      details: (problem.errors ?? []).map((e) => ({ code: problem.code, target: e.path, message: e.message.en })),
      innererror: { messageKm: problem.localized.km, requestId },
    },
  };
}

function send(reply: FastifyReply, problem: Problem): FastifyReply {
  if (problem.retryAfter !== undefined) reply.header('retry-after', String(problem.retryAfter));
  // The request id lets a user's report be matched to the log lines (request-id.ts).
  const id = reply.request.id;
  const body = reply.request.routeOptions.config?.errorShape === 'odata' ? odataBody(problem, id) : { ...problem.toJSON(), requestId: id };
  return reply.status(problem.status).type('application/json; charset=utf-8').send(body);
}

/** The decoded path of a request, or null when it does not decode. */
export function pathOf(request: FastifyRequest): string | null {
  try {
    return decodeURIComponent(request.url.split('?')[0] ?? '/');
  } catch {
    return null;
  }
}

/** NOT_FOUND, or METHOD_NOT_ALLOWED (with Allow) when the API answers this path with other methods. */
export function sendNoRoute(request: FastifyRequest, reply: FastifyReply, routes: RouteTable): FastifyReply {
  const path = pathOf(request);
  const allowed = path === null ? [] : routes.methodsFor(path);
  if (allowed.length > 0 && !allowed.includes(request.method)) {
    reply.header('allow', allowed.join(', '));
    return send(reply, new Problem('METHOD_NOT_ALLOWED'));
  }
  return send(reply, new Problem('NOT_FOUND'));
}

export function registerErrorHandler(app: FastifyInstance, routes: RouteTable): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    // The database being away (restart, outage) is UNAVAILABLE 503, retryable, not INTERNAL.
    const problem = error instanceof Problem ? error : isDatabaseUnavailable(error) ? new Problem('UNAVAILABLE') : (problemFromFastifyError(error) ?? problemFromDatabaseError(error));
    if (!problem) {
      request.log.error({ err: error }, 'unexpected error');
      return send(reply, new Problem('INTERNAL'));
    }
    return send(reply, problem);
  });
  app.setNotFoundHandler((request, reply) => sendNoRoute(request, reply, routes));
}

/** fastify's `frameworkErrors`: bad URL encodings and over-long parameters, before any route runs. */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  // No hook ran (there is no route), so helmet did not either: the essential headers by hand.
  reply.header('x-content-type-options', 'nosniff').header('content-security-policy', API_CSP).header('cache-control', 'no-store');
  void send(reply, problemFromFastifyError(error) ?? new Problem('BAD_REQUEST'));
}

/** fastify's `clientErrorHandler`: what Node's HTTP parser refuses (malformed request, headers too large, timeout). */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ProblemCode = error.code === 'HPE_HEADER_OVERFLOW' ? 'HEADERS_TOO_LARGE' : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'REQUEST_TIMEOUT' : 'BAD_REQUEST';
  const problem = new Problem(code);
  const body = JSON.stringify(problem.toJSON());
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.write(
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}
