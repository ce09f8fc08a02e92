// GraphQL of the monthly report's narrative: read it (report readers) and write it (report.write,
// inside one's area). Report templates are definitions (`definitions(kind: "report")`, saveDraft,
// publish); the report itself is a page (GET /reports/progress). Thin: arguments → narrative.service.
import type { GraphQLModule } from '../graphql/module';
import type { Resolvers } from '../graphql/generated/resolvers-types';
import { inTransaction } from '../graphql/context';
import { getNarrative, saveNarrative } from './narrative.service';

const typeDefs = /* GraphQL */ `
  type ReportNarrativeHtml { km: String!, en: String! }
  "What officers write in the monthly report for one month and area (Markdown, Khmer and English)."
  type ReportNarrative {
    month: String!
    "NCDD code of the area; empty for the whole country."
    area: String!
    km: String!
    en: String!
    "Both texts rendered to safe HTML (the help pages' renderer)."
    html: ReportNarrativeHtml!
    updatedBy: String
    updatedAt: String
  }
  extend type Query {
    "The narrative of a month (YYYY-MM) and area (empty when none is written yet)."
    reportNarrative(month: String!, area: String!): ReportNarrative!
  }
  extend type Mutation {
    "Writes the narrative of a month and area (report.write in that area)."
    saveReportNarrative(month: String!, area: String!, km: String!, en: String!): ReportNarrative!
  }
`;

const resolvers: Resolvers = {
  Query: {
    reportNarrative: (_parent, args, ctx) => getNarrative(ctx.services.db, ctx.actor, args.month, args.area),
  },
  Mutation: {
    saveReportNarrative: (_parent, args, ctx) => inTransaction(ctx, (trx) => saveNarrative(trx, ctx.actor, args)),
  },
};

export const reportsModule: GraphQLModule = { typeDefs, resolvers };
