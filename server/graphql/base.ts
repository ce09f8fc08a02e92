// The root of the schema that every module extends: the JSON scalar, the Query and Mutation roots and
// the shared PageInfo of connections. Domain modules add their fields with `extend type`.
import type { GraphQLModule } from './module';
import { JSONScalar } from './json-scalar';

const typeDefs = /* GraphQL */ `
  scalar JSON

  type PageInfo { hasNextPage: Boolean! endCursor: String }

  type Query
  type Mutation
`;

export const baseModule: GraphQLModule = { typeDefs, resolvers: { JSON: JSONScalar } };
