// GET /metrics in Prometheus text format (prom-client), for operators (docs/operations.md "Metrics",
// decisions 214-216). Off unless METRICS_TOKEN is set: then it answers 404 like any unknown path;
// with it, only `Authorization: Bearer <METRICS_TOKEN>` gets the text (else 401). Counted here:
// requests by route (rate, latency), GraphQL operations by name, accepted submissions, the pg pool's
// connections; read from the database at each scrape (so every instance reports the same shared
// state): each published indicator's freshness lag and the imports running. Plus Node's process
// metrics (event loop lag, memory, CPU).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { AppMetrics, SubmissionOutcome } from '../core/metrics';
import { Problem } from '../core/problems';
import type { PoolUse } from '../db/database';
import { indicatorFreshness, runningImports, webhookQueue } from '../db/metrics.repository';
import type { Database } from '../db/schema';
import { PUBLIC_ROUTE } from './authorize-first';

/** Latency buckets, seconds: from a cached read to a slow export. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Operation names are chosen by clients: a bounded set of label values, the rest is `other`. */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

interface Operation {
  name: string;
  type: string;
  errors: boolean;
}

export class Metrics implements AppMetrics {
  readonly registry = new Registry();
  private readonly operations = new WeakMap<FastifyRequest, Operation>();
  private readonly names = new Set<string>();
  private readonly requests: Counter<'method' | 'route' | 'status_code'>;
  private readonly requestSeconds: Histogram<'method' | 'route'>;
  private readonly graphqlOperations: Counter<'operation' | 'type' | 'outcome'>;
  private readonly graphqlSeconds: Histogram<'operation' | 'type'>;
  private readonly submitted: Counter<'via' | 'outcome'>;
  private readonly submitRows: Histogram;

