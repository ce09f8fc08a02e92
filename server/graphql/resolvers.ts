// Thin resolvers: parse arguments, call a service, map rows to the GraphQL shape. No rules here.
import type { IResolvers, MercuriusLoaders } from 'mercurius';
import { can, requireActor } from '../auth/permissions';
import { setUserLocale } from '../users/users.repository';
import {
  definitionDiff,
  getDefinition,
  listDefinitions,
  newDraft,
  publish,
  retire,
  saveDraft,
} from '../definitions/definitions.service';
import { listVersions, type DefinitionRow, type DefinitionStatus } from '../definitions/definitions.repository';
import { scopeOf, type Scope } from '../auth/scope';
import { countByKeys } from '../submissions/submissions.repository';
import { Problem } from '../core/problems';
import { getSubmission, listSubmissions, submit, updateSubmission, type SubmitInput } from '../submissions/submissions.service';
import type { SubmissionRow } from '../submissions/submissions.repository';
import type { SubmissionFilter } from '../submissions/submission-filter';
import { inTransaction, type GraphQLContext } from './context';
import { JSONScalar } from './json-scalar';
import type { GraphQLModule } from './module';
import { typeDefs } from './schema';

const LOCALES = ['km', 'en'];

function definitionOut(row: DefinitionRow) {
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

export function submissionOut(row: SubmissionRow) {
  return {
    id: row.id,
    definitionKey: row.definition_key,
    definitionVersion: row.definition_version,
    geoCode: row.geo_code,
    period: row.period,
    data: row.data,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

type DefinitionOut = ReturnType<typeof definitionOut>;

const resolvers: IResolvers<any, GraphQLContext> = {
  JSON: JSONScalar,
  Definition: {
    title: (def: DefinitionOut, args: { locale?: string | null }, ctx: GraphQLContext) => {
      const titles = (def.schema as Record<string, unknown>)['x-title'] as Record<string, string> | undefined;
      const locale = args.locale ?? ctx.actor?.locale ?? 'km';
      return titles?.[locale] ?? titles?.en ?? def.key;
    },
  },
  SubmissionConnection: {
    // A resolver (not a property) so the count query runs only when asked for.
    totalCount: (conn: { countTotal: () => Promise<number> }) => conn.countTotal(),
  },
  Query: {
    me: (_root, _args, ctx) =>
      ctx.actor && {
        username: ctx.actor.username,
        displayName: ctx.actor.displayName,
        locale: ctx.actor.locale,
        mustChangePassword: ctx.actor.mustChangePassword,
        grants: ctx.actor.grants.map((g) => ({ role: g.role, scope: g.geoCode })),
      },
    definitions: async (_root, args: { status?: string | null; kind?: string | null }, ctx) =>
      (await listDefinitions(ctx.services.db, ctx.actor, args.status?.toLowerCase() as DefinitionStatus | undefined))
        .filter((d) => d.kind === (args.kind ?? 'form'))
        .map(definitionOut),
    definition: async (_root, args: { key: string; version?: number | null }, ctx) => {
      const row = await getDefinition(ctx.services.db, ctx.actor, args.key, args.version ?? undefined);
      return row && definitionOut(row);
    },
    definitionDiff: (_root, args: { key: string; from: number; to: number }, ctx) =>
      definitionDiff(ctx.services.db, ctx.actor, args.key, args.from, args.to),
    submission: async (_root, args: { id: string }, ctx) => {
      const row = await getSubmission(ctx.services.db, ctx.actor, args.id);
      return row && submissionOut(row);
    },
    submissions: async (_root, args: { definitionKey: string; first?: number | null; after?: string | null; filter?: SubmissionFilter | null }, ctx) => {
      const page = await listSubmissions(ctx.services.db, ctx.actor, args.definitionKey, args.first ?? 50, args.after, args.filter ?? {});
      const edges = page.rows.map((r) => ({ node: submissionOut(r), cursor: r.seq }));
      return {
        edges,
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
        countTotal: page.totalCount,
      };
    },
  },
  Mutation: {
    saveDraft: (_root, args: { key: string; schema: unknown }, ctx) =>
      inTransaction(ctx, async (trx) => definitionOut(await saveDraft(trx, ctx.actor, args.key, args.schema))),
    newDraft: (_root, args: { key: string; fromVersion?: number | null }, ctx) =>
      inTransaction(ctx, async (trx) => definitionOut(await newDraft(trx, ctx.actor, args.key, args.fromVersion ?? undefined))),
    publish: (_root, args: { key: string }, ctx) => inTransaction(ctx, async (trx) => definitionOut(await publish(trx, ctx.actor, args.key))),
    retire: (_root, args: { key: string }, ctx) =>
      inTransaction(ctx, async (trx) => definitionOut(await retire(trx, ctx.actor, args.key, ctx.services.definitions))),
    // The one write of `submit` is a single atomic statement (row + audit event), so it needs no
    // explicit transaction: that saves two round trips on the busiest path (docs/decisions.md).
    submit: async (_root, args: { input: SubmitInput }, ctx) => submissionOut(await submit(ctx.services.db, ctx.actor, args.input, ctx.services)),
    updateSubmission: (_root, args: { id: string; data: unknown; geoCode?: string | null }, ctx) =>
      inTransaction(ctx, async (trx) => submissionOut(await updateSubmission(trx, ctx.actor, args.id, args.data, ctx.services, args.geoCode))),
    setLocale: async (_root, args: { locale: string }, ctx) => {
      const who = requireActor(ctx.actor);
      if (!LOCALES.includes(args.locale)) throw new Problem('BAD_INPUT', { errors: [{ path: 'locale', keyword: 'enum', message: { en: 'Use km or en.', km: 'សូមប្រើ km ឬ en។' } }] });
      await setUserLocale(ctx.services.db, who.id, args.locale);
      return true;
    },
  },
};

/** Batched fields (one query per request, not per definition). */
const loaders: MercuriusLoaders<GraphQLContext> = {
  Definition: {
    submissionCount: async (queries: Array<{ obj: DefinitionOut }>, ctx: GraphQLContext) => {
      // Counted inside the reader's area, like every list; none without the right to read data.
      const scope: Scope = ctx.actor ? scopeOf(ctx.actor, 'submission.read') : { all: false, prefixes: [] };
      const counts = await countByKeys(ctx.services.db, [...new Set(queries.map((q) => q.obj.key))], scope);
      return queries.map((q) => counts.get(q.obj.key) ?? 0);
    },
    versions: async (queries: Array<{ obj: DefinitionOut }>, ctx: GraphQLContext) => {
      const byKey = await listVersions(ctx.services.db, [...new Set(queries.map((q) => q.obj.key))]);
      // Drafts stay visible to editors only, as in the definition lists.
      const editor = ctx.actor !== null && can(ctx.actor, 'definition.edit');
      return queries.map((q) => (byKey.get(q.obj.key) ?? []).filter((r) => editor || r.status !== 'draft').map(definitionOut));
    },
  },
};

export const coreModule: GraphQLModule = { typeDefs, resolvers, loaders };
