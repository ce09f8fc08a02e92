// GraphQL for indicators: definitions (published like forms, through saveDraft/publish), what they
// read, and their values by area, period and category.
import type { GraphQLContext } from '../graphql/context';
import type { GraphQLModule } from '../graphql/module';
import type { Resolvers } from '../graphql/generated/resolvers-types';
import { problemCatalog, type ProblemCode } from '../core/problems';
import { getIndicator, indicatorRefreshedAt, indicatorValues, indicatorWarnings, listIndicators, refreshStatus, type RefreshStatus, type ValuesArgs } from './indicators.service';
import { previewIndicator, type PreviewArgs } from './preview.service';
import type { IndicatorDefinitionRow } from '../db/schema';

const typeDefs = /* GraphQL */ `
  type Indicator {
    key: String!
    version: Int!
    status: DefinitionStatus!
    title(locale: String): String!
    description(locale: String): String
    definition: JSON!
    target: Float
    baseline: Float
    unit(locale: String): String
    decimals: Int!
    "Grouping dimensions: province, district, commune, year, quarter, month and the category keys."
    dimensions: [String!]!
    "Form versions that lack a field this indicator reads."
    warnings: [IndicatorWarning!]!
    "When its roll-ups were last brought up to date (null while the first build runs)."
    refreshedAt: String
    "How its roll-ups stand, with the last failure (null unless you may edit indicators)."
    refreshStatus: IndicatorRefreshStatus
  }
  enum IndicatorRefreshState { BUILDING FRESH FAILED }
  type IndicatorRefreshError {
    "INVALID_DEFINITION (the definition does not compile; path names the part) or INDICATOR_REFRESH_FAILED."
    code: String!
    path: String
    message(locale: String): String!
    "The technical reason, for whoever fixes it."
    detail: String
  }
  type IndicatorRefreshStatus {
    "FAILED while the last pass failed (values are those of the last successful pass)."
    state: IndicatorRefreshState!
    error: IndicatorRefreshError
    failedAt: String
    "When the values were last brought up to date (null before the first successful build)."
    freshThrough: String
  }
  type IndicatorWarning { form: String! version: Int! path: String! }
  type IndicatorValue {
    dimensions: JSON!
    value: Float
    numerator: Float
    denominator: Float
    target: Float
    "Value of the previous period of the same group, when grouped by a period."
    previous: Float
    change: Float
  }
  type IndicatorProblem { code: String! path: String! message: JSON! }
  type IndicatorPreview {
    values: [IndicatorValue!]!
    warnings: [IndicatorWarning!]!
    "Why the draft cannot be computed yet (empty when it is valid)."
    problems: [IndicatorProblem!]!
    "The preview reads at most this many of the newest submissions of each source form."
    sample: Int!
  }
  extend type Query {
    "Computes a draft indicator definition on current data (editors only), for the builder's live preview."
    indicatorPreview(definition: JSON!, groupBy: [String!], period: String, scope: String): IndicatorPreview!
    indicators: [Indicator!]!
    indicator(key: String!, version: Int): Indicator
    indicatorValues(key: String!, version: Int, groupBy: [String!], period: String, scope: String): [IndicatorValue!]!
  }
`;

const text = (t: Record<string, string> | undefined, locale: string) => (t ? t[locale] ?? t.en ?? null : null);

function indicatorOut(row: IndicatorDefinitionRow) {
  const def = row.schema;
  return { key: row.key, version: row.version, status: row.status.toUpperCase(), def, definition: row.schema };
}
export type IndicatorOut = ReturnType<typeof indicatorOut>;
export type RefreshErrorOut = NonNullable<RefreshStatus['error']>;
const localeOf = (args: { locale?: string | null }, ctx: GraphQLContext) => args.locale ?? ctx.actor?.locale ?? 'km';

export const indicatorsModule: GraphQLModule = {
  typeDefs,
  resolvers: {
    Indicator: {
      title: (i, args, ctx) => text(i.def['x-title'], localeOf(args, ctx)) ?? i.key,
      description: (i, args, ctx) => text(i.def['x-description'], localeOf(args, ctx)),
      unit: (i, args, ctx) => text(i.def.unit, localeOf(args, ctx)),
      target: (i) => i.def.target ?? null,
      baseline: (i) => i.def.baseline ?? null,
      decimals: (i) => i.def.decimals ?? 1,
      dimensions: (i) => ['province', 'district', 'commune', 'year', 'quarter', 'month', ...(i.def.categories ?? []).map((c) => c.key)],
      warnings: (i, _a, ctx) => indicatorWarnings(ctx.services.db, i.def),
      refreshedAt: (i, _a, ctx) => indicatorRefreshedAt(ctx.services.db, i.key, i.version),
      refreshStatus: (i, _a, ctx) => refreshStatus(ctx.services.db, ctx.actor, i.key, i.version),
    },
    IndicatorRefreshError: {
      message: (e, args, ctx) => {
        const entry = problemCatalog[e.code as ProblemCode] ?? problemCatalog.INDICATOR_REFRESH_FAILED;
        return localeOf(args, ctx) === 'en' ? entry.en : entry.km;
      },
    },
    Query: {
      indicators: async (_r, _a, ctx) => (await listIndicators(ctx.services.db, ctx.actor)).map(indicatorOut),
      indicator: async (_r, args, ctx) => {
        const row = await getIndicator(ctx.services.db, ctx.actor, args.key, args.version);
        return row && indicatorOut(row);
      },
      indicatorValues: (_r, args, ctx) => indicatorValues(ctx.services.db, ctx.actor, args),
      indicatorPreview: (_r, args, ctx) => previewIndicator(ctx.services.db, ctx.actor, args),
    },
  },
};
