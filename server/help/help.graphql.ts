// GraphQL of the help centre: the list, one page (rendered, both languages), the pages behind a
// product page's "?", and search. Writing goes through the definitions lifecycle (saveDraft,
// publish, retire with an `x-kind: help` schema), allowed to help editors. Thin: arguments →
// help.service → output shapes.
import type { GraphQLModule } from '../graphql/module';
import type { Resolvers } from '../graphql/generated/resolvers-types';
import { Problem } from '../core/problems';
import { getHelpPage, helpForRoute, listHelp, previewHelp, searchHelpPages } from './help.service';

const typeDefs = /* GraphQL */ `
  type HelpText { km: String!, en: String! }
  type HelpHeading { level: Int!, id: String!, text: String! }
  "A page's Markdown rendered to safe HTML (sanitized on the server) and its headings."
  type HelpBody { html: String!, headings: [HelpHeading!]! }
  type HelpTourStep { target: String, title: HelpText!, text: HelpText! }
  type HelpTour { route: String!, steps: [HelpTourStep!]! }

  type HelpSummary {
    key: String!
    version: Int!
    "page or course"
    type: String!
    title: HelpText!
    summary: HelpText
    audience: [String!]!
    topic: String
    routes: [String!]!
    hasTour: Boolean!
    publishedAt: String
  }

  type HelpPage {
    key: String!
    version: Int!
    status: DefinitionStatus!
    type: String!
    title: HelpText!
    summary: HelpText
    audience: [String!]!
    topic: String
    routes: [String!]!
    publishedAt: String
    km: HelpBody!
    en: HelpBody!
    tour: HelpTour
    "Courses: their pages in teaching order."
    modules: [HelpSummary!]!
  }

  type HelpHit {
    page: HelpSummary!
    "Text around the first match."
    excerpt: String!
  }

  type HelpLinkProblem { line: Int!, url: String!, message: HelpText! }
  type HelpPreview { html: String!, problems: [HelpLinkProblem!]! }

  extend type Query {
    "Markdown as it will show, and the links it would drop (help editors; the editor's preview)."
    helpPreview(markdown: String!, lang: String!): HelpPreview!
    "Every published help page (no sign-in needed)."
    helpPages: [HelpSummary!]!
    "The published page, or a given version (drafts included) for help editors."
    helpPage(key: String!, version: Int): HelpPage
    "The pages a product page's ? opens (route id, e.g. /forms/[key])."
    helpForRoute(route: String!): [HelpSummary!]!
    "Pages containing the words (Khmer or English, any part of a word)."
    helpSearch(q: String!, lang: String!): [HelpHit!]!
  }
`;

const STATUS = { draft: 'DRAFT', published: 'PUBLISHED', retired: 'RETIRED' } as const;

function lang(value: string): 'km' | 'en' {
  if (value === 'km' || value === 'en') return value;
  throw new Problem('BAD_INPUT', { errors: [{ path: 'lang', keyword: 'enum', message: { en: 'km or en', km: 'km ឬ en' } }] });
}

const resolvers: Resolvers = {
  Query: {
    helpPreview: (_parent, args, ctx) => previewHelp(ctx.actor, args.markdown, lang(args.lang)),
    helpPages: (_parent, _args, ctx) => listHelp(ctx.services.db),
    helpPage: async (_parent, args, ctx) => {
      const page = await getHelpPage(ctx.services.db, ctx.actor, args.key, args.version ?? undefined);
      if (!page) return null;
      const { body, ...rest } = page;
      return { ...rest, status: STATUS[page.status], km: body.km, en: body.en };
    },
    helpForRoute: (_parent, args, ctx) => helpForRoute(ctx.services.db, args.route),
    helpSearch: async (_parent, args, ctx) =>
      (await searchHelpPages(ctx.services.db, args.q, lang(args.lang))).map(({ excerpt, ...page }) => ({ page, excerpt })),
  },
};

export const helpModule: GraphQLModule = { typeDefs, resolvers };
