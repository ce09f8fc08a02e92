// GraphQL for service providers: list near an area, and create / edit / retire (one transaction each).
import { inTransaction, type GraphQLContext } from '../graphql/context';
import type { GraphQLModule } from '../graphql/module';
import type { Resolvers } from '../graphql/generated/resolvers-types';
import type { ProviderInput } from './providers.rules';
import { createServiceProvider, listServiceProviders, retireServiceProvider, updateServiceProvider } from './providers.service';
import type { ServiceProviderRow } from '../db/schema';

const typeDefs = /* GraphQL */ `
  type ServiceProvider {
    id: ID!
    kind: String!
    code: String
    nameKm: String!
    nameEn: String!
    geoCode: String!
    catchment: [String!]!
    retired: Boolean!
    createdAt: String!
    updatedAt: String!
  }
  input ServiceProviderInput {
    kind: String!
    code: String
    nameKm: String!
    nameEn: String
    geoCode: String!
    catchment: [String!]
  }
  input ServiceProviderPatch {
    kind: String
    code: String
    nameKm: String
    nameEn: String
    geoCode: String
    catchment: [String!]
  }
  extend type Query {
    serviceProviders(scope: String, kind: String, includeRetired: Boolean): [ServiceProvider!]!
  }
  extend type Mutation {
    createServiceProvider(input: ServiceProviderInput!): ServiceProvider!
    updateServiceProvider(id: ID!, input: ServiceProviderPatch!): ServiceProvider!
    retireServiceProvider(id: ID!): ServiceProvider!
  }
`;

function providerOut(row: ServiceProviderRow) {
  return {
    id: row.id,
    kind: row.kind,
    code: row.code,
    nameKm: row.name_km,
    nameEn: row.name_en,
    geoCode: row.geo_code,
    catchment: row.catchment,
    retired: row.retired_at !== null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const resolvers: Resolvers = {
  Query: {
    serviceProviders: async (_root, args, ctx) =>
      (await listServiceProviders(ctx.services.db, ctx.actor, args)).map(providerOut),
  },
  Mutation: {
    createServiceProvider: (_root, args, ctx) =>
      inTransaction(ctx, async (trx) => providerOut(await createServiceProvider(trx, ctx.actor, args.input))),
    updateServiceProvider: (_root, args, ctx) =>
      inTransaction(ctx, async (trx) => providerOut(await updateServiceProvider(trx, ctx.actor, args.id, args.input))),
    retireServiceProvider: (_root, args, ctx) =>
      inTransaction(ctx, async (trx) => providerOut(await retireServiceProvider(trx, ctx.actor, args.id))),
  },
};

export const providersModule: GraphQLModule = { typeDefs, resolvers };
