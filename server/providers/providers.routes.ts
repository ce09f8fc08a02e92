// POST /admin/providers/import: a CSV or XLSX file as the raw body, imported synchronously (providers
// are a few thousand rows at most). The caller is authorized before the body is read; the body streams
// in within PROVIDER_UPLOAD_LIMITS; one import at a time (IMPORT_RUNNING across instances). Answers
// 200 {ok, added, updated, errors: []}; 422 IMPORT_INVALID {code, message, messageKm, errors} when rows
// are wrong (nothing written); 400 BAD_INPUT for an unreadable file; 413 PAYLOAD_TOO_LARGE past a limit.
import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../core/services';
import { authorizeFirst } from '../http/authorize-first';
import { PROVIDER_UPLOAD_LIMITS } from '../core/uploads/upload-limits';
import type { UploadFormat } from '../core/uploads/upload-read';
import { acceptStreamedUploads, expectUpload, uploadFormat } from '../http/upload-route';
import { importProviders, lockProviderImport } from './providers-import.service';

const FORMATS: UploadFormat[] = ['csv', 'xlsx'];

export async function providerRoutes(app: FastifyInstance, services: AppServices): Promise<void> {
  await app.register(async (scope) => {
    acceptStreamedUploads(scope);
    scope.post(
      '/admin/providers/import',
      { onRequest: [authorizeFirst({ action: 'provider.manage' }), expectUpload(FORMATS, PROVIDER_UPLOAD_LIMITS)] },
      async (request, reply) => {
        const format = uploadFormat(request, FORMATS) as 'csv' | 'xlsx';
        const lock = await lockProviderImport(services.db);
        try {
          return await importProviders(services.db, request.actor, request.body, format);
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
