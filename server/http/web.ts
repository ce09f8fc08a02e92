// Mounts the built SvelteKit app (adapter-node handler) for every path the API does not own.
// It runs in its own encapsulated context with no body parsers, so SvelteKit reads raw bodies itself.
// Security headers come from headers.ts (helmet writes them on the raw response before the hijack).
// API paths never get the web app's HTML: another method on an API path is METHOD_NOT_ALLOWED, an
// unknown path in a section only the API uses (`/auth/…`, `/graphql…`) NOT_FOUND, both as JSON.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pathOf, sendNoRoute } from './error-handler';
import type { RouteTable } from './route-table';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export const webBuildDir = fileURLToPath(new URL('../../build/', import.meta.url));

export function webBuildExists(dir: string = webBuildDir): boolean {
  return existsSync(`${dir}handler.js`);
}

const routesDir = fileURLToPath(new URL('../../web/routes/', import.meta.url));

/**
 * First path segments the web app has pages under: its top-level route folders (route groups like
 * `(app)` looked into). A parameter folder (`[slug]`) could be any segment: then every one is web.
 */
export function webSections(dir: string = routesDir): ReadonlySet<string> | 'all' {
  const sections = new Set<string>();
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      if (entry.name.startsWith('(')) {
        const inner = webSections(`${dir}${entry.name}/`);
        if (inner === 'all') return 'all';
        for (const s of inner) sections.add(s);
      } else if (entry.name.includes('[')) {
        return 'all';
      } else {
        sections.add(entry.name);
      }
    }
  } catch {
    return 'all'; // no sources beside the build: never take a path from the web app
  }
  return sections;
}

/** Mounts the build in `dir` (a folder ending in `/`; tests serve two builds one after the other). */
export async function registerWeb(app: FastifyInstance, routes: RouteTable, dir: string = webBuildDir): Promise<boolean> {
  if (!webBuildExists(dir)) return false;
  const { handler } = (await import(pathToFileURL(`${dir}handler.js`).href)) as { handler: NodeHandler };
  const sections = webSections();
  await app.register(async (web) => {
    web.removeAllContentTypeParsers();
    web.addContentTypeParser('*', (_request, _payload, done) => done(null));
    web.route({
      method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      url: '/*',
      config: { web: true },
      handler: (request, reply) => {
        const path = pathOf(request);
        const apiOnly = sections !== 'all' && path !== null && routes.apiOnlySection(path, sections);
        if (path === null || routes.methodsFor(path).length > 0 || apiOnly) return sendNoRoute(request, reply, routes);
        reply.hijack();
        handler(request.raw, reply.raw, () => {
          reply.raw.statusCode = 404;
          reply.raw.end('Not found');
        });
      },
    });
  });
  return true;
}
