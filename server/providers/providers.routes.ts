// POST /admin/providers/import: a CSV or XLSX file as the raw body, imported synchronously (providers
// are a few thousand rows at most). The caller is authorized before the body is read; the body streams
// in within PROVIDER_UPLOAD_LIMITS; one import at a time (IMPORT_RUNNING across instances). Answers
// 200 {ok, added, updated, errors: []}; 422 IMPORT_INVALID {code, message, messageKm, errors} when rows
// are wrong (nothing written); 400 BAD_INPUT for an unreadable file; 413 PAYLOAD_TOO_LARGE past a limit.
import type { FastifyInstance } from 'fastify';
import { inTransactionOf } from '../db/transaction';
import type { AppServices } from '../core/services';
import { authorizeFirst } from '../http/authorize-first';
import { acquireImportLock } from '../core/uploads/import-lock';
import { PROVIDER_UPLOAD_LIMITS, UploadBudget } from '../core/uploads/upload-limits';
import { readUpload, type UploadFormat } from '../core/uploads/upload-read';
import { acceptStreamedUploads, expectUpload, uploadFormat } from '../http/upload-route';
import { checkProviderImport, readProviderTables, writeProviderImport } from './providers-import.service';

const FORMATS: UploadFormat[] = ['csv', 'xlsx'];

export async function providerRoutes(app: FastifyInstance, services: AppServices): Promise<void> {
  await app.register(async (scope) => {
    acceptStreamedUploads(scope);
    scope.post(
      '/admin/providers/import',
      { onRequest: [authorizeFirst({ action: 'provider.manage' }), expectUpload(FORMATS, PROVIDER_UPLOAD_LIMITS)] },
      async (request, reply) => {
        const format = uploadFormat(request, FORMATS) as 'csv' | 'xlsx';
        const lock = await acquireImportLock(services.db, 'providers');
        try {
          const budget = new UploadBudget(PROVIDER_UPLOAD_LIMITS);
          const tables = await readUpload(request.body, budget, (stream) => readProviderTables(stream, format, budget));
          // Checked before the write transaction opens: a wrong file never holds the database.
          const checked = await checkProviderImport(services.db, request.actor, tables);
          return await inTransactionOf(services.db, (trx) => writeProviderImport(trx, checked));
        } catch (error) {
          reply.header('connection', 'close'); // the rest of a refused body is not read
          throw error;
        } finally {
          await lock.release();
        }
      },
    );
  });
}
