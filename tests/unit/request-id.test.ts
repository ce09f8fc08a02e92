// Request ids (server/http/request-id.ts): the proxy's id when it is a plain token, else a UUID; the
// id is the x-request-id header and the current request context below the edge (slow-query lines).
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { currentRequestId } from '../../server/core/request-context';
import { registerRequestId, requestId } from '../../server/http/request-id';

describe('request ids', () => {
  it('take a plain X-Request-Id, else a UUID, and are the context of the whole request', async () => {
    const app = Fastify({ genReqId: requestId, requestIdHeader: false, logger: false });
    registerRequestId(app);
    app.addHook('preHandler', async (request) => {
      expect(currentRequestId()).toBe(request.id);
    });
    app.get('/', async (request) => {
      await new Promise((r) => setTimeout(r, 5));
      const seen = await Promise.resolve().then(() => currentRequestId());
      return { id: request.id, seen };
    });
    try {
      const given = await app.inject({ method: 'GET', url: '/', headers: { 'x-request-id': 'abc123def456' } });
      expect(given.headers['x-request-id']).toBe('abc123def456');
      expect(given.json()).toEqual({ id: 'abc123def456', seen: 'abc123def456' });
      for (const bad of ['short', 'a'.repeat(65), 'with space in it', 'x\\"}{']) {
        const res = await app.inject({ method: 'GET', url: '/', headers: { 'x-request-id': bad } });
        expect(res.json().id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(res.json().seen).toBe(res.json().id);
      }
      const [a, b] = await Promise.all([app.inject({ method: 'GET', url: '/' }), app.inject({ method: 'GET', url: '/' })]);
      expect(a!.json().seen).toBe(a!.headers['x-request-id']);
      expect(b!.json().seen).toBe(b!.headers['x-request-id']);
      expect(a!.json().id).not.toBe(b!.json().id);
      expect(currentRequestId()).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
