// POST /auth/login (public) and /auth/logout (signed-in callers only, checked before the body is read):
// thin wrappers over the auth service.
import type { FastifyInstance } from 'fastify';
import { inTransactionOf } from '../db/transaction';
import { Problem } from '../core/problems';
import { login, recordLoginFailure } from './auth.service';
import { invalidateSession } from './sessions.service';
import { SESSION_COOKIE, setSessionCookie } from '../http/authenticate';
import type { AppServices } from '../core/services';
import { authorizeFirst, PUBLIC_ROUTE } from '../http/authorize-first';

const loginBody = {
  type: 'object',
  required: ['username', 'password'],
  additionalProperties: false,
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 100 },
    password: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

export async function authRoutes(app: FastifyInstance, services: AppServices): Promise<void> {
  app.post<{ Body: { username: string; password: string } }>('/auth/login', { schema: { body: loginBody }, config: PUBLIC_ROUTE }, async (request, reply) => {
    const context = { ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
    // The attempt is counted before the password is checked; a right one is given back below.
    const wait = await services.throttle.beginSignIn(request.body.username, request.ip);
    if (wait > 0) throw new Problem('RATE_LIMITED', { retryAfter: wait });
    const session = await inTransactionOf(services.db, (trx) => login(trx, request.body, services.config.sessionDays, context));
    if (!session.ok) {
      await recordLoginFailure(services.db, request.body.username, session.userId, request.ip);
      throw new Problem('INVALID_CREDENTIALS');
    }
    await services.throttle.signInSucceeded(request.body.username, request.ip);
    setSessionCookie(request, reply, session.token, session.expiresAt);
    return { token: session.token, expiresAt: session.expiresAt.toISOString() };
  });

  app.post('/auth/logout', { onRequest: authorizeFirst({ allowPasswordChange: true }) }, async (request, reply) => {
    await invalidateSession(services.db, request.actor!.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });
}
