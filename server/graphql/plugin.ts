// Mounts GraphQL (mercurius) at /graphql with the per-request actor, loaders, error rendering and the
// cost limits of limits.ts (tokens, aliases, cost, depth, introspection, response size).
import type { FastifyInstance } from 'fastify';
import { Kind, OperationTypeNode } from 'graphql';
import { Problem } from '../core/problems';
import mercurius, { type IResolvers, type MercuriusLoaders, type MercuriusOptions } from 'mercurius';
import type { AppServices } from '../core/services';
import type { GraphQLContext } from './context';
import { badTextRule } from '../http/text-guard';
import { formatExecution } from './errors';
import { GRAPHQL_LIMITS, registerResponseCap, validationRules } from './limits';
import { mergeModules } from './module';
import { modules } from './modules';

export async function registerGraphQL(app: FastifyInstance, services: AppServices): Promise<void> {
  const { typeDefs, resolvers, loaders } = mergeModules(modules);
  const options: MercuriusOptions = {
    schema: typeDefs,
    // Mercurius types its context as MercuriusContext; ours adds actor and services to it.
    resolvers: resolvers as unknown as IResolvers,
    loaders: loaders as unknown as MercuriusLoaders,
    path: '/graphql',
    // GraphiQL needs introspection; both are off in production unless GRAPHQL_INTROSPECTION=1.
    graphiql: !services.config.production && services.config.graphqlIntrospection,
    jit: 1,
    queryDepth: GRAPHQL_LIMITS.depth,
    validationRules: [...validationRules({ introspection: services.config.graphqlIntrospection }), badTextRule],
    graphql: { parseOptions: { maxTokens: GRAPHQL_LIMITS.maxTokens } },
    context: (request): GraphQLContext => ({ actor: request.actor, services }),
    errorFormatter: (execution, ctx) => {
      const reply = (ctx as { reply?: { log: FastifyInstance['log']; request: { id: string } } }).reply;
      return formatExecution(execution, reply?.log ?? app.log, reply?.request.id);
    },
  };
  registerResponseCap(app, services.config.graphqlResponseLimit);
  await app.register(mercurius, options);
  // A read-only API token never writes (issue 14.4), whatever the mutation: permissions.ts refuses
  // its write actions, and this refuses the mutations that need no action (one's own training
  // switch, one's own training records) before any resolver runs.
  app.graphql.addHook('preExecution', async (_schema, document, context) => {
    const actor = (context as unknown as GraphQLContext).actor;
    if (actor?.token?.scope !== 'read') return;
    if (document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === OperationTypeNode.MUTATION)) throw new Problem('FORBIDDEN');
  });
}
