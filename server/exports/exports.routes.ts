// GET /export/:key.csv, .xlsx and .zip (CSV files: records, and one per repeat group) with the data
// table's filters as query parameters, streamed to the client; the same export as a background job
// with a file to download later is export-jobs.routes.ts.
import { PassThrough, Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../core/services';
import { authorizeFirst } from '../http/authorize-first';
import { requestOrigin } from '../http/request-origin';
import { mediaBaseOf } from '../media/media-links';
import { mediaSourceOf } from '../media/media-read';
import { csvExport, prepareExport, xlsxExport, zipExport } from './exports.service';
import { EXPORT_CONTENT_TYPES, exportFileParam, toRequest, type ExportQuery } from './export-query';

export function exportRoutes(app: FastifyInstance, services: AppServices): void {
  const source = mediaSourceOf(services);
  app.get<{ Params: { file: string }; Querystring: ExportQuery }>('/export/:file', { onRequest: authorizeFirst({ action: 'submission.read' }) }, async (request, reply) => {
    const { key, format } = exportFileParam(request.params.file);
    const exportRequest = toRequest(key, format, request.query, mediaBaseOf(requestOrigin(request)), source);
    const prepared = await prepareExport(services.db, request.actor, exportRequest);
    const stamp = new Date().toISOString().slice(0, 10);
    reply.header('content-disposition', `attachment; filename="${key}-${stamp}.${format}"`);
    reply.header('cache-control', 'no-store');
    const probe = services.exportProbe;
    if (format === 'csv') {
      reply.type(EXPORT_CONTENT_TYPES.csv);
      return reply.send(Readable.from(csvExport(services.db, prepared, exportRequest, prepared.layout, probe, services.copyOut)));
    }
    reply.type(EXPORT_CONTENT_TYPES[format]);
    // fastify destroys `out` when the client goes away; the export then stops reading rows.
    const out = new PassThrough();
    (format === 'zip' ? zipExport : xlsxExport)(services.db, prepared, exportRequest, out, probe).then(
      (outcome) => outcome === 'aborted' && request.log.info(`${format} export stopped: the client went away`),
      (error: unknown) => {
        request.log.error({ err: error }, `${format} export failed`);
        out.destroy(error instanceof Error ? error : new Error('export failed'));
      },
    );
    return reply.send(out);
  });
}
