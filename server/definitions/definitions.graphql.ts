// GraphQL for form and indicator definitions: the lists, one definition, diffs and the draft →
// published → retired lifecycle. Thin: arguments → definitions.service → output shapes.
import type { MercuriusLoaders } from 'mercurius';
import { definitionDiff, getDefinition, listDefinitions, newDraft, publish, retire, saveDraft, versionsOfKeys } from './definitions.service';
import { countSubmissionsOfKeys } from '../submissions/submissions.service';
import { inTransaction, type GraphQLContext } from '../graphql/context';
import type { GraphQLModule } from '../graphql/module';
import type { Resolvers } from '../graphql/generated/resolvers-types';
import type { DefinitionRow, DefinitionStatus } from '../db/schema';

const typeDefs = /* GraphQL */ `
  enum DefinitionStatus { DRAFT PUBLISHED RETIRED }

  type Definition {
    key: String!
    version: Int!
    kind: String!
    status: DefinitionStatus!
    title(locale: String): String!
    schema: JSON!
    createdAt: String!
    publishedAt: String
    "Number of submissions for this key, all versions."
    submissionCount: Int!
    "Every version of this key, oldest first."
    versions: [Definition!]!
  }

  extend type Query {
    "Forms by default; kind indicator lists indicator definitions."
    definitions(status: DefinitionStatus, kind: String = "form"): [Definition!]!
    "One version; without version the newest published one (or, for its editors, the draft of a key with none published)."
    definition(key: String!, version: Int): Definition
    definitionDiff(key: String!, from: Int!, to: Int!): JSON!
  }

  extend type Mutation {
    saveDraft(key: String!, schema: JSON!): Definition!
    "Starts (or replaces) the draft with a copy of a version: the latest by default."
    newDraft(key: String!, fromVersion: Int): Definition!
    publish(key: String!): Definition!
    retire(key: String!): Definition!
  }
`;

export function definitionOut(row: DefinitionRow) {
  return {
    key: row.key,
    version: row.version,
    kind: row.kind,
    status: row.status.toUpperCase(),
    schema: row.schema,
    createdAt: row.created_at.toISOString(),
    publishedAt: row.published_at?.toISOString() ?? null,
  };
}

export type DefinitionOut = ReturnType<typeof definitionOut>;

const resolvers: Resolvers = {
  Definition: {
    title: (def, args, ctx) => {
      const titles: Partial<Record<string, string>> | undefined = def.schema['x-title'];
      const locale = args.locale ?? ctx.actor?.locale ?? 'km';
      return titles?.[locale] ?? titles?.en ?? def.key;
    },
  },
  Query: {
    definitions: async (_root, args, ctx) =>
      (await listDefinitions(ctx.services.db, ctx.actor, args.status?.toLowerCase() as DefinitionStatus | undefined))
        .filter((d) => d.kind === (args.kind ?? 'form'))
        .map(definitionOut),
    definition: async (_root, args, ctx) => {
      const row = await getDefinition(ctx.services.db, ctx.actor, args.key, args.version ?? undefined);
      return row && definitionOut(row);
    },
    definitionDiff: (_root, args, ctx) =>
      definitionDiff(ctx.services.db, ctx.actor, args.key, args.from, args.to),
  },
  Mutation: {
    saveDraft: (_root, args, ctx) =>
      inTransaction(ctx, async (trx) => definitionOut(await saveDraft(trx, ctx.actor, args.key, args.schema))),
    newDraft: (_root, args, ctx) =>
      inTransaction(ctx, async (trx) => definitionOut(await newDraft(trx, ctx.actor, args.key, args.fromVersion ?? undefined))),
    publish: (_root, args, ctx) => inTransaction(ctx, async (trx) => definitionOut(await publish(trx, ctx.actor, args.key))),
    retire: (_root, args, ctx) =>
      inTransaction(ctx, async (trx) => definitionOut(await retire(trx, ctx.actor, args.key, ctx.services.definitions))),
  },
};

/** Batched fields (one query per request, not per definition). */
const loaders: MercuriusLoaders<GraphQLContext> = {
  Definition: {
    submissionCount: async (queries: Array<{ obj: DefinitionOut }>, ctx: GraphQLContext) => {
      const counts = await countSubmissionsOfKeys(ctx.services.db, ctx.actor, [...new Set(queries.map((q) => q.obj.key))]);
      return queries.map((q) => counts.get(q.obj.key) ?? 0);
    },
    versions: async (queries: Array<{ obj: DefinitionOut }>, ctx: GraphQLContext) => {
      const byKey = await versionsOfKeys(ctx.services.db, ctx.actor, [...new Set(queries.map((q) => q.obj.key))]);
      return queries.map((q) => (byKey.get(q.obj.key) ?? []).map(definitionOut));
    },
  },
};

export const definitionsModule: GraphQLModule = { typeDefs, resolvers, loaders };
