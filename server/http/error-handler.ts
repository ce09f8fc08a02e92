// Every REST error leaves as {code, message, messageKm, errors?}: problems keep their code, fastify's
// own errors (bad JSON, body too large) are mapped, anything else becomes INTERNAL with no detail.
import type { FastifyError, FastifyInstance } from 'fastify';
import { isDatabaseUnavailable } from '../db/db-errors';
import { problemFromDatabaseError } from './database-errors';
import { Problem, isProblem } from './problems';

/** Maps fastify's own errors (body parsing, schema validation) to problems; null when unknown. */
export function problemFromFastifyError(error: FastifyError): Problem | null {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new Problem('PAYLOAD_TOO_LARGE');
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new Problem('UNSUPPORTED_MEDIA_TYPE');
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') return new Problem('BAD_INPUT');
  if (error.validation) return new Problem('BAD_INPUT', { errors: error.validation.map((v) => ({ path: (v.instancePath || '/').slice(1).replace(/\//g, '.') || String((v.params as { missingProperty?: string }).missingProperty ?? ''), keyword: v.keyword, message: { en: v.message ?? 'invalid', km: 'មិនត្រឹមត្រូវ' } })) });
  if (error instanceof SyntaxError || error.statusCode === 400) {
    return new Problem('BAD_INPUT', { message: { en: 'The body is not valid JSON.', km: 'ខ្លឹមសារមិនមែនជា JSON ត្រឹមត្រូវទេ។' } });
  }
  return null;
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    // The database being away (restart, outage) is UNAVAILABLE 503, retryable, not INTERNAL.
    const problem = isProblem(error) ? error : isDatabaseUnavailable(error) ? new Problem('UNAVAILABLE') : (problemFromFastifyError(error) ?? problemFromDatabaseError(error));
    if (!problem) {
      request.log.error({ err: error }, 'unexpected error');
      const internal = new Problem('INTERNAL');
      return reply.status(internal.status).send(internal.toJSON());
    }
    if (problem.retryAfter !== undefined) reply.header('retry-after', String(problem.retryAfter));
    return reply.status(problem.status).send(problem.toJSON());
  });
  app.setNotFoundHandler((_request, reply) => {
    const problem = new Problem('NOT_FOUND');
    return reply.status(problem.status).send(problem.toJSON());
  });
}