  constructor(db: Kysely<Database>, pool: PoolUse | undefined) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'sa_' });
    this.requests = new Counter({ name: 'sa_http_requests_total', help: 'HTTP requests answered, by method, route (the route pattern) and status code.', labelNames: ['method', 'route', 'status_code'], registers });
    this.requestSeconds = new Histogram({ name: 'sa_http_request_duration_seconds', help: 'Time from request to response, by method and route.', labelNames: ['method', 'route'], buckets: BUCKETS, registers });
    this.graphqlOperations = new Counter({ name: 'sa_graphql_operations_total', help: 'GraphQL requests by operation name, type and outcome (ok, error: the answer has errors).', labelNames: ['operation', 'type', 'outcome'], registers });
    this.graphqlSeconds = new Histogram({ name: 'sa_graphql_operation_duration_seconds', help: 'Time of a GraphQL request by operation name and type.', labelNames: ['operation', 'type'], buckets: BUCKETS, registers });
    this.submitted = new Counter({ name: 'sa_submissions_total', help: 'Submission records by path (submit, sync: the offline outbox) and outcome.', labelNames: ['via', 'outcome'], registers });
    this.submitRows = new Histogram({ name: 'sa_submit_statement_rows', help: "Records per group-commit statement of `submit` (1: the call's row went alone).", buckets: [1, 2, 4, 8, 16, 32, 64], registers });
    if (pool) {
      new Gauge({
        name: 'sa_db_pool_connections',
        help: 'PostgreSQL pool connections of this instance: total open, idle, and requests waiting for one.',
        labelNames: ['state'],
        registers,
        collect() {
          this.set({ state: 'total' }, pool.totalCount);
          this.set({ state: 'idle' }, pool.idleCount);
          this.set({ state: 'waiting' }, pool.waitingCount);
        },
      });
    }
    new Gauge({
      name: 'sa_indicator_freshness_lag_seconds',
      help: "Seconds since each published indicator's roll-ups last caught up (database now() - checked_through); -1: not built yet.",
      labelNames: ['indicator', 'version'],
      registers,
      async collect() {
        this.reset();
        for (const f of await indicatorFreshness(db)) this.set({ indicator: f.key, version: String(f.version) }, f.lagSeconds ?? -1);
      },
    });
    new Gauge({
      name: 'sa_indicator_failed',
      help: 'Published indicators whose last refresh failed (1), by indicator.',
      labelNames: ['indicator', 'version'],
      registers,
      async collect() {
        this.reset();
        for (const f of await indicatorFreshness(db)) this.set({ indicator: f.key, version: String(f.version) }, f.failed ? 1 : 0);
      },
    });
    new Gauge({
      name: 'sa_webhook_deliveries',
      help: 'Webhook deliveries by state: pending and delivering now, failed (given up) in the last day.',
      labelNames: ['state'],
      registers,
      async collect() {
        const q = await webhookQueue(db);
        this.set({ state: 'pending' }, q.pending);
        this.set({ state: 'delivering' }, q.delivering);
        this.set({ state: 'failed_last_day' }, q.failedLastDay);
      },
    });
    new Gauge({
      name: 'sa_webhook_oldest_due_seconds',
      help: 'Seconds the oldest due webhook delivery has waited (0: none due): a receiver down or the workers stopped.',
      registers,
      async collect() {
        this.set((await webhookQueue(db)).oldestDueSeconds);
      },
    });
    new Gauge({
      name: 'sa_imports_running',
      help: 'Imports running on any instance (their lock is held), by kind (geo, providers).',
      labelNames: ['kind'],
      registers,
      async collect() {
        const running = new Set(await runningImports(db));
        for (const kind of ['geo', 'providers']) this.set({ kind }, running.has(kind) ? 1 : 0);
      },
    });
  }

  submissions(via: 'submit' | 'sync', outcome: SubmissionOutcome, count = 1): void {
    this.submitted.inc({ via, outcome }, count);
  }

  submitStatement(rows: number): void {
    this.submitRows.observe(rows);
  }

  /** The operation a GraphQL request runs, when mercurius has parsed it. */
  operation(request: FastifyRequest, document: DocumentNode): void {
    const wanted = (request.body as { operationName?: unknown } | undefined)?.operationName;
    const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const op = ops.find((o) => typeof wanted === 'string' && o.name?.value === wanted) ?? ops[0];
    if (!op) return;
    this.operations.set(request, { name: this.operationLabel(op.name?.value), type: op.operation, errors: false });
  }

  resolved(request: FastifyRequest, errors: boolean): void {
    const op = this.operations.get(request);
    if (op) op.errors = errors;
  }

  answered(request: FastifyRequest, reply: FastifyReply): void {
    const route = request.routeOptions.url ?? '(unmatched)';
    const seconds = reply.elapsedTime / 1000;
    this.requests.inc({ method: request.method, route, status_code: String(reply.statusCode) });
    this.requestSeconds.observe({ method: request.method, route }, seconds);
    if (route !== '/graphql') return;
    // A request refused before execution (syntax, validation, limits) has no parsed operation.
    const op = this.operations.get(request) ?? { name: '(unparsed)', type: 'unknown', errors: true };
    this.graphqlOperations.inc({ operation: op.name, type: op.type, outcome: op.errors || reply.statusCode >= 400 ? 'error' : 'ok' });
    this.graphqlSeconds.observe({ operation: op.name, type: op.type }, seconds);
  }

  private operationLabel(name: string | undefined): string {
    if (!name) return '(anonymous)';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.names.has(name)) return name;
    if (this.names.size >= MAX_OPERATION_NAMES) return 'other';
    this.names.add(name);
    return name;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** The request hook counting every answer: register before any route (hooks apply to routes declared after them). */
export function registerRequestMetrics(app: FastifyInstance, metrics: Metrics | undefined): void {
  if (metrics) app.addHook('onResponse', async (request, reply) => metrics.answered(request, reply));
}

/**
 * The GraphQL hooks (operation names) and GET /metrics: after GraphQL is registered. Without a token
 * (`metrics` undefined) only the route, answering NOT_FOUND.
 */
export function registerMetrics(app: FastifyInstance, metrics: Metrics | undefined, token: string | undefined): void {
  if (metrics) {
    app.graphql.addHook('preExecution', async (_schema, document, context) => {
      metrics.operation(context.reply.request, document);
    });
    app.graphql.addHook('onResolution', async (execution, context) => {
      metrics.resolved(context.reply.request, (execution.errors?.length ?? 0) > 0);
    });
  }
  const expected = token ? digest(`Bearer ${token}`) : undefined;
  // Scrapes every few seconds would flood the request log: only warnings and errors of this route.
  app.get('/metrics', { config: PUBLIC_ROUTE, logLevel: 'warn' }, async (request, reply) => {
    if (!metrics || !expected) throw new Problem('NOT_FOUND');
    const given = request.headers.authorization;
    if (!given || !timingSafeEqual(digest(given), expected)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw new Problem('UNAUTHENTICATED');
    }
    reply.header('cache-control', 'no-store').type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
