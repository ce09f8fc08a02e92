// POST /admin/forms/:key/data: a CSV, XLSX or zip-of-CSV export of submissions (KoboToolbox, ODK Central, SA
// Studio) as the raw body, imported into the form (issue 14.3). Query: `version` (default: the latest
// published), `mapping` (JSON {column: field path, or "" to skip}: corrects the automatic matching),
// `dryRun=1` (answer the matching only, 200). Otherwise the file is read and checked here and imported
// by a background job: 202 with the job; GET /admin/forms/:key/data/jobs/:id polls it (any instance),
// GET …/jobs/:id/refused.csv downloads its refused rows. Authorized (submission.create) before the
// body is read.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../core/services';
import { badParam, isInt4 } from '../core/params';
import type { UploadFormat } from '../core/uploads/upload-read';
import { KEY_PATTERN } from '../definitions/definitions.service';
import { authorizeFirst } from '../http/authorize-first';
import { acceptStreamedUploads, expectUpload, isTrue, uploadFormat } from '../http/upload-route';
import { DataImportJobs } from './data-import-jobs';
import { DATA_UPLOAD_LIMITS, dataImportJob, previewData, readDataUpload, refusedRowsCsv, startDataImport } from './data-import.service';

const FORMATS: UploadFormat[] = ['csv', 'xlsx', 'zip'];

function mappingParam(text: string | undefined): Record<string, string> | undefined {
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = null;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw badParam('mapping', 'format', 'mapping is a JSON object of column → field path ("" to skip a column).', 'mapping គឺជាវត្ថុ JSON នៃជួរឈរ → ផ្លូវវាល ("" ដើម្បីរំលងជួរឈរ)។');
  }
  return Object.fromEntries(Object.entries(value as Record<string, string>).map(([k, v]) => [k.trim().toLowerCase(), v]));
}

function checkKey(key: string): void {
  if (!KEY_PATTERN.test(key)) throw badParam('key', 'pattern', 'A form code is 2–63 lowercase letters, digits or dashes.', 'កូដទម្រង់ត្រូវមានអក្សរតូច លេខ ឬ - ចំនួន ២–៦៣។');
}

export async function dataImportRoutes(app: FastifyInstance, services: AppServices): Promise<void> {
  const jobs = new DataImportJobs(services.db, (error) => app.log.error({ err: error }, 'submission import job could not be written'));
  // On shutdown a running import stops between two statements and says so (IMPORT_STOPPED).
  app.addHook('onClose', () => jobs.work.stop());
  await app.register(async (scope) => {
    acceptStreamedUploads(scope);
    scope.post<{ Params: { key: string }; Querystring: { version?: string; mapping?: string; dryRun?: string } }>(
      '/admin/forms/:key/data',
      { onRequest: [authorizeFirst({ action: 'submission.create' }), expectUpload(FORMATS, DATA_UPLOAD_LIMITS)] },
      async (request, reply) => {
        const { key } = request.params;
        checkKey(key);
        const version = request.query.version ? Number(request.query.version) : undefined;
        if (version !== undefined && (!isInt4(version) || version < 1)) throw badParam('version', 'type', 'version must be a version number.', 'កំណែត្រូវតែជាលេខកំណែ។');
        const overrides = mappingParam(request.query.mapping);
        const format = uploadFormat(request, FORMATS) as 'csv' | 'xlsx' | 'zip';
        const tables = await readDataUpload(request.body, format).catch((error: unknown) => {
          reply.header('connection', 'close'); // the rest of a refused body is not read
          throw error;
        });
        const options = { key, ...(version ? { version } : {}), ...(overrides ? { overrides } : {}) };
        if (isTrue(request.query.dryRun)) return previewData(services.db, request.actor, tables, options);
        const job = await startDataImport(services.db, request.actor, services, jobs, tables, options, (error) => request.log.error({ err: error }, 'submission import failed'));
        reply.header('location', `/admin/forms/${key}/data/jobs/${job.id}`);
        return reply.status(202).send(job);
      },
    );
    scope.get<{ Params: { key: string; id: string } }>('/admin/forms/:key/data/jobs/:id', { onRequest: authorizeFirst({ action: 'submission.create' }) }, async (request, reply) => {
      checkKey(request.params.key);
      reply.header('cache-control', 'no-store');
      return dataImportJob(request.actor, jobs, request.params.key, request.params.id);
    });
    scope.get<{ Params: { key: string; id: string }; Querystring: { lang?: string } }>(
      '/admin/forms/:key/data/jobs/:id/refused.csv',
      { onRequest: authorizeFirst({ action: 'submission.create' }) },
      async (request, reply) => {
        checkKey(request.params.key);
        const lang = request.query.lang === 'en' ? 'en' : request.query.lang === 'km' ? 'km' : request.actor?.locale === 'en' ? 'en' : 'km';
        const lines = refusedRowsCsv(services.db, request.actor, jobs, request.params.key, request.params.id, lang);
        const first = await lines.next(); // the job check happens here, before any header is sent
        reply.header('cache-control', 'no-store');
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header('content-disposition', `attachment; filename="${request.params.key}-refused-rows.csv"`);
        return reply.send(Readable.from((async function* () {
          if (!first.done) yield first.value;
          yield* lines;
        })()));
      },
    );
  });
}
