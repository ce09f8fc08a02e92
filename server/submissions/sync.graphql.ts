// GraphQL for the offline outbox: `syncSubmissions` stores a batch of records and answers per record
// (docs/api.md). The resolver only maps: every rule is in sync.service.ts.
import type { GraphQLContext } from '../graphql/context';
import type { GraphQLModule } from '../graphql/module';
import type { Resolvers } from '../graphql/generated/resolvers-types';
import { submissionOut } from './submissions.graphql';
import type { SubmitInput } from './submissions.service';
import { syncSubmissions, type SyncResult } from './sync.service';

const typeDefs = /* GraphQL */ `
  "What became of one record of a syncSubmissions batch."
  enum SyncStatus {
    "Newly stored."
    STORED
    "Already stored under this id with the same data and form version (a resend): nothing changed."
    DUPLICATE
    "Another record is stored under this id (code SUBMISSION_ID_TAKEN): send these answers under a new id."
    CONFLICT
    "Refused by a check (code VALIDATION_FAILED, BAD_INPUT, NOT_FOUND or FORM_RETIRED); errors name the fields."
    INVALID
    "Outside the sender's area (code FORBIDDEN); errors name the places."
    FORBIDDEN
  }
  type LocalizedMessage { en: String! km: String! }
  "One refused answer: its data path (criteria.0.score, id, geoCode), the rule (keyword) and why."
  type FieldError { path: String! keyword: String! message: LocalizedMessage! }
  type SyncResult {
    "The id as sent."
    id: String!
    status: SyncStatus!
    "The problem code when refused."
    code: String
    message: String
    messageKm: String
    errors: [FieldError!]
    "The stored submission (STORED, DUPLICATE)."
    submission: Submission
  }
  extend type Mutation {
    "Stores up to 100 records (the offline outbox), each as submit would; one answer per record, in input order."
    syncSubmissions(records: [SubmitInput!]!): [SyncResult!]!
  }
`;

function syncResultOut(result: SyncResult) {
  const body = result.problem?.toJSON();
  return {
    id: result.id,
    status: result.status,
    code: body?.code ?? null,
    message: body?.message ?? null,
    messageKm: body?.messageKm ?? null,
    errors: body?.errors?.map((e) => ({ path: e.path, keyword: e.keyword ?? '', message: e.message })) ?? null,
    submission: result.submission ? submissionOut(result.submission) : null,
  };
}

const resolvers: Resolvers = {
  Mutation: {
    // One atomic write statement for the whole batch, like submit (docs/decisions.md).
    syncSubmissions: async (_root, args, ctx) => {
      const results = await syncSubmissions(ctx.services.db, ctx.actor, args.records, ctx.services);
      for (const r of results) ctx.services.metrics.submissions('sync', r.status.toLowerCase() as Lowercase<SyncResult['status']>);
      return results.map(syncResultOut);
    },
  },
};

export const syncModule: GraphQLModule = { typeDefs, resolvers };
