// GET /export/:key.csv, .xlsx and .zip (CSV files: records, and one per repeat group) with the data
// table's filters as query parameters.
import { PassThrough, Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../core/services';
import { authorizeFirst } from '../http/authorize-first';
import { requestOrigin } from '../http/request-origin';
import { mediaBaseOf } from '../media/media-links';
import { mediaSourceOf } from '../media/media-read';
import { badParam, isInt4 } from '../core/params';
import { Problem } from '../core/problems';
import { isReviewState, type ReviewState } from '../submissions/review-states';
import { csvExport, prepareExport, xlsxExport, zipExport, type ExportRequest } from './exports.service';

interface ExportQuery {
  version?: string;
  geo?: string;
  from?: string;
  to?: string;
  lang?: string;
  headers?: string;
  /** `labels`: choice answers and review states as words; default `codes`. */
  values?: string;
  /** Review states, comma-separated (received,has_issues,approved,rejected). */
  states?: string;
  /** ZIP: `1` adds the photo, signature and audio files the records name. */
  files?: string;
}

function statesParam(value: string | undefined): ReviewState[] | null {
  if (!value) return null;
  const states = value.split(',').map((s) => s.trim().toLowerCase());
  if (!states.every(isReviewState)) throw badParam('states', 'enum', 'states: use received, has_issues, approved or rejected, comma-separated.', 'states៖ សូមប្រើ received, has_issues, approved ឬ rejected ដោយបំបែកដោយសញ្ញាក្បៀស។');
  return states;
}

function toRequest(key: string, query: ExportQuery, mediaBase: string): ExportRequest {
  const version = query.version ? Number(query.version) : null;
  if (query.version && (!/^\d{1,10}$/.test(query.version) || !isInt4(version) || version < 1)) {
    throw badParam('version', 'type', 'version must be a version number.', 'កំណែត្រូវតែជាលេខកំណែ។');
  }
  return {
    definitionKey: key,
    filter: { version, geo: query.geo || null, from: query.from || null, to: query.to || null, states: statesParam(query.states) },
    locale: query.lang === 'en' ? 'en' : 'km',
    headers: query.headers === 'keys' ? 'keys' : 'labels',
    values: query.values === 'labels' ? 'labels' : 'codes',
    mediaBase,
  };
}

export function exportRoutes(app: FastifyInstance, services: AppServices): void {
  app.get<{ Params: { file: string }; Querystring: ExportQuery }>('/export/:file', { onRequest: authorizeFirst({ action: 'submission.read' }) }, async (request, reply) => {
    const match = /^([a-z][a-z0-9-]{1,62})\.(csv|xlsx|zip)$/.exec(request.params.file);
    if (!match) throw new Problem('NOT_FOUND');
    const [, key, format] = match as unknown as [string, string, 'csv' | 'xlsx' | 'zip'];
    const exportRequest: ExportRequest = {
      ...toRequest(key, request.query, mediaBaseOf(requestOrigin(request))),
      ...(format === 'zip' && request.query.files === '1' ? { media: mediaSourceOf(services) } : {}),
    };
    const prepared = await prepareExport(services.db, request.actor, exportRequest);
    const stamp = new Date().toISOString().slice(0, 10);
    reply.header('content-disposition', `attachment; filename="${key}-${stamp}.${format}"`);
    reply.header('cache-control', 'no-store');
    const probe = services.exportProbe;
    if (format === 'csv') {
      reply.type('text/csv; charset=utf-8');
      return reply.send(Readable.from(csvExport(services.db, prepared, exportRequest, prepared.layout, probe, services.copyOut)));
    }
    reply.type(format === 'zip' ? 'application/zip' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
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
