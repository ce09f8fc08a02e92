// Request ids (decision 217): every request gets one, from the proxy's `X-Request-Id` when it is a
// plain token (nginx's $request_id), else a new UUID, so ids are unique across instances and one id
// follows a request from the proxy's access log to the app's log lines (pino's `reqId` on every line
// of the request) and back to the client: the `x-request-id` response header on every answer, and
// `requestId` in every error body (REST problems, GraphQL errors' extensions).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { requestContext } from '../core/request-context';

const GIVEN_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** fastify's genReqId: the proxy's id when it is a plain token, else a new UUID. */
export function requestId(raw: IncomingMessage): string {
  const given = raw.headers['x-request-id'];
  return typeof given === 'string' && GIVEN_ID.test(given) ? given : randomUUID();
}

export function registerRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    // The rest of the request runs inside this context: log lines from below the edge (slow
    // statements) name the request too.
    requestContext.run({ requestId: request.id }, done);
  });
}
