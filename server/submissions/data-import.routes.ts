// POST /admin/forms/:key/data: a CSV, XLSX or zip-of-CSV export of submissions (KoboToolbox, ODK Central, SA
// Studio) as the raw body, imported into the form (issue 14.3). Query: `version` (default: the latest
// published), `mapping` (JSON {column: field path, or "" to skip}: corrects the automatic matching),
// `dryRun=1` (answer the matching only). Authorized (submission.create) before the body is read.
import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../core/services';
import { badParam, isInt4 } from '../core/params';
import type { UploadFormat } from '../core/uploads/upload-read';
import { KEY_PATTERN } from '../definitions/definitions.service';
import { authorizeFirst } from '../http/authorize-first';
import { acceptStreamedUploads, expectUpload, isTrue, uploadFormat } from '../http/upload-route';
import { DATA_UPLOAD_LIMITS, importData, readDataUpload } from './data-import.service';

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

export async function dataImportRoutes(app: FastifyInstance, services: AppServices): Promise<void> {
  await app.register(async (scope) => {
    acceptStreamedUploads(scope);
    scope.post<{ Params: { key: string }; Querystring: { version?: string; mapping?: string; dryRun?: string } }>(
      '/admin/forms/:key/data',
      { onRequest: [authorizeFirst({ action: 'submission.create' }), expectUpload(FORMATS, DATA_UPLOAD_LIMITS)] },
      async (request, reply) => {
        const { key } = request.params;
        if (!KEY_PATTERN.test(key)) throw badParam('key', 'pattern', 'A form code is 2–63 lowercase letters, digits or dashes.', 'កូដទម្រង់ត្រូវមានអក្សរតូច លេខ ឬ - ចំនួន ២–៦៣។');
        const version = request.query.version ? Number(request.query.version) : undefined;
        if (version !== undefined && (!isInt4(version) || version < 1)) throw badParam('version', 'type', 'version must be a version number.', 'កំណែត្រូវតែជាលេខកំណែ។');
        const overrides = mappingParam(request.query.mapping);
        const format = uploadFormat(request, FORMATS) as 'csv' | 'xlsx' | 'zip';
        const tables = await readDataUpload(request.body, format).catch((error: unknown) => {
          reply.header('connection', 'close'); // the rest of a refused body is not read
          throw error;
        });
        return importData(services.db, request.actor, services, tables, { key, ...(version ? { version } : {}), ...(overrides ? { overrides } : {}), dryRun: isTrue(request.query.dryRun) });
      },
    );
  });
}
