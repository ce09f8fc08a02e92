// Mounts the built SvelteKit app (adapter-node handler) for every path the API does not own.
// It runs in its own encapsulated context with no body parsers, so SvelteKit reads raw bodies itself.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export const webBuildDir = fileURLToPath(new URL('../../build/', import.meta.url));

export function webBuildExists(): boolean {
  return existsSync(`${webBuildDir}handler.js`);
}

export async function registerWeb(app: FastifyInstance): Promise<boolean> {
  if (!webBuildExists()) return false;
  const { handler } = (await import(pathToFileURL(`${webBuildDir}handler.js`).href)) as { handler: NodeHandler };
  await app.register(async (web) => {
    web.removeAllContentTypeParsers();
    web.addContentTypeParser('*', (_request, _payload, done) => done(null));
    web.route({
      method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      url: '/*',
      handler: (request, reply) => {
        reply.hijack();
        // Fastify's onSend hooks do not run on hijacked replies: set the shared headers here.
        reply.raw.setHeader('x-content-type-options', 'nosniff');
        reply.raw.setHeader('referrer-policy', 'same-origin');
        handler(request.raw, reply.raw, () => {
          reply.raw.statusCode = 404;
          reply.raw.end('Not found');
        });
      },
    });
  });
  return true;
}
