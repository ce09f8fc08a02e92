// Resolves the caller once per request from the `sa_session` cookie or an `Authorization: Bearer`
// token (a session's, or an API token's: `sat_…`), refreshing the cookie when the session slides forward.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import { isApiToken, validateApiToken } from '../auth/api-tokens.service';
import { validateSessionToken } from '../auth/sessions.service';
import type { Config } from '../config';
import type { Database } from '../db/schema';

export const SESSION_COOKIE = 'sa_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    viaBearer: boolean;
  }
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    expires: expiresAt,
  });
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

export function registerAuthentication(app: FastifyInstance, db: Kysely<Database>, config: Config): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('viaBearer', false);
  app.addHook('onRequest', async (request, reply) => {
    const bearer = bearerToken(request);
    // API tokens (issue 14.4) come as Bearer only, never as the cookie.
    if (bearer && isApiToken(bearer)) {
      request.actor = await validateApiToken(db, bearer, request.ip);
      request.viaBearer = request.actor !== null;
      return;
    }
    const token = bearer ?? request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await validateSessionToken(db, token, config.sessionDays, request.ip);
    if (!session) {
      if (!bearer) reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return;
    }
    request.actor = session.actor;
    request.viaBearer = bearer !== null;
    if (session.extended && !bearer) setSessionCookie(request, reply, token, session.expiresAt);
  });
}
