// POST /admin/forms/import: an XLSForm (.xlsx, as Kobo and ODK use) as the raw body becomes a draft
// form. Authorized (definition.edit) before the body is read; the body streams in capped. Answers 201
// {key, version, status, fields, issues}; 409 CONFLICT when the key exists (unless ?replace=1); 422
// IMPORT_INVALID when nothing could be imported; 400 BAD_INPUT for a file that is not an XLSX.
import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../core/services';
import { XLSFORM_UPLOAD_LIMITS } from '../core/uploads/upload-limits';
import { inTransactionOf } from '../db/transaction';
import { authorizeFirst } from '../http/authorize-first';
import { acceptStreamedUploads, expectUpload, isTrue } from '../http/upload-route';
import { importXlsForm, readXlsFormUpload } from './xlsform-import.service';

export async function xlsFormRoutes(app: FastifyInstance, services: AppServices): Promise<void> {
  await app.register(async (scope) => {
    acceptStreamedUploads(scope);
    scope.post<{ Querystring: { key?: string; name?: string; replace?: string } }>(
      '/admin/forms/import',
      { onRequest: [authorizeFirst({ action: 'definition.edit' }), expectUpload(['xlsx'], XLSFORM_UPLOAD_LIMITS)] },
      async (request, reply) => {
        const sheets = await readXlsFormUpload(request.body).catch((error: unknown) => {
          reply.header('connection', 'close'); // the rest of a refused body is not read
          throw error;
        });
        const { key, name, replace } = request.query;
        const options = { ...(key ? { key } : {}), ...(name ? { fileName: name } : {}), replace: isTrue(replace) };
        const result = await inTransactionOf(services.db, (trx) => importXlsForm(trx, request.actor, sheets, options));
        return reply.status(201).send(result);
      },
    );
  });
}
