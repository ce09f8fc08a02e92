// GET /export/indicator/<key>.csv|.xlsx?groupBy=province,year&period=&scope=&lang=: the values a
// dashboard shows, as a file (the reader's area only).
import { loadExcel } from '../core/lazy-libraries';
import type { FastifyInstance } from 'fastify';
import { csvLine, safeText } from '../exports/csv';
import type { AppServices } from '../core/services';
import { authorizeFirst } from '../http/authorize-first';
import { Problem } from '../core/problems';
import { getIndicator, indicatorValues } from './indicators.service';
import { indicatorTable } from './indicator-table';

interface Query {
  groupBy?: string;
  period?: string;
  scope?: string;
  lang?: string;
}

export function indicatorExportRoutes(app: FastifyInstance, services: AppServices): void {
  app.get<{ Params: { file: string }; Querystring: Query }>('/export/indicator/:file', { onRequest: authorizeFirst({ action: 'indicator.read' }) }, async (request, reply) => {
    const match = /^([a-z][a-z0-9-]{1,62})\.(csv|xlsx)$/.exec(request.params.file);
    if (!match) throw new Problem('NOT_FOUND');
    const [, key, format] = match as unknown as [string, string, 'csv' | 'xlsx'];
    const locale = request.query.lang === 'en' ? 'en' : 'km';
    const groupBy = request.query.groupBy ? request.query.groupBy.split(',').filter(Boolean) : [];
    const values = await indicatorValues(services.db, request.actor, { key, groupBy, period: request.query.period || null, scope: request.query.scope || null });
    const row = (await getIndicator(services.db, request.actor, key))!;
    const table = await indicatorTable(services.db, row.schema, values, locale);
    reply.header('content-disposition', `attachment; filename="${key}.${format}"`);
    reply.header('cache-control', 'no-store');
    if (format === 'csv') {
      reply.type('text/csv; charset=utf-8');
      return `\uFEFF${csvLine(table.headers)}${table.rows.map((r) => csvLine(r)).join('')}`;
    }
    const ExcelJS = await loadExcel();
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet(key.slice(0, 31));
    sheet.addRow(table.headers);
    for (const r of table.rows) sheet.addRow(r.map(safeText));
    reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    return Buffer.from(await book.xlsx.writeBuffer());
  });
}
