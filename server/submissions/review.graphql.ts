// GraphQL for review and corrections (issue 12): review states on Submission, review (one and bulk),
// comments, unlock requests, history and "needs my attention". Thin: arguments → review.service →
// output shapes; names and pending unlocks are batched loaders.
import type { MercuriusLoaders } from 'mercurius';
import { inTransaction, type GraphQLContext } from '../graphql/context';
import type { GraphQLModule } from '../graphql/module';
import type { Resolvers } from '../graphql/generated/resolvers-types';
import { submissionOut, type SubmissionOut } from './submissions.graphql';
import type { CommentRow, UnlockRow } from './review.service';
import {
  attention,
  commentSubmission,
  decideUnlock,
  displayNames,
  mayEdit,
  mayReview,
  pendingUnlocks,
  requestUnlock,
  reviewSubmission,
  reviewSubmissions,
  BULK_PACE,
  submissionComments,
  submissionHistory,
} from './review.service';

const typeDefs = /* GraphQL */ `
  "Review state of a record (docs/api.md, Review): RECEIVED → HAS_ISSUES → APPROVED, or REJECTED."
  enum ReviewState { RECEIVED HAS_ISSUES APPROVED REJECTED }

  extend type Submission {
    reviewState: ReviewState!
    "+1 on every data edit and review change; send it back as expectedVersion."
    version: Int!
    "Approved records are locked until a reviewer grants an unlock."
    locked: Boolean!
    submittedByName: String
    reviewedByName: String
    reviewedAt: String
    "The caller may edit it now (submission.edit over it, and not locked)."
    canEdit: Boolean!
    "The caller has submission.review over its place."
    canReview: Boolean!
    pendingUnlock: UnlockRequest
  }

  extend input SubmissionFilter { states: [ReviewState!] }

  type SubmissionComment { id: ID! authorName: String! at: String! body: String! kind: String! fromState: ReviewState toState: ReviewState replyTo: ID }
  type UnlockRequest { id: ID! reason: String! requestedByName: String! at: String! }
  type FieldChange { path: String! label: LocalizedMessage! before: JSON after: JSON }
  "action: created | edited | reviewed | unlock_requested | unlocked | unlock_refused; changes only for edited."
  type SubmissionHistoryEntry { version: Int! at: String! byName: String action: String! state: ReviewState changes: [FieldChange!]! comment: String }
  type BulkRefusal { id: ID! code: String! }
  type BulkReviewResult { changed: Int! unchanged: Int! refused: [BulkRefusal!]! }
  "kind: sent_back | to_review | unlock_request"
  type AttentionItem { kind: String! submission: Submission! }
  type Attention { sentBackToMe: Int! waitingForReview: Int! unlockRequests: Int! items: [AttentionItem!]! }

  extend type Query {
    submissionHistory(id: ID!): [SubmissionHistoryEntry!]!
    submissionComments(id: ID!): [SubmissionComment!]!
    attention(first: Int): Attention!
  }

  extend type Mutation {
    reviewSubmission(id: ID!, state: ReviewState!, comment: String, expectedVersion: Int): Submission!
    "At most 10000 ids, one transaction."
    reviewSubmissions(ids: [ID!]!, state: ReviewState!, comment: String): BulkReviewResult!
    commentSubmission(id: ID!, body: String!, replyTo: ID): SubmissionComment!
    requestUnlock(id: ID!, reason: String!): UnlockRequest!
    decideUnlock(id: ID!, grant: Boolean!, reason: String): Submission!
  }
`;

type StateOut = 'RECEIVED' | 'HAS_ISSUES' | 'APPROVED' | 'REJECTED';
const stateOut = (s: string | null): StateOut | null => (s ? (s.toUpperCase() as StateOut) : null);

export function commentOut(c: CommentRow) {
  return { id: c.id, authorName: c.author_name, at: c.created_at.toISOString(), body: c.body, kind: c.kind, fromState: stateOut(c.from_state), toState: stateOut(c.to_state), replyTo: c.reply_to };
}
export type CommentOut = ReturnType<typeof commentOut>;

export function unlockOut(u: UnlockRow) {
  return { id: u.id, reason: u.reason, requestedByName: u.requested_by_name, at: u.requested_at.toISOString() };
}
export type UnlockOut = ReturnType<typeof unlockOut>;

export interface AttentionItemOut {
  kind: string;
  submission: SubmissionOut;
}

const row = (s: SubmissionOut) => ({ geo_code: s.geoCode ?? null, definition_key: s.definitionKey, submitted_by: s.submittedById, status: s.status });

const resolvers: Resolvers = {
  Submission: {
    canEdit: (s, _args, ctx) => mayEdit(ctx.actor, row(s)),
    canReview: (s, _args, ctx) => mayReview(ctx.actor, row(s)),
  },
  Query: {
    submissionHistory: async (_root, args, ctx) =>
      (await submissionHistory(ctx.services.db, ctx.actor, args.id, ctx.services.definitions)).map((e) => ({ ...e, at: e.at.toISOString(), state: stateOut(e.state) })),
    submissionComments: async (_root, args, ctx) => (await submissionComments(ctx.services.db, ctx.actor, args.id)).map(commentOut),
    attention: async (_root, args, ctx) => {
      const a = await attention(ctx.services.db, ctx.actor, args.first ?? 20);
      return { ...a, items: a.items.map((i) => ({ kind: i.kind, submission: submissionOut(i.row) })) };
    },
  },
  Mutation: {
    reviewSubmission: (_root, args, ctx) =>
      inTransaction(ctx, async (trx) => submissionOut(await reviewSubmission(trx, ctx.actor, { id: args.id, state: args.state.toLowerCase(), comment: args.comment, expectedVersion: args.expectedVersion }))),
    reviewSubmissions: (_root, args, ctx) =>
      inTransaction(ctx, (trx) => reviewSubmissions(trx, ctx.actor, { ids: args.ids, state: args.state.toLowerCase(), comment: args.comment }, BULK_PACE[ctx.services.engine])),
    commentSubmission: (_root, args, ctx) => inTransaction(ctx, async (trx) => commentOut(await commentSubmission(trx, ctx.actor, args))),
    requestUnlock: (_root, args, ctx) => inTransaction(ctx, async (trx) => unlockOut(await requestUnlock(trx, ctx.actor, args))),
    decideUnlock: (_root, args, ctx) => inTransaction(ctx, async (trx) => submissionOut(await decideUnlock(trx, ctx.actor, args))),
  },
};

const loaders: MercuriusLoaders<GraphQLContext> = {
  Submission: {
    submittedByName: async (queries: Array<{ obj: SubmissionOut }>, ctx: GraphQLContext) => {
      const names = await displayNames(ctx.services.db, queries.map((q) => q.obj.submittedById));
      return queries.map((q) => (q.obj.submittedById && names.get(q.obj.submittedById)) ?? null);
    },
    reviewedByName: async (queries: Array<{ obj: SubmissionOut }>, ctx: GraphQLContext) => {
      const names = await displayNames(ctx.services.db, queries.map((q) => q.obj.reviewedById));
      return queries.map((q) => (q.obj.reviewedById && names.get(q.obj.reviewedById)) ?? null);
    },
    pendingUnlock: async (queries: Array<{ obj: SubmissionOut }>, ctx: GraphQLContext) => {
      const pending = await pendingUnlocks(ctx.services.db, queries.map((q) => q.obj.id));
      return queries.map((q) => {
        const u = pending.get(q.obj.id);
        return u ? unlockOut(u) : null;
      });
    },
  },
};

export const reviewModule: GraphQLModule = { typeDefs, resolvers, loaders };
