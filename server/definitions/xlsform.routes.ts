// GET /api/xlsform/<key>@<version>.xlsx: a form version as an XLSForm for Kobo and ODK (readers of
// definitions; drafts for their editors). POST /admin/forms/import: an XLSForm (.xlsx, as Kobo and ODK
// use) as the raw body becomes a draft form. Authorized (definition.edit) before the body is read; the body streams in capped. Answers 201
// {key, version, status, fields, issues}; 409 CONFLICT when the key exists (unless ?replace=1); 422
// IMPORT_INVALID when nothing could be imported; 400 BAD_INPUT for a file that is not an XLSX.
import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../core/services';
import { XLSFORM_UPLOAD_LIMITS } from '../core/uploads/upload-limits';
import { inTransactionOf } from '../db/transaction';
import { authorizeFirst } from '../http/authorize-first';
import { acceptStreamedUploads, expectUpload, isTrue } from '../http/upload-route';
import { badParam, isInt4 } from '../core/params';
import { exportXlsForm } from './xlsform-export.service';
import { importXlsForm, readXlsFormUpload } from './xlsform-import.service';

const EXPORT_FILE = /^([a-z][a-z0-9-]{1,62})@([1-9][0-9]{0,9})\.xlsx$/;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function xlsFormRoutes(app: FastifyInstance, services: AppServices): Promise<void> {
  app.get<{ Params: { file: string } }>('/api/xlsform/:file', { onRequest: authorizeFirst({ action: 'definition.read' }) }, async (request, reply) => {
    const match = EXPORT_FILE.exec(request.params.file);
    if (!match || !isInt4(Number(match[2]))) throw badParam('file', 'format', 'Ask for <key>@<version>.xlsx, e.g. jaap@1.xlsx.', 'សូមសុំ <key>@<version>.xlsx ឧ. jaap@1.xlsx។');
    const file = await exportXlsForm(services.db, request.actor, match[1]!, Number(match[2]));
    return reply.type(XLSX).header('cache-control', 'no-store').header('content-disposition', `attachment; filename="${match[1]}@${match[2]}.xlsx"`).send(file);
  });
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
