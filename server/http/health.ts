// GET /healthz: 200 when the database answers and every migration has run, else 503.
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { isMigrated } from '../db/migrate';
import type { Database } from '../db/schema';
import { PUBLIC_ROUTE } from './authorize-first';
import { Problem } from '../core/problems';

export function healthRoute(app: FastifyInstance, db: Kysely<Database>): void {
  let migrated = false;
  app.get('/healthz', { config: PUBLIC_ROUTE }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(db);
      migrated ||= await isMigrated(db);
    } catch {
      migrated = false;
    }
    if (!migrated) {
      const problem = new Problem('UNAVAILABLE');
      return reply.status(503).send({ status: 'unavailable', ...problem.toJSON(), requestId: reply.request.id });
    }
    return { status: 'ok' };
  });
}
