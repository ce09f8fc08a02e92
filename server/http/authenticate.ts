// Resolves the caller once per request from the `sa_session` cookie or an `Authorization: Bearer`
// token (a session's, or an API token's: `sat_…`), refreshing the cookie when the session slides forward.
// On the read-only feeds (GET /odata/…, /export/…) an API token may also come as Basic's password (or
// user name): Excel and Power BI offer a Basic credential dialog, not a Bearer header (decision 258).
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

/** Paths whose GET accepts an API token as Basic credentials. */
const FEED_PATH = /^\/(odata|export)\//;

/** The API token in `Authorization: Basic …` (as password or user name) on a feed's GET, else null. */
function basicFeedToken(request: FastifyRequest): string | null {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  if (!FEED_PATH.test(request.url)) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=]{1,400})$/i.exec(request.headers.authorization ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const [user, password] = colon >= 0 ? [decoded.slice(0, colon), decoded.slice(colon + 1)] : [decoded, ''];
  if (isApiToken(password)) return password;
  return isApiToken(user) ? user : null;
}

export function registerAuthentication(app: FastifyInstance, db: Kysely<Database>, config: Config): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('viaBearer', false);
  app.addHook('onRequest', async (request, reply) => {
    const bearer = bearerToken(request);
    // API tokens (issue 14.4) come as Bearer (or Basic on the feeds), never as the cookie.
    const apiToken = bearer && isApiToken(bearer) ? bearer : basicFeedToken(request);
    if (apiToken) {
      request.actor = await validateApiToken(db, apiToken, request.ip);
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
