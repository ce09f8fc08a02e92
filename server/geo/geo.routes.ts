// REST for the admin import page: POST /admin/geo/import (the file as the raw body) reads the file and
// starts a job, answering 202 with it; GET /admin/geo/import/:id answers its progress and result (poll
// for a bar). Both authorize before the body is read (authorizeFirst) and the upload streams in capped.
import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../core/services';
import { authorizeFirst } from '../http/authorize-first';
import { GEO_UPLOAD_LIMITS } from '../core/uploads/upload-limits';
import type { GeoFormat } from './geo-import.service';
import { acceptStreamedUploads, expectUpload, isTrue, uploadFormat } from '../http/upload-route';
import { GeoImportJobs } from './geo-jobs';
import { getGeoImportJob, startGeoImport } from './geo.service';

const FORMATS: GeoFormat[] = ['yaml', 'csv', 'xlsx'];

export async function geoRoutes(app: FastifyInstance, services: AppServices): Promise<void> {
  const jobs = new GeoImportJobs(services.db, (error) => app.log.error({ err: error }, 'geography import job could not be written'));
  // On shutdown a running import finishes (one transaction) before the database closes.
  app.addHook('onClose', () => jobs.settled());
  await app.register(async (scope) => {
    acceptStreamedUploads(scope);
    scope.post<{ Querystring: { complete?: string } }>(
      '/admin/geo/import',
      { onRequest: [authorizeFirst({ action: 'geo.import' }), expectUpload(FORMATS, GEO_UPLOAD_LIMITS)] },
      async (request, reply) => {
        const format = uploadFormat(request, FORMATS) as GeoFormat; // FORMATS has no zip
        const upload = { body: request.body, format, complete: isTrue(request.query.complete), limits: GEO_UPLOAD_LIMITS };
        const job = await startGeoImport(services.db, request.actor, jobs, upload, (error) => request.log.error({ err: error }, 'geography import failed')).catch((error: unknown) => {
          reply.header('connection', 'close'); // the rest of a refused body is not read
          throw error;
        });
        reply.header('location', `/admin/geo/import/${job.id}`);
        return reply.status(202).send(job);
      },
    );
    scope.get<{ Params: { id: string } }>('/admin/geo/import/:id', { onRequest: authorizeFirst({ action: 'geo.import' }) }, async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return getGeoImportJob(request.actor, jobs, request.params.id);
    });
  });
}
