// Resolves the caller once per request from the `sa_session` cookie or an `Authorization: Bearer`
// token, refreshing the cookie when the session slides forward.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
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
