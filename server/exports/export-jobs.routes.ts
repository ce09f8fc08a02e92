// Exports as background jobs (issue 14, Measure): POST /export/<key>.<format>/jobs with the query of
// GET /export/<key>.<format> starts one (202 with the job); GET /export/jobs/<id> polls it on any
// instance; GET /export/jobs/<id>/file downloads its file until it expires; GET /export/jobs?form=<key>
// lists the caller's recent jobs of a form. All authorized (submission.read) before any body is read.
import type { FastifyInstance } from 'fastify';
import { badParam } from '../core/params';
import type { AppServices } from '../core/services';
import { KEY_PATTERN } from '../definitions/definitions.service';
import { authorizeFirst } from '../http/authorize-first';
import { requestOrigin } from '../http/request-origin';
import { mediaBaseOf } from '../media/media-links';
import { mediaSourceOf } from '../media/media-read';
import { ExportJobs } from './export-jobs';
import { exportJobFile, exportJobFor, listExportJobsFor, startExportJob } from './export-jobs.service';
import { EXPORT_CONTENT_TYPES, exportFileParam, toRequest, type ExportQuery } from './export-query';

export function exportJobRoutes(app: FastifyInstance, services: AppServices): ExportJobs {
  const source = mediaSourceOf(services);
  const log = (error: unknown) => app.log.error({ err: error }, 'export job failed');
  const jobs = new ExportJobs(services.db, source, services.config.exportKeepHours * 3_600_000, log);
  jobs.start();
  // On shutdown a running export stops at its next row and says so (EXPORT_STOPPED).
  app.addHook('onClose', () => jobs.stop());
  const read = { onRequest: authorizeFirst({ action: 'submission.read' }) };

  app.post<{ Params: { file: string }; Querystring: ExportQuery }>('/export/:file/jobs', read, async (request, reply) => {
    const { key, format } = exportFileParam(request.params.file);
    const exportRequest = toRequest(key, format, request.query, mediaBaseOf(requestOrigin(request)), source);
    const job = await startExportJob(services.db, request.actor, jobs, exportRequest, format, { copyOut: services.copyOut, log });
    reply.header('location', `/export/jobs/${job.id}`);
    reply.header('cache-control', 'no-store');
    return reply.status(202).send(job);
  });

  app.get<{ Querystring: { form?: string } }>('/export/jobs', read, async (request, reply) => {
    const key = request.query.form ?? '';
    if (!KEY_PATTERN.test(key)) throw badParam('form', 'pattern', 'form is the code of a form (2–63 lowercase letters, digits or dashes).', 'form គឺជាកូដទម្រង់ (អក្សរតូច លេខ ឬ - ចំនួន ២–៦៣)។');
    reply.header('cache-control', 'no-store');
    return { jobs: await listExportJobsFor(request.actor, jobs, key) };
  });

  app.get<{ Params: { id: string } }>('/export/jobs/:id', read, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return exportJobFor(request.actor, jobs, request.params.id);
  });

  app.get<{ Params: { id: string } }>('/export/jobs/:id/file', read, async (request, reply) => {
    const { job, bytes } = await exportJobFile(request.actor, jobs, request.params.id);
    reply.header('content-disposition', `attachment; filename="${job.fileName}"`);
    reply.header('cache-control', 'no-store');
    if (job.bytes !== null) reply.header('content-length', job.bytes);
    reply.type(EXPORT_CONTENT_TYPES[job.format]);
    return reply.send(bytes);
  });
  return jobs;
}
