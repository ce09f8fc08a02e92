// Mounts GraphQL (mercurius) at /graphql with the per-request actor, loaders and error rendering.
import type { FastifyInstance } from 'fastify';
import mercurius, { type IResolvers, type MercuriusLoaders, type MercuriusOptions } from 'mercurius';
import type { AppServices, GraphQLContext } from './context';
import { badTextRule } from '../http/text-guard';
import { formatExecution } from './errors';
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
    graphiql: !services.config.production,
    jit: 1,
    queryDepth: 12,
    validationRules: [badTextRule],
    context: (request): GraphQLContext => ({ actor: request.actor, services }),
    errorFormatter: (execution, ctx) => formatExecution(execution, (ctx as { reply?: { log: FastifyInstance['log'] } }).reply?.log ?? app.log),
  };
  await app.register(mercurius, options);
}
