// buildApp(config) → a ready fastify instance without listen(), so tests use it through inject or a port.
import cookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { authRoutes } from './auth/auth.routes';
import { LoginThrottle } from './auth/throttle';
import { IndicatorRefresher } from './indicators/refresher';
import { WebhookWorker } from './webhooks/webhook-worker';
import { MediaOffloader } from './media/media-offload';
import { createObjectStore } from './media/object-store';
import { exportRoutes } from './exports/exports.routes';
import { exportJobRoutes } from './exports/export-jobs.routes';
import { odataRoutes } from './odata/odata.routes';
import { indicatorExportRoutes } from './indicators/indicator-exports.routes';
import { reportRoutes } from './reports/reports.routes';
import { geoRoutes } from './geo/geo.routes';
import { providerRoutes } from './providers/providers.routes';
import { xlsFormRoutes } from './definitions/xlsform.routes';
import { dataImportRoutes } from './submissions/data-import.routes';
import { mediaRoutes } from './media/media.routes';
import type { Config, TrustProxy } from './config';
import { openDatabase, type DatabaseHandle, type SlowQuery } from './db/database';
import { copyOutFor } from './db/copy-out';
import { migrateToLatest } from './db/migrate';
import { isDatabaseUnavailable } from './db/db-errors';
import { waitForDatabase } from './db/wait-for-database';
import { DEFINITION_CHANNEL, DefinitionCache } from './definitions/definition-cache';
import { listen } from './db/listener';
import { formTypesRoutes } from './definitions/form-types.routes';
import { helpRoutes } from './help/help.routes';
import { audioPromptRoutes } from './prompts/audio-prompts.routes';
import type { AppServices } from './core/services';
import { registerGraphQL } from './graphql/plugin';
import { registerAuthentication } from './http/authenticate';
import { auditRouteAccess } from './http/authorize-first';
import { registerBodyGate } from './http/body-gate';
import { clientErrorHandler, frameworkErrors, registerErrorHandler } from './http/error-handler';
import { registerHeaders, registerSessionHeaders } from './http/headers';
import { healthRoute } from './http/health';
import { registerJsonParser } from './http/json-body';
import { RouteTable } from './http/route-table';
import { registerSecurity } from './http/security';
import { Metrics, registerMetrics, registerRequestMetrics } from './http/metrics';
import { registerRequestId, requestId } from './http/request-id';
import { noMetrics } from './core/metrics';
import { currentRequestId } from './core/request-context';
import { registerTextGuard } from './http/text-guard';
import { registerWeb } from './http/web';
import { seedDemoData } from './seed/demo';
import { seed, type SeedResult } from './seed/seed';
import { inTransactionOf } from './db/transaction';
import { createSubmissionValidator } from './submissions/validator';
import { COALESCE_IN_FLIGHT, COALESCE_MAX_ROWS, InsertCoalescer } from './submissions/insert-coalescer';

export interface BuiltApp {
  app: FastifyInstance;
  services: AppServices;
  seeded: SeedResult;
  webMounted: boolean;
}

export interface BuildOptions {
  /** Serve the SvelteKit build when present (default true). */
  web?: boolean;
  /** Pino logger options or false (tests; a stream collects the lines). */
  logger?: boolean | { level: string; stream?: { write(line: string): void } };
  /** Keep indicator roll-ups fresh in the background (default true; tests drive it by hand). */
  indicatorRefresh?: boolean;
  /** Deliver webhooks in the background (default true; tests start the worker themselves). */
  webhookDelivery?: boolean;
  /** Move media files to object storage in the background, when it is configured (default true; tests drive it). */
  mediaOffload?: boolean;
  /** Share statements between `submit` calls that arrive together (default true; the bench compares without). */
  groupCommit?: boolean;
  /** Add demo submissions when the database is created now (npm start). */
  demo?: boolean;
  /** An already opened database (tests, benchmarks); it is closed with the app. */
  database?: DatabaseHandle;
  /** Folder of the web build to serve (default `build/`; the app-update e2e test deploys a second one). */
  webBuildDir?: string;
  /**
   * Tests only: the database is a copy of one this code migrated and seeded (tests/helpers/template.ts),
   * so both steps are skipped and this is reported as the seed result. Never set by npm start.
   */
  prepared?: SeedResult;
}

/**
 * Addresses go to fastify as they are (proxy-addr). fastify refuses bare hop counts (a direct client
 * could then write the entries itself), so hops are a trust function: the socket peer and the next
 * hops-1 X-Forwarded-For entries from the right are proxies, the entry before them is the client.
 */
