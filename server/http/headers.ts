// The one place response security headers are decided: helmet, built once at boot (the @fastify/helmet
// wrapper rebuilt it on every request, 5% of `submit`'s CPU; decision 245). Helmet writes them on the
// raw response in onRequest, so they also reach the hijacked SvelteKit replies (web.ts), error replies
// and 404s. API answers get the strictest policy; SvelteKit pages replace the CSP with their
// nonce-based one (svelte.config.js, the only other policy, because SvelteKit makes the nonces) and
// the printable report sets its own (reports.routes.ts) through the same helper below; the service
// worker script gets WORKER_CSP.
import helmet from 'helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** JSON, files and everything else fastify answers itself: nothing may load, frame or submit. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The server-rendered report: its own stylesheet, fonts and print script, nothing inline but styles. */
export const REPORT_CSP =
  "default-src 'none'; style-src 'self' 'unsafe-inline'; font-src 'self'; img-src 'self' data:; script-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The service worker script (web/service-worker.ts): a worker runs under the policy it was served
 * with, and this one fetches the app's own files and pages (the precache, network-first pages), so
 * it needs 'self' where API answers have 'none'. Pages allow it with worker-src/manifest-src 'self'.
 */
export const WORKER_CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
export const SERVICE_WORKER_PATH = '/service-worker.js';

/** Two years, as HSTS preload lists expect; sent only on requests that arrived over TLS. */
const HSTS = 'max-age=63072000; includeSubDomains';

/** Whether the route is the SvelteKit catch-all (pages and their assets), not an API route. */
export function isWebRoute(request: FastifyRequest): boolean {
  return request.routeOptions.config.web === true;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on the SvelteKit catch-all route (web.ts). */
    web?: boolean;
    /** False on the routes that send no helmet headers (GraphiQL, outside production only). */
    securityHeaders?: boolean;
  }
}

/** For a route that renders its own HTML: replaces the API policy. */
export function setPagePolicy(reply: FastifyReply, csp: string): void {
  reply.header('content-security-policy', csp);
}

/**
 * Registers helmet for every route, then (after authentication has run, so register this after
 * registerAuthentication) HSTS over TLS and `Cache-Control: no-store` on everything a signed-in
 * caller receives and on every API answer. Routes that may be cached say so with their own header
 * (fastify's reply.header wins over these raw defaults), as SvelteKit's immutable assets do.
 */
export function registerHeaders(app: FastifyInstance, options: { graphiql: boolean }): void {
  if (options.graphiql) {
    // GraphiQL (a developer tool, outside production only) is mercurius's page with CDN scripts.
    app.addHook('onRoute', (route) => {
      if (route.url.startsWith('/graphiql')) route.config = { ...route.config, securityHeaders: false };
    });
  }
  const apply = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"], 'base-uri': ["'none'"], 'form-action': ["'none'"] } },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    if (request.routeOptions.config.securityHeaders === false) {
      done();
      return;
    }
    apply(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  });
}

export function registerSessionHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.protocol === 'https') reply.raw.setHeader('strict-transport-security', HSTS);
    if (request.actor || !isWebRoute(request)) reply.raw.setHeader('cache-control', 'no-store');
    if (isWebRoute(request) && request.url.split('?')[0] === SERVICE_WORKER_PATH) {
      reply.raw.setHeader('content-security-policy', WORKER_CSP);
      reply.raw.setHeader('cache-control', 'no-cache');
    }
  });
}
