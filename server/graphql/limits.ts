// What one GraphQL request may cost: tokens (parse), aliases, an estimated cost (graphql-armor rules,
// run as mercurius validation rules), depth (mercurius), introspection (off in production unless
// configured), and a cap on the serialized answer. Refusals are QUERY_TOO_COSTLY / RESPONSE_TOO_LARGE.
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import type { ASTNode, ASTVisitor, FragmentDefinitionNode, GraphQLError, OperationDefinitionNode, ValidationContext, ValidationRule } from 'graphql';
import { Problem } from '../core/problems';

// mercurius (and graphql-armor) use graphql's CommonJS build; a rule from the ES module build would
// check the schema's types against another realm's classes and fail.
const { NoSchemaIntrospectionCustomRule, visit } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

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

/** The node with every literal `first:`/`last:` read as 1. */
function withoutPageSizes<T extends ASTNode>(node: T): T {
  return visit(node, {
    Argument(arg) {
      if ((arg.name.value === 'first' || arg.name.value === 'last') && arg.value.kind === 'IntValue') return { ...arg, value: { ...arg.value, value: '1' } };
      return undefined;
    },
  });
}

/**
 * graphql-armor's cost rule multiplies a list's cost by a literal `first:`/`last:` but not by one
 * given as a variable, so the same page would cost 500 times more written inline. Costs here are
 * of the query's shape only (page sizes read as 1): page sizes have their own maximum in each field
 * (e.g. submissions: 500, BAD_INPUT above), and the whole answer is capped by registerResponseCap.
 */
function shapeCostRule(): ValidationRule {
  const rule = costLimitRule({ maxCost: GRAPHQL_LIMITS.maxCost, onReject: [(_ctx, error) => tooCostly(error)] }) as unknown as (context: ValidationContext) => { OperationDefinition: { enter: (node: OperationDefinitionNode) => void } };
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode | undefined>();
    const view = new Proxy(context, {
      get(target, key) {
        if (key === 'getFragment') {
          return (name: string) => {
            if (!fragments.has(name)) {
              const fragment = target.getFragment(name);
              fragments.set(name, fragment ? withoutPageSizes(fragment) : undefined);
            }
            return fragments.get(name);
          };
        }
        const value = Reflect.get(target, key, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const inner = rule(view);
    return { OperationDefinition: { enter: (node: OperationDefinitionNode) => inner.OperationDefinition.enter(withoutPageSizes(node)) } } as ASTVisitor;
  };
}

export function validationRules(options: { introspection: boolean }): ValidationRule[] {
  const rules: ValidationRule[] = [
    maxAliasesRule({ n: GRAPHQL_LIMITS.maxAliases, onReject: [(_ctx, error) => tooCostly(error)] }) as unknown as ValidationRule,
    shapeCostRule(),
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
    return JSON.stringify({ data: null, errors: [{ message: body.message, extensions: { code: body.code, messageKm: body.messageKm, requestId: request.id } }] });
  });
}
