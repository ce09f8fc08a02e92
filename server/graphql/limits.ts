// What one GraphQL request may cost: tokens (parse), aliases, an estimated cost (graphql-armor rules,
// run as mercurius validation rules), depth (mercurius), introspection (off in production unless
// configured), and a cap on the serialized answer. Refusals are QUERY_TOO_COSTLY / RESPONSE_TOO_LARGE.
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import type { GraphQLError, ValidationRule } from 'graphql';
import { Problem } from '../http/problems';

// mercurius (and graphql-armor) use graphql's CommonJS build; a rule from the ES module build would
// check the schema's types against another realm's classes and fail.
const { NoSchemaIntrospectionCustomRule } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

export const GRAPHQL_LIMITS = {
  /** Lexical tokens in one document (graphql-js parse option). */
  maxTokens: 5000,
  /** Aliased fields per operation: 1,000 aliases of one list field was the reported attack. */
  maxAliases: 15,
  /** graphql-armor's estimate (objects 2, scalars 1, ×1.5 per level); the web app's largest query costs well under 1,000. */
  maxCost: 5000,
  depth: 12,
} as const;

/** The refusal for a query over one of the limits; `error` is the limit's own message (with numbers). */
export function costlyProblem(error: { message: string }): Problem {
  const detail = error.message.replace(/^Syntax Error:\s*/, '').replace(/\.$/, '');
  return new Problem('QUERY_TOO_COSTLY', {
    message: {
      en: `The query asks for too much at once (${detail}). Ask for fewer fields or aliases, or page through the results.`,
      km: `សំណួរនេះសុំទិន្នន័យច្រើនពេកក្នុងពេលតែមួយ (${detail})។ សូមសុំវាលឬឈ្មោះក្លែង (alias) តិចជាងនេះ ឬបើកមើលជាទំព័រៗ។`,
    },
  });
}

function tooCostly(error: GraphQLError): never {
  throw costlyProblem(error);
}

export function validationRules(options: { introspection: boolean }): ValidationRule[] {
  const rules: ValidationRule[] = [
    maxAliasesRule({ n: GRAPHQL_LIMITS.maxAliases, onReject: [(_ctx, error) => tooCostly(error)] }) as unknown as ValidationRule,
    costLimitRule({ maxCost: GRAPHQL_LIMITS.maxCost, onReject: [(_ctx, error) => tooCostly(error)] }) as unknown as ValidationRule,
  ];
  if (!options.introspection) rules.push(NoSchemaIntrospectionCustomRule);
  return rules;
}

/** Whether a mercurius validation error is one of the cost limits (depth, tokens), not a wrong query. */
export function isCostError(error: { code?: unknown; message?: unknown }): boolean {
  if (error.code === 'MER_ERR_GQL_QUERY_DEPTH') return true;
  return typeof error.message === 'string' && /^Syntax Error: Document contains more that \d+ tokens/.test(error.message);
}

/**
 * Replaces a serialized /graphql answer larger than `maxBytes` (config GRAPHQL_RESPONSE_LIMIT) by a
 * coded refusal, so one request cannot make the server send (and the client hold) hundreds of MB.
 */
export function registerResponseCap(app: FastifyInstance, maxBytes: number): void {
  const size = maxBytes >= 1048576 ? `${Math.round(maxBytes / 1048576)} MB` : `${Math.round(maxBytes / 1024)} KB`;
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.routeOptions.url !== '/graphql' || typeof payload !== 'string' || payload.length * 3 <= maxBytes) return payload;
    if (Buffer.byteLength(payload) <= maxBytes) return payload;
    const problem = new Problem('RESPONSE_TOO_LARGE', {
      message: {
        en: `The answer would be larger than ${size}. Ask for fewer fields or page through the results.`,
        km: `ចម្លើយនឹងធំជាង ${size}។ សូមសុំវាលតិចជាងនេះ ឬបើកមើលជាទំព័រៗ។`,
      },
    });
    request.log.warn({ bytes: Buffer.byteLength(payload) }, 'GraphQL answer over the size cap refused');
    reply.code(problem.status);
    const body = problem.toJSON();
    return JSON.stringify({ data: null, errors: [{ message: body.message, extensions: { code: body.code, messageKm: body.messageKm } }] });
  });
}
