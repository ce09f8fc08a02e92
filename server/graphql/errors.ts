// Renders GraphQL errors: problems keep their stable code (and field errors); anything unexpected is
// logged and answered as INTERNAL, without stack or SQL. Syntax errors and bad variables are
// BAD_INPUT, queries that do not match the schema GRAPHQL_VALIDATION, each with graphql-js's message
// (which says what is wrong and where); queries over a limit QUERY_TOO_COSTLY.
import type { ExecutionResult, GraphQLError } from 'graphql';
import type { FastifyBaseLogger, FastifyError } from 'fastify';
import { problemFromDatabaseError } from '../http/database-errors';
import { problemFromFastifyError } from '../http/error-handler';
import { isDatabaseUnavailable } from '../db/db-errors';
import { Problem, isProblem, problemCatalog } from '../core/problems';
import { costlyProblem, isCostError } from './limits';

interface Formatted {
  /** HTTP status when this error fails the whole request (no path). */
  status: number;
  message: string;
  path?: readonly (string | number)[];
  locations?: GraphQLError['locations'];
  extensions: Record<string, unknown>;
}

function unwrap(error: GraphQLError): unknown {
  let e: unknown = error;
  while (e && typeof e === 'object' && 'originalError' in e && (e as { originalError?: unknown }).originalError) {
    e = (e as { originalError: unknown }).originalError;
  }
  return e;
}

/** mercurius wraps parse and validation failures in one MER_ERR_GQL_VALIDATION carrying the real ones. */
function expand(error: GraphQLError): Array<{ error: GraphQLError; validation: boolean }> {
  const inner = (error.originalError as { code?: unknown; errors?: unknown } | undefined) ?? undefined;
  if (inner?.code === 'MER_ERR_GQL_VALIDATION' && Array.isArray(inner.errors)) {
    return (inner.errors as GraphQLError[]).map((e) => ({ error: e, validation: true }));
  }
  return [{ error, validation: false }];
}

function formatValidation(error: GraphQLError): Formatted {
  if (isCostError(error as { code?: unknown; message: string })) {
    const body = costlyProblem(error).toJSON();
    return { status: 400, message: body.message, extensions: { code: body.code, messageKm: body.messageKm } };
  }
  // Syntax errors and variable values that do not fit their type are bad input; the rest is a query
  // that does not match the schema.
  const badInput = error.message.startsWith('Syntax Error') || /^Variable "\$[^"]+" (got invalid value|of required type .* was not provided|of non-null type .* must not be null)/.test(error.message);
  const code = badInput ? 'BAD_INPUT' : 'GRAPHQL_VALIDATION';
  return { status: 400, message: error.message, locations: error.locations, extensions: { code, messageKm: problemCatalog[code].km } };
}

export function formatError(error: GraphQLError, log: FastifyBaseLogger): Formatted {
  const original = unwrap(error);
  const inner = isProblem(original)
    ? original
    : isDatabaseUnavailable(original)
      ? new Problem('UNAVAILABLE')
      : typeof (original as { code?: unknown })?.code === 'string'
        ? (problemFromFastifyError(original as FastifyError) ?? problemFromDatabaseError(original))
        : null;
  if (inner) {
    const body = inner.toJSON();
    return { status: inner.status, message: body.message, path: error.path, extensions: { code: body.code, messageKm: body.messageKm, ...(body.errors ? { errors: body.errors } : {}), ...(inner.retryAfter !== undefined ? { retryAfter: inner.retryAfter } : {}) } };
  }
  if (!error.path) {
    // Syntax, validation and variable-coercion errors: graphql-js messages are safe to show.
    return { status: 400, message: error.message, locations: error.locations, extensions: { code: 'BAD_INPUT', messageKm: problemCatalog.BAD_INPUT.km } };
  }
  log.error({ err: original }, 'unexpected error in GraphQL resolver');
  return { status: 500, message: problemCatalog.INTERNAL.en, path: error.path, extensions: { code: 'INTERNAL', messageKm: problemCatalog.INTERNAL.km } };
}

export function formatExecution(execution: ExecutionResult, log: FastifyBaseLogger, requestId?: string): { statusCode: number; response: ExecutionResult } {
  const formatted = (execution.errors ?? []).flatMap(expand).map(({ error, validation }) => (validation && !isProblem(unwrap(error)) ? formatValidation(error) : formatError(error, log)));
  // Errors inside resolvers are GraphQL results (200); a request refused as a whole (bad query,
  // refused by a hook) gets the HTTP status of its problem.
  // The database being away fails the whole request: 503, so clients and proxies retry later.
  const refused = formatted.find((e) => !e.path) ?? formatted.find((e) => e.extensions.code === 'UNAVAILABLE');
  // Every error carries the request id, to match a user's report with the log lines.
  const errors = formatted.map(({ status: _status, ...rest }) => (requestId ? { ...rest, extensions: { ...rest.extensions, requestId } } : rest));
  return {
    statusCode: refused ? refused.status : 200,
    response: { data: execution.data ?? null, errors } as unknown as ExecutionResult,
  };
}
