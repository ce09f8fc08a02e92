// GraphQL for API tokens (issue 14.4): list, create (the secret answered once, optionally limited to
// some forms) and revoke. Thin:
// arguments → api-tokens.service → output shapes.
import { inTransaction } from '../graphql/context';
import type { GraphQLModule } from '../graphql/module';
import { apiTokensOf, createApiToken, revokeApiToken, type ApiTokenRow } from './api-tokens.service';

const typeDefs = /* GraphQL */ `
  enum ApiTokenScope { read read_write }
  type ApiToken {
    id: ID!
    name: String!
    scope: ApiTokenScope!
    "The forms (definition keys) whose records the token reaches; null: every form in its owner's reach."
    formKeys: [String!]
    owner: String!
    createdAt: String!
    expiresAt: String!
    lastUsedAt: String
    revokedAt: String
    "active, expired or revoked"
    state: String!
  }
  type CreatedApiToken {
    "The secret, shown this once: send it as Authorization: Bearer <token>."
    token: String!
    apiToken: ApiToken!
  }
  input ApiTokenInput {
    name: String!
    scope: ApiTokenScope!
    expiresInDays: Int!
    "Limit the token to the records of these forms (at most 50 form codes); absent: every form."
    formKeys: [String!]
  }

  extend type Query {
    "Your API tokens; all: everyone's (system administrators)."
    apiTokens(all: Boolean): [ApiToken!]!
  }
  extend type Mutation {
    createApiToken(input: ApiTokenInput!): CreatedApiToken!
    revokeApiToken(id: ID!): ApiToken!
  }
`;

function tokenOut(row: ApiTokenRow) {
  const state = row.revoked_at ? 'revoked' : row.expires_at.getTime() <= Date.now() ? 'expired' : 'active';
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    formKeys: row.form_keys,
    owner: row.username,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    state,
  };
}

export const apiTokensModule: GraphQLModule = {
  typeDefs,
  resolvers: {
    Query: {
      apiTokens: async (_r, args, ctx) => (await apiTokensOf(ctx.services.db, ctx.actor, args.all ?? false)).map(tokenOut),
    },
    Mutation: {
      createApiToken: (_r, args, ctx) =>
        inTransaction(ctx, async (trx) => {
          const { token, row } = await createApiToken(trx, ctx.actor, args.input);
          return { token, apiToken: tokenOut(row) };
        }),
      revokeApiToken: (_r, args, ctx) => inTransaction(ctx, async (trx) => tokenOut(await revokeApiToken(trx, ctx.actor, args.id))),
    },
  },
};
