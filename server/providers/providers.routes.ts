// POST /admin/providers/import: a CSV or XLSX file as the raw body, imported synchronously (providers
// are a few thousand rows at most). Answers 200 {ok, added, updated, errors}; 422 when rows are wrong.
import type { FastifyInstance } from 'fastify';
import { inTransactionOf } from '../db/transaction';
import type { AppServices } from '../graphql/context';
import { acceptRawUploads, checkSameOrigin, uploadBody, uploadFormat } from '../geo/raw-upload';
import { importServiceProviders, readProviderTables } from './providers-import.service';

export async function providerRoutes(app: FastifyInstance, services: AppServices): Promise<void> {
  await app.register(async (scope) => {
    acceptRawUploads(scope, 10 * 1024 * 1024);
    scope.post('/admin/providers/import', async (request, reply) => {
      checkSameOrigin(request);
      const format = uploadFormat(request, ['csv', 'xlsx']) as 'csv' | 'xlsx';
      const tables = await readProviderTables(uploadBody(request), format);
      const result = await inTransactionOf(services.db, async (trx) => {
        const r = await importServiceProviders(trx, request.actor, tables);
        // A failed import must write nothing: roll back by throwing, then answer the report.
        if (!r.ok) throw Object.assign(new Error('rollback'), { report: r });
        return r;
      }).catch((error: unknown) => {
        const report = (error as { report?: unknown }).report;
        if (report) return report as Awaited<ReturnType<typeof importServiceProviders>>;
        throw error;
      });
      return reply.status(result.ok ? 200 : 422).send(result);
    });
  });
}
