// REST for the admin import page: POST /admin/geo/import (the file as the raw body) starts a job and
// answers 202 with it; GET /admin/geo/import/:id answers its progress and result (poll for a bar).
import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../graphql/context';
import { providerRoutes } from '../providers/providers.routes';
import { GeoImportJobs } from './geo-jobs';
import { getGeoImportJob, startGeoImport } from './geo.service';
import { acceptRawUploads, checkSameOrigin, isTrue, uploadBody, uploadFormat } from './raw-upload';

export async function geoRoutes(app: FastifyInstance, services: AppServices): Promise<void> {
  const jobs = new GeoImportJobs();
  await app.register(async (scope) => {
    acceptRawUploads(scope);
    scope.post<{ Querystring: { complete?: string } }>('/admin/geo/import', async (request, reply) => {
      checkSameOrigin(request);
      const format = uploadFormat(request, ['yaml', 'csv', 'xlsx']);
      const content = uploadBody(request);
      const job = startGeoImport(services.db, request.actor, jobs, { content, format, complete: isTrue(request.query.complete) }, (error) =>
        request.log.error({ err: error }, 'geography import failed'),
      );
      reply.header('location', `/admin/geo/import/${job.id}`);
      return reply.status(202).send(job);
    });
    scope.get<{ Params: { id: string } }>('/admin/geo/import/:id', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return getGeoImportJob(request.actor, jobs, request.params.id);
    });
  });
  await providerRoutes(app, services);
}
