// GET /odata/<form>.svc (service document), /$metadata, /<entity set> and /<entity set>/$count: a
// form's OData v4 feed (issue 14.5). Read with a session or an API token, as Bearer or as Basic's
// password (what Excel's and Power BI's "Basic" credential dialog sends: authenticate.ts). Errors use
// OData's JSON error shape (route config, error-handler.ts), and a 401 names the Basic scheme so those
// tools ask for credentials.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppServices } from '../core/services';
import { Problem } from '../core/problems';
import { authorizeFirst } from '../http/authorize-first';
import { preferredPageSize } from './odata-options';
import { entitySet, feedCount, feedForm, feedMetadata, feedPage, feedServiceDocument } from './odata.service';
import { requestOrigin } from '../http/request-origin';

const JSON_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const SERVICE = /^([a-z][a-z0-9-]{1,62})\.svc$/;

interface Params {
  service: string;
  set?: string;
}

function formKey(params: Params): string {
  const match = SERVICE.exec(params.service);
  if (!match) throw new Problem('NOT_FOUND');
  return match[1]!;
}

function localeOf(request: FastifyRequest): 'km' | 'en' {
  const lang = (request.query as Record<string, unknown>).lang;
  if (lang === 'en' || lang === 'km') return lang;
  return request.actor?.locale === 'en' ? 'en' : 'km';
}

function serviceRoot(request: FastifyRequest, key: string): string {
  return `${requestOrigin(request)}/odata/${key}.svc/`;
}

function rawQuery(request: FastifyRequest): URLSearchParams {
  const at = request.url.indexOf('?');
  return new URLSearchParams(at >= 0 ? request.url.slice(at + 1) : '');
}

export async function odataRoutes(app: FastifyInstance, services: AppServices): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.header('odata-version', '4.0');
      if (reply.statusCode === 401) reply.header('www-authenticate', 'Basic realm="SA Studio", charset="UTF-8"');
      return payload;
    });
    // Errors in OData's shape (error-handler.ts), as OData clients read them.
    const read = { onRequest: authorizeFirst({ action: 'submission.read' }), config: { errorShape: 'odata' as const } };

    const serviceDocument = async (request: FastifyRequest<{ Params: Params }>) => {
      const key = formKey(request.params);
      const form = await feedForm(services.db, request.actor, key, localeOf(request));
      return feedServiceDocument(form, serviceRoot(request, key));
    };
    scope.get<{ Params: Params }>('/odata/:service', read, async (request, reply) => reply.type(JSON_TYPE).send(await serviceDocument(request)));
    scope.get<{ Params: Params }>('/odata/:service/', read, async (request, reply) => reply.type(JSON_TYPE).send(await serviceDocument(request)));

    scope.get<{ Params: Params }>('/odata/:service/$metadata', read, async (request, reply) => {
      const form = await feedForm(services.db, request.actor, formKey(request.params), localeOf(request));
      return reply.type('application/xml; charset=utf-8').send(feedMetadata(form));
    });

    scope.get<{ Params: Params }>('/odata/:service/:set', read, async (request, reply) => {
      const key = formKey(request.params);
      const name = request.params.set ?? '';
      if (name.includes('(')) throw new Problem('ODATA_NOT_IMPLEMENTED', { message: { en: 'Single entities by key are not offered: use $filter=__id eq \'…\'.', km: 'មិនផ្តល់ធាតុតែមួយតាមកូនសោទេ៖ សូមប្រើ $filter=__id eq \'…\'។' } });
      const form = await feedForm(services.db, request.actor, key, localeOf(request));
      const set = entitySet(form, name);
      const prefer = String(request.headers.prefer ?? '');
      const pageSize = preferredPageSize(prefer);
      const body = await feedPage(services.db, request.actor, form, { set, query: request.query as Record<string, unknown>, pageSize, locale: localeOf(request), serviceRoot: serviceRoot(request, key), rawQuery: rawQuery(request) });
      if (/odata\.maxpagesize/i.test(prefer)) reply.header('preference-applied', `odata.maxpagesize=${pageSize}`);
      reply.header('cache-control', 'no-store');
      return reply.type(JSON_TYPE).send(Readable.from(body));
    });

    scope.get<{ Params: Params }>('/odata/:service/:set/$count', read, async (request, reply) => {
      const form = await feedForm(services.db, request.actor, formKey(request.params), localeOf(request));
      const set = entitySet(form, request.params.set ?? '');
      const n = await feedCount(services.db, request.actor, form, set, request.query as Record<string, unknown>);
      return reply.type('text/plain; charset=utf-8').send(String(n));
    });
  });
}
