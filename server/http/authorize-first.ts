// Why: a body is the one cost an anonymous client controls, so who may call a route is decided before
// a byte of it is read. Routes declare `onRequest: authorizeFirst(...)`; fastify runs route-level
// onRequest hooks after the app-wide authentication hook and before the content-type parser, so a
// caller without a session gets 401 (without the permission 403) however large or broken the body.
// `auditRouteAccess` records every route's declaration, so a test fails when a new route declares
// neither this hook nor `config: PUBLIC_ROUTE`.
import type { FastifyInstance, FastifyRequest, onRequestHookHandler, RouteOptions } from 'fastify';
import { can, requireActor, type Action } from '../auth/permissions';
import { Problem } from '../core/problems';

export interface AuthorizeFirstOptions {
  /** A permission the caller needs somewhere; the service still checks the area of each record. */
  action?: Action;
  /** Let a user whose reset password must be changed call it (logout). */
  allowPasswordChange?: boolean;
}

const PROTECTS = Symbol.for('sa.authorizeFirst');

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `PUBLIC_ROUTE`: anyone may call this route (see auditRouteAccess). */
    access?: 'public';
  }
}

/** Route config of a route anyone may call (login, health, static report assets). */
export const PUBLIC_ROUTE = Object.freeze({ access: 'public' as const });

export function authorizeFirst(options: AuthorizeFirstOptions = {}): onRequestHookHandler {
  const hook = async (request: FastifyRequest): Promise<void> => {
    if (options.allowPasswordChange) {
      if (!request.actor) throw new Problem('UNAUTHENTICATED');
      if (options.action && !can(request.actor, options.action)) throw new Problem('FORBIDDEN');
    } else requireActor(request.actor, options.action);
  };
  Object.defineProperty(hook, PROTECTS, { value: true });
  return hook as onRequestHookHandler;
}

export type RouteAccess = 'protected' | 'public' | 'undeclared';

export interface RouteEntry {
  method: string;
  url: string;
  access: RouteAccess;
}

function accessOf(route: RouteOptions): RouteAccess {
  const hooks = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
  if (hooks.some((h) => (h as unknown as Record<symbol, unknown>)[PROTECTS] === true)) return 'protected';
  return (route.config as { access?: string } | undefined)?.access === 'public' ? 'public' : 'undeclared';
}

const audits = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Call before any route is registered; `routeAccessOf(app)` then lists every route and its access. */
export function auditRouteAccess(app: FastifyInstance): void {
  const entries: RouteEntry[] = [];
  audits.set(app, entries);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) entries.push({ method, url: route.url ?? route.path ?? '', access: accessOf(route) });
  });
}

export function routeAccessOf(app: FastifyInstance): RouteEntry[] {
  return [...(audits.get(app) ?? [])];
}
