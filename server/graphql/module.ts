// A GraphQL module: one domain's SDL, resolvers and batched loaders. plugin.ts merges all modules,
// so each domain owns its part of the API (use `extend type Query` / `extend type Mutation`).
import type { MercuriusLoaders } from 'mercurius';
import type { GraphQLContext } from './context';
import type { Resolvers } from './generated/resolvers-types';

export interface GraphQLModule {
  typeDefs: string;
  /** Typed from the SDL (generated/resolvers-types.ts): arguments, parents and results. */
  resolvers: Resolvers;
  loaders?: MercuriusLoaders<GraphQLContext>;
}

type Merged = Record<string, Record<string, unknown>>;

export function mergeModules(modules: GraphQLModule[]): { typeDefs: string; resolvers: Merged; loaders: Merged } {
  const resolvers: Merged = {};
  const loaders: Merged = {};
  for (const m of modules) {
    for (const [type, fields] of Object.entries(m.resolvers)) {
      // Scalars are objects too, but must be kept whole, not merged field by field.
      resolvers[type] = typeof fields === 'object' && fields !== null && !('serialize' in fields) ? { ...resolvers[type], ...(fields as object) } : (fields as Record<string, unknown>);
    }
    for (const [type, fields] of Object.entries(m.loaders ?? {})) loaders[type] = { ...loaders[type], ...(fields as object) };
  }
  return { typeDefs: modules.map((m) => m.typeDefs).join('\n'), resolvers, loaders };
}
