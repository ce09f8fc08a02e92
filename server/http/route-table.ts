// Which methods the API answers on a path, so a request with another method gets 405 and an Allow
// header instead of a 404 (or the web app's HTML page). Routes are collected as they are registered.
import type { FastifyInstance } from 'fastify';

interface ApiRoute {
  pattern: RegExp;
  methods: Set<string>;
}

function patternOf(url: string): RegExp {
  // fastify paths: `:name` parameters (up to the next `/`, `-` or `.`) and a trailing `*` wildcard.
  const source = url
    .split(/(:[A-Za-z0-9_]+|\*)/)
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+?' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

export class RouteTable {
  private readonly routes = new Map<string, ApiRoute>();

  /** Call before any route is registered. Web (SvelteKit catch-all) routes are left out. */
  collect(app: FastifyInstance): void {
    app.addHook('onRoute', (route) => {
      if (route.config?.web === true) return;
      const entry = this.routes.get(route.url) ?? { pattern: patternOf(route.url), methods: new Set<string>() };
      for (const method of Array.isArray(route.method) ? route.method : [route.method]) entry.methods.add(method);
      this.routes.set(route.url, entry);
    });
  }

  /** The methods the API answers on this (decoded) path; empty when no API route has it. */
  methodsFor(path: string): string[] {
    const methods = new Set<string>();
    for (const route of this.routes.values()) {
      if (route.pattern.test(path)) for (const m of route.methods) methods.add(m);
    }
    return [...methods].sort();
  }

  /** First path segments only the API uses (`/graphql`, `/auth/…`), where the web app has no pages. */
  apiOnlySection(path: string, webSections: ReadonlySet<string>): boolean {
    const section = path.split('/')[1] ?? '';
    if (webSections.has(section)) return false;
    for (const url of this.routes.keys()) if (url.split('/')[1] === section) return true;
    return false;
  }
}