function fastifyTrustProxy(trust: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return trust === 0 ? false : (_address, hop) => hop < trust;
  return trust;
}

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<BuiltApp> {
  // Connection losses are logged through the app's logger once it exists (the pool opens first).
  let log: FastifyBaseLogger | undefined;
  const onConnectionError = (error: Error) =>
    log ? log.warn({ err: error }, 'database connection lost; the pool reconnects') : console.warn(`database connection lost: ${error.message}`);
  // Statements slower than SLOW_QUERY_MS: their text (never their parameters) and duration. Not
  // during the boot (migrations, seeding: slow by nature, before the logger exists).
  const onSlowQuery = (query: SlowQuery) => log?.warn({ reqId: currentRequestId(), sql: query.sql, durationMs: query.durationMs }, 'slow query');
  const handle = options.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, onConnectionError, onSlowQuery, slowQueryMs: config.slowQueryMs }));
  await waitForDatabase(handle.db, {
    timeoutMs: config.databaseWaitSeconds * 1000,
    onRetry: (error, delayMs) => console.warn(`Waiting for the database (${(error as Error).message || String(error)}); retrying in ${delayMs} ms`),
  }).catch(async (error: unknown) => {
    if (!options.database) await handle.close();
    throw error;
  });
  let seeded: SeedResult;
  if (options.prepared) {
    seeded = options.prepared;
  } else {
    await migrateToLatest(handle.db);
    seeded = await seed(handle.db, { adminPassword: config.adminPassword });
  }

  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    bodyLimit: config.bodyLimit,
    trustProxy: fastifyTrustProxy(config.trustProxy),
    frameworkErrors,
    clientErrorHandler,
    // Ids unique across instances, taken from the proxy's X-Request-Id when usable (request-id.ts).
    genReqId: requestId,
    requestIdHeader: false,
  });
  log = app.log;
  const routes = new RouteTable();
  routes.collect(app);

  const metrics = config.metricsToken ? new Metrics(handle.db, handle.pool) : undefined;
  const services: AppServices = {
    metrics: metrics ?? noMetrics,
    db: handle.db,
    engine: handle.engine,
    ...(copyOutFor(handle.pool) ? { copyOut: copyOutFor(handle.pool)! } : {}),
    config,
    definitions: new DefinitionCache(),
    validator: createSubmissionValidator(),
    ...(options.groupCommit === false ? {} : { inserts: new InsertCoalescer(handle.db, { maxInFlight: COALESCE_IN_FLIGHT[handle.engine], maxRows: COALESCE_MAX_ROWS }) }),
    throttle: new LoginThrottle(handle.db),
    indicators: new IndicatorRefresher(handle.db, (error, indicator) =>
      // While the database is away every pass fails the same way: a short warning, not a stack.
      isDatabaseUnavailable(error) ? app.log.warn('indicator refresh skipped: database unavailable') : app.log.error({ err: error, indicator }, 'indicator refresh failed'),
    ),
    webhooks: new WebhookWorker(handle.db, {
      ...config.webhooks,
      policy: config.webhooks,
      onError: (error) => (isDatabaseUnavailable(error) ? app.log.warn('webhook delivery skipped: database unavailable') : app.log.error({ err: error }, 'webhook delivery failed')),
    }),
  };
  if (metrics) services.inserts?.observe((rows) => metrics.submitStatement(rows));
  const s3 = config.media.s3;
  if (s3) {
    services.mediaOffload = new MediaOffloader(handle.db, await createObjectStore(s3), {
      dir: config.media.dir,
      sweepMs: s3.sweepSeconds * 1000,
      onError: (error, id) => app.log.warn({ err: error, media: id }, 'media file not moved to object storage yet; it stays on the disk'),
    });
    if (options.mediaOffload !== false) services.mediaOffload.start();
  }
  if (options.indicatorRefresh !== false) services.indicators.start();
  if (options.webhookDelivery !== false) services.webhooks.start();
  // Other instances' retires reach this one's definition cache (PostgreSQL; decisions 227).
  const definitionListener = listen(handle.pool, DEFINITION_CHANNEL, (key) => services.definitions.forget(key), (error) =>
    app.log.warn({ err: error }, 'definition change listener lost its connection; reconnecting'),
  );
  await definitionListener?.ready;
  app.addHook('onClose', async () => {
    await definitionListener?.close();
    await services.indicators.stop();
    await services.webhooks.stop();
    await services.mediaOffload?.stop();
    await handle.close();
  });

  if (options.demo && seeded.adminId) {
    const admin = { id: seeded.adminId, username: 'admin', displayName: 'Administrator', locale: 'km', grants: [{ role: 'system_admin', geoCode: '' }], mustChangePassword: false, trainingMode: false, sessionId: 'seed', ip: null };
    await inTransactionOf(handle.db, (trx) => seedDemoData(trx, admin, services));
  }

  auditRouteAccess(app);
  registerRequestId(app);
  registerRequestMetrics(app, metrics);
  await app.register(cookie);
  registerErrorHandler(app, routes);
  registerJsonParser(app);
  // Hook order matters: headers, then who is calling (onRequest); then CSRF and the anonymous body
  // cap (preParsing), all before any body is read.
  registerHeaders(app, { graphiql: !config.production && config.graphqlIntrospection });
  registerAuthentication(app, handle.db, config);
  registerSessionHeaders(app);
  registerSecurity(app);
  registerBodyGate(app);
  registerTextGuard(app);
  healthRoute(app, handle.db);
  await authRoutes(app, services);
  exportRoutes(app, services);
  exportJobRoutes(app, services);
  await odataRoutes(app, services);
  indicatorExportRoutes(app, services);
  await reportRoutes(app, services);
  formTypesRoutes(app, services);
  await geoRoutes(app, services);
  await providerRoutes(app, services);
  await xlsFormRoutes(app, services);
  await dataImportRoutes(app, services);
  await mediaRoutes(app, services);
  await helpRoutes(app, services);
  await audioPromptRoutes(app, services);
  await registerGraphQL(app, services);
  registerMetrics(app, metrics, config.metricsToken);
  const webMounted = options.web === false ? false : await registerWeb(app, routes, options.webBuildDir);
  await app.ready();
  return { app, services, seeded, webMounted };
}
