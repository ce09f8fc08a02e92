// The printable monthly progress report:
//   GET /reports/progress?month=YYYY-MM&lang=km|en&scope=  the page (browser prints it to PDF), filled
//     from the report template that applies; editors preview a template's draft with &template=<key>
//     (&version=<n>). Page numbers and the national header come from the page's print stylesheet.
//   GET /reports/progress.json?month=&scope=  the same figures in numbers (one computation path).
//   POST /api/reports/logo  an organisation logo (PNG, JPEG, WebP or GIF, at most 512 KiB; definition
//     editors, decided before the body is read) → its `image:<sha256>` reference for a template.
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../core/services';
import type { UploadLimits } from '../core/uploads/upload-limits';
import { UploadBudget } from '../core/uploads/upload-limits';
import { readAll, readUpload } from '../core/uploads/upload-read';
import { authorizeFirst } from '../http/authorize-first';
import { REPORT_CSP, setPagePolicy } from '../http/headers';
import { acceptStreamedUploads } from '../http/upload-route';
import { inTransactionOf } from '../db/transaction';
import { expectImageUpload } from '../help/help.routes';
import { Problem } from '../core/problems';
import { assertMonth } from './narrative.service';
import { progressReport, reportFigures } from './progress-report.service';
import { reportAssetRoutes } from './report-assets';
import { storeReportLogo, REPORT_LOGO_MAX_BYTES } from './report-logo.service';
import { REPORT_TEXTS } from './report-texts';
import { monthLabel } from './report-format';

// The page around the template's output: written here, not by officers (their part is `body`,
// already sanitized by report-render.ts).
const shell = Handlebars.compile(readFileSync(new URL('./templates/progress.hbs', import.meta.url), 'utf8'), { strict: false });
const LOGO_LIMITS: UploadLimits = { maxBytes: REPORT_LOGO_MAX_BYTES, maxRows: 0, maxColumns: 0, maxCellChars: 0, maxMs: 60_000 };

type ReportQuery = { month?: string; lang?: string; scope?: string; template?: string; version?: string };

function monthOf(query: ReportQuery): string {
  const month = query.month ?? new Date().toISOString().slice(0, 7);
  assertMonth(month);
  return month;
}

function templatePick(query: ReportQuery): { key: string; version?: number } | undefined {
  if (!query.template) return undefined;
  if (query.version !== undefined && !/^[1-9]\d{0,8}$/.test(query.version)) {
    throw new Problem('BAD_INPUT', { errors: [{ path: 'version', keyword: 'type', message: { en: 'A version is a whole number from 1.', km: 'កំណែត្រូវតែជាចំនួនគត់ចាប់ពី ១។' } }] });
  }
  return { key: query.template, ...(query.version ? { version: Number(query.version) } : {}) };
}

export async function reportRoutes(app: FastifyInstance, services: AppServices): Promise<void> {
  reportAssetRoutes(app);
  app.get<{ Querystring: ReportQuery }>('/reports/progress', { onRequest: authorizeFirst({ action: 'indicator.read' }) }, async (request, reply) => {
    const month = monthOf(request.query);
    const lang = request.query.lang === 'en' ? 'en' : 'km';
    const scope = request.query.scope || null;
    const page = await progressReport(services.db, request.actor, { month, locale: lang, scope, template: templatePick(request.query) });
    const other = new URLSearchParams({ ...request.query, lang: lang === 'km' ? 'en' : 'km' });
    setPagePolicy(reply, REPORT_CSP);
    const html = shell({ lang, t: REPORT_TEXTS[lang], title: `${page.title} · ${monthLabel(month, lang)}`, body: page.body, otherHref: `?${other.toString()}`, draft: page.template.status === 'draft', templateKey: page.template.key, templateVersion: page.template.version });
    return reply.type('text/html; charset=utf-8').send(html);
  });
  app.get<{ Querystring: ReportQuery }>('/reports/progress.json', { onRequest: authorizeFirst({ action: 'indicator.read' }) }, async (request) => {
    const figures = await reportFigures(services.db, request.actor, { month: monthOf(request.query), scope: request.query.scope || null });
    return { month: figures.month, year: figures.year, area: figures.prefixes, forms: figures.forms, indicators: figures.indicators };
  });
  await app.register(async (scope) => {
    acceptStreamedUploads(scope);
    scope.post('/api/reports/logo', { onRequest: [authorizeFirst({ action: 'definition.edit' }), expectImageUpload(LOGO_LIMITS)] }, async (request, reply) => {
      const bytes = await readUpload(request.body, new UploadBudget(LOGO_LIMITS), readAll).catch((error: unknown) => {
        reply.header('connection', 'close');
        throw error;
      });
      const stored = await inTransactionOf(services.db, (trx) => storeReportLogo(trx, request.actor, bytes));
      return reply.status(201).send(stored);
    });
  });
}
