// GraphQL for submissions: one, a page of a form's submissions, submit and edit. Thin: arguments →
// submissions.service → output shapes. The offline outbox's batch is in sync.graphql.ts.
import { getSubmission, listSubmissions, submit, updateSubmission, type SubmitInput } from './submissions.service';
import type { SubmissionFilter } from './submission-filter';
import { inTransaction, type GraphQLContext } from '../graphql/context';
import type { GraphQLModule } from '../graphql/module';
import type { Resolvers } from '../graphql/generated/resolvers-types';
import type { SubmissionRow } from '../db/schema';
import { isLocked, type ReviewState } from './review-states';

type ReviewStateOut = Uppercase<ReviewState>;

/** The GraphQL filter with its ReviewState values as stored (lower case). */
export function filterIn(filter: (Omit<SubmissionFilter, 'states'> & { states?: readonly string[] | null }) | null | undefined): SubmissionFilter {
  const { states, ...rest } = filter ?? {};
  return { ...rest, states: states ? (states.map((s) => s.toLowerCase()) as ReviewState[]) : null };
}

const typeDefs = /* GraphQL */ `
  type Submission {
    id: ID!
    definitionKey: String!
    definitionVersion: Int!
    geoCode: String
    period: String
    data: JSON!
    status: String!
    createdAt: String!
    updatedAt: String!
    "Made in training mode: never counted in indicators or reports."
    training: Boolean!
  }

  type SubmissionEdge { node: Submission! cursor: String! }
  type SubmissionConnection { edges: [SubmissionEdge!]! pageInfo: PageInfo! totalCount: Int! }

  "Filters for submission lists and exports. geo is an NCDD code prefix; from/to bound the period (YYYY-MM-DD)."
  input SubmissionFilter {
    version: Int geo: String from: String to: String
    "true: training records; false: real ones; absent: those of the caller's training mode."
    training: Boolean
  }

  input SubmitInput {
    id: ID!
    definitionKey: String!
    definitionVersion: Int!
    data: JSON!
    geoCode: String
    "A training record (the phone marks records started in training mode); absent: the sender's training mode decides."
    training: Boolean
  }

  extend type Query {
    submission(id: ID!): Submission
    submissions(definitionKey: String!, first: Int, after: String, filter: SubmissionFilter): SubmissionConnection!
  }

  extend type Mutation {
    submit(input: SubmitInput!): Submission!
    "expectedVersion: the version the editor started from; another version stored is CONFLICT (docs/api.md)."
    updateSubmission(id: ID!, data: JSON!, geoCode: String, expectedVersion: Int): Submission!
  }
`;

export function submissionOut(row: SubmissionRow) {
  return {
    // For the field resolvers and loaders of review.graphql.ts (not in the schema).
    submittedById: row.submitted_by,
    reviewedById: row.reviewed_by,
    reviewState: row.status.toUpperCase() as ReviewStateOut,
    version: row.version,
    locked: isLocked(row.status),
    reviewedAt: row.reviewed_at?.toISOString() ?? null,
    id: row.id,
    definitionKey: row.definition_key,
    definitionVersion: row.definition_version,
    geoCode: row.geo_code,
    period: row.period,
    data: row.data,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    training: row.training,
  };
}

export type SubmissionOut = ReturnType<typeof submissionOut>;

/** A page of submissions; the total is counted only when asked for. */
export interface SubmissionConnectionOut {
  edges: Array<{ node: SubmissionOut; cursor: string }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  countTotal: () => Promise<number>;
}

const resolvers: Resolvers = {
  SubmissionConnection: {
    // A resolver (not a property) so the count query runs only when asked for.
    totalCount: (conn) => conn.countTotal(),
  },
  Query: {
    submission: async (_root, args, ctx) => {
      const row = await getSubmission(ctx.services.db, ctx.actor, args.id);
      return row && submissionOut(row);
    },
    submissions: async (_root, args, ctx) => {
      const page = await listSubmissions(ctx.services.db, ctx.actor, args.definitionKey, args.first ?? 50, args.after, filterIn(args.filter));
      const edges = page.rows.map((r) => ({ node: submissionOut(r), cursor: r.seq }));
      return {
        edges,
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
        countTotal: page.totalCount,
      };
    },
  },
  Mutation: {
    // The one write of `submit` is a single atomic statement (row + audit event), so it needs no
    // explicit transaction: that saves two round trips on the busiest path (docs/decisions.md).
    submit: async (_root, args, ctx) => {
      const row = await submit(ctx.services.db, ctx.actor, args.input, ctx.services);
      ctx.services.metrics.submissions('submit', 'accepted');
      return submissionOut(row);
    },
    updateSubmission: (_root, args, ctx) =>
      inTransaction(ctx, async (trx) => submissionOut(await updateSubmission(trx, ctx.actor, args.id, args.data, ctx.services, args.geoCode, args.expectedVersion))),
  },
};

export const submissionsModule: GraphQLModule = { typeDefs, resolvers };
