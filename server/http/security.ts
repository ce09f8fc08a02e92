// CSRF protection for state-changing requests: decided on the route fastify matched (so `/%61uth/…`
// is `/auth/…`), for every unsafe method, before the body is read. Exempt only when a valid Bearer
// token authenticates (browsers never send one on their own). Otherwise the Origin, when sent, must be
// this host (`Origin: null` is refused), and API routes refuse the content types a cross-site form or
// no-cors fetch can send without a CORS preflight (none, text/plain, urlencoded, multipart).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isWebRoute } from './headers';
import { Problem } from '../core/problems';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const CORS_SIMPLE_TYPES = new Set(['', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);

const crossSite = () => new Problem('FORBIDDEN', { message: { en: 'Cross-site request refused.', km: 'សំណើពីគេហទំព័រផ្សេងត្រូវបានបដិសេធ។' } });

function sameOrigin(request: FastifyRequest, origin: string): boolean {
  if (origin === 'null') return false; // sandboxed frames, data: URLs, some redirects: never ours
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  return host !== '' && (host === request.headers.host || host === request.host);
}

/** Throws FORBIDDEN or UNSUPPORTED_MEDIA_TYPE for a request that may have been forged cross-site. */
export function checkCrossSite(request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method) || request.is404 || request.viaBearer) return;
  const origin = request.headers.origin;
  if (origin !== undefined && !sameOrigin(request, origin)) throw crossSite();
  if (isWebRoute(request)) return; // SvelteKit form actions check their own origin and take forms
  // tus uploads (media) send Tus-Resumable, a header no cross-site form can send and no cross-site
  // fetch can send without a preflight this server never grants; their POST has no body.
  if (request.headers['tus-resumable'] !== undefined) return;
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (CORS_SIMPLE_TYPES.has(type)) throw new Problem('UNSUPPORTED_MEDIA_TYPE');
}

/** Register after authentication (it needs `viaBearer`); runs before any body is read. */
export function registerSecurity(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    checkCrossSite(request);
    return payload;
  });
}
