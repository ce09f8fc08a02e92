// GET /reports/progress?month=YYYY-MM&lang=km|en&scope=: the printable monthly progress report,
// rendered on the server from a handlebars template (escaped output only; no scripts inline), so it
// prints and saves to PDF from any browser with Khmer shaped by the browser's own text engine.
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../core/services';
import { authorizeFirst } from '../http/authorize-first';
import { REPORT_CSP, setPagePolicy } from '../http/headers';
import { Problem } from '../core/problems';
import { progressReport } from './progress-report.service';
import { reportAssetRoutes } from './report-assets';

const template = Handlebars.compile(readFileSync(new URL('./templates/progress.hbs', import.meta.url), 'utf8'), { strict: false });

export function reportRoutes(app: FastifyInstance, services: AppServices): void {
  reportAssetRoutes(app);
  app.get<{ Querystring: { month?: string; lang?: string; scope?: string } }>('/reports/progress', { onRequest: authorizeFirst({ action: 'indicator.read' }) }, async (request, reply) => {
    const month = request.query.month ?? new Date().toISOString().slice(0, 7);
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
      throw new Problem('BAD_INPUT', { errors: [{ path: 'month', keyword: 'format', message: { en: 'Use a month like 2026-03.', km: 'សូមប្រើខែដូចជា 2026-03។' } }] });
    }
    const data = await progressReport(services.db, request.actor, { month, locale: request.query.lang === 'en' ? 'en' : 'km', scope: request.query.scope || null });
    setPagePolicy(reply, REPORT_CSP);
    return reply.type('text/html; charset=utf-8').send(template(data));
  });
}
