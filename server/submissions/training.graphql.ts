// GraphQL for training mode: the switch, what training data is in reach, and its removal. Thin: every
// rule is in training.service.ts.
import { inTransaction } from '../graphql/context';
import type { GraphQLModule } from '../graphql/module';
import type { Resolvers } from '../graphql/generated/resolvers-types';
import { removeTrainingData, setTrainingMode, trainingSummary } from './training.service';

const typeDefs = /* GraphQL */ `
  type TrainingForm { key: String! count: Int! }
  "Training records the caller may remove: in their area (AREA, with training.manage) or their own (OWN)."
  type TrainingSummary { reach: String! total: Int! forms: [TrainingForm!]! }
  extend type Query {
    trainingSummary: TrainingSummary!
  }
  extend type Mutation {
    "Turns the caller's training mode on or off; records made while it is on are training records."
    setTrainingMode(on: Boolean!): Boolean!
    "Deletes every training record in reach (one transaction); returns how many."
    removeTrainingData: Int!
  }
`;

const resolvers: Resolvers = {
  Query: {
    trainingSummary: async (_r, _a, ctx) => {
      const s = await trainingSummary(ctx.services.db, ctx.actor);
      return { reach: s.reach.toUpperCase(), total: s.total, forms: s.forms.map((f) => ({ key: f.key, count: f.n })) };
    },
  },
  Mutation: {
    setTrainingMode: (_r, args, ctx) => inTransaction(ctx, (trx) => setTrainingMode(trx, ctx.actor, args.on)),
    removeTrainingData: (_r, _a, ctx) => inTransaction(ctx, (trx) => removeTrainingData(trx, ctx.actor)),
  },
};

export const trainingModule: GraphQLModule = { typeDefs, resolvers };
