// Browser-facing defences: security headers on every response, and CSRF protection for state-changing
// API calls made with the session cookie (JSON only, and same origin when the browser says where from).
import type { FastifyInstance } from 'fastify';
import { Problem } from './problems';

const API_CSP =
  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function registerSecurity(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    if (!reply.hasHeader('content-security-policy') && !request.url.startsWith('/graphql')) {
      // Pages get their own policy from SvelteKit (with nonces); API answers get the strictest one.
      const type = String(reply.getHeader('content-type') ?? '');
      if (!type.startsWith('text/html')) reply.header('content-security-policy', API_CSP);
    }
    return payload;
  });

  app.addHook('preHandler', async (request) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
    if (!request.url.startsWith('/graphql') && !request.url.startsWith('/auth/')) return;
    if (request.headers.authorization) return; // bearer tokens are not sent by browsers on their own
    const type = request.headers['content-type'] ?? '';
    if (!type.startsWith('application/json')) throw new Problem('UNSUPPORTED_MEDIA_TYPE');
    const origin = request.headers.origin;
    if (origin && origin !== 'null') {
      const host = request.headers.host;
      let originHost: string;
      try {
        originHost = new URL(origin).host;
      } catch {
        throw new Problem('FORBIDDEN');
      }
      if (originHost !== host) throw new Problem('FORBIDDEN', { message: { en: 'Cross-site request refused.', km: 'សំណើពីគេហទំព័រផ្សេងត្រូវបានបដិសេធ។' } });
    }
  });
}
