// gracefulShutdown (server/http/shutdown.ts) on a bare fastify: a request in flight finishes and the
// exit code is 0; one that outlasts the grace period has its connection closed and the code is 1;
// idle keep-alive sockets do not hold the close; a second signal does not start a second shutdown.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { gracefulShutdown } from '../../server/http/shutdown';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

let app: FastifyInstance | undefined;
afterEach(async () => {
  app?.server.closeAllConnections();
  await app?.close().catch(() => undefined);
  app = undefined;
});

async function serve(delayMs: number): Promise<{ base: string; closed: string[] }> {
  app = Fastify();
  const closed: string[] = [];
  app.get('/work', async () => {
    await sleep(delayMs);
    return { done: true };
  });
  app.get('/quick', async () => ({ ok: true }));
  app.addHook('onClose', async () => {
    closed.push('hooks');
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return { base, closed };
}

describe('gracefulShutdown', () => {
  it('lets a request in flight finish, runs the onClose hooks and exits 0', async () => {
    const { base, closed } = await serve(400);
    // An idle keep-alive connection to the server (72 s keep-alive) must not hold the close.
    expect((await fetch(`${base}/quick`)).status).toBe(200);
    const codes: number[] = [];
    const shutdown = gracefulShutdown(app!, { graceMs: 5_000, exit: (c) => codes.push(c), log: quiet });
    const work = fetch(`${base}/work`);
    await sleep(100);
    const started = Date.now();
    const first = shutdown('SIGTERM');
    const second = shutdown('SIGINT');
    const res = await work;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    await Promise.all([first, second]);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(codes).toEqual([0]);
    expect(closed).toEqual(['hooks']);
    await expect(fetch(`${base}/quick`)).rejects.toThrow();
  });

  it('closes a request that outlasts the grace period and exits 1', async () => {
    const { base, closed } = await serve(4_000);
    const codes: number[] = [];
    const shutdown = gracefulShutdown(app!, { graceMs: 300, exit: (c) => codes.push(c), log: quiet });
    const work = fetch(`${base}/work`).then(
      (r) => `HTTP ${r.status}`,
      () => 'closed',
    );
    await sleep(100);
    const started = Date.now();
    await shutdown('SIGTERM');
    expect(await work).toBe('closed');
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(codes).toEqual([1]);
    expect(closed).toEqual(['hooks']);
  });
});
