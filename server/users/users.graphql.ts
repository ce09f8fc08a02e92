// GraphQL for users, sessions and the audit log (thin: arguments → services → output shapes).
import type { Grant } from '../auth/actor';
import { searchAudit, type AuditFilter } from '../audit/audit.service';
import { inTransaction, type GraphQLContext } from '../graphql/context';
import type { GraphQLModule } from '../graphql/module';
import type { Resolvers } from '../graphql/generated/resolvers-types';
import { Problem } from '../core/problems';
import { changePassword, createUser, grantsOfManyUsers, listUsers, mySessions, resetPassword, revokeSession, setDisabled, setLocale, updateUser, wrongCurrentPassword } from './users.service';
import type { SessionRow, UserRow } from '../db/schema';

const typeDefs = /* GraphQL */ `
  type Grant { role: String! scope: String! }
  type Me { username: String! displayName: String! locale: String! mustChangePassword: Boolean! trainingMode: Boolean! grants: [Grant!]! }

  type User {
    username: String!
    displayName: String!
    locale: String!
    disabled: Boolean!
    mustChangePassword: Boolean!
    createdAt: String!
    grants: [Grant!]!
    "Only in the answer to createUser when no password was given: shown once, to hand to the user."
    temporaryPassword: String
  }
  input GrantInput { role: String! scope: String! }
  input CreateUserInput { username: String! password: String displayName: String! locale: String grants: [GrantInput!]! mustChangePassword: Boolean }
  input UpdateUserInput { displayName: String locale: String grants: [GrantInput!] }
  type SessionInfo { id: ID! createdAt: String! expiresAt: String! kind: String! ip: String userAgent: String current: Boolean! }
  type AuditEvent { id: ID! at: String! actor: String action: String! entity: String! entityId: String! before: JSON after: JSON ip: String }
  type AuditEdge { node: AuditEvent! cursor: String! }
  type AuditConnection { edges: [AuditEdge!]! pageInfo: PageInfo! }
  input AuditFilter { actor: String action: String entity: String entityId: String from: String to: String }

  extend type Query {
    me: Me
    users(search: String): [User!]!
    mySessions: [SessionInfo!]!
    auditLog(first: Int, after: String, filter: AuditFilter): AuditConnection!
  }
  extend type Mutation {
    createUser(input: CreateUserInput!): User!
    updateUser(username: String!, input: UpdateUserInput!): User!
    disableUser(username: String!): User!
    enableUser(username: String!): User!
    "Sets a new temporary password (returned once); the user must change it at next sign-in."
    resetPassword(username: String!): String!
    changePassword(currentPassword: String!, newPassword: String!): Boolean!
    revokeSession(id: ID!): Boolean!
    setLocale(locale: String!): Boolean!
  }
`;

type GrantInput = { role: string; scope: string };
const toGrants = (grants: GrantInput[]): Grant[] => grants.map((g) => ({ role: g.role, geoCode: g.scope }));

function userOut(row: UserRow, temporaryPassword: string | null = null) {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    locale: row.locale,
    disabled: row.disabled_at !== null,
    mustChangePassword: row.must_change_password,
    createdAt: row.created_at.toISOString(),
    temporaryPassword,
  };
}

function sessionOut(row: SessionRow, currentId: string) {
  return { id: row.id, createdAt: row.created_at.toISOString(), expiresAt: row.expires_at.toISOString(), kind: row.kind, ip: row.ip, userAgent: row.user_agent, current: row.id === currentId };
}

export const usersModule: GraphQLModule = {
  typeDefs,
  resolvers: {
    Query: {
      me: (_r, _a, ctx) =>
        ctx.actor && {
          username: ctx.actor.username,
          displayName: ctx.actor.displayName,
          locale: ctx.actor.locale,
          mustChangePassword: ctx.actor.mustChangePassword,
          trainingMode: ctx.actor.trainingMode,
          grants: ctx.actor.grants.map((g) => ({ role: g.role, scope: g.geoCode })),
        },
      users: async (_r, args, ctx) => (await listUsers(ctx.services.db, ctx.actor, args.search ?? undefined)).map((u) => userOut(u)),
      mySessions: async (_r, _a, ctx) => (await mySessions(ctx.services.db, ctx.actor)).map((s) => sessionOut(s, ctx.actor!.sessionId)),
      auditLog: async (_r, args, ctx) => {
        const page = await searchAudit(ctx.services.db, ctx.actor, args.filter ?? {}, args.first ?? 50, args.after);
        const edges = page.rows.map((r) => ({
          cursor: String(r.id),
          node: { id: String(r.id), at: r.at.toISOString(), actor: r.actor_name, action: r.action, entity: r.entity, entityId: r.entity_id, before: r.before, after: r.after, ip: r.ip },
        }));
        return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
      },
    },
    Mutation: {
      createUser: (_r, args, ctx) =>
        inTransaction(ctx, async (trx) => {
          const created = await createUser(trx, ctx.actor, { ...args.input, grants: toGrants(args.input.grants) });
          return userOut(created.user, created.temporaryPassword);
        }),
      updateUser: (_r, args, ctx) =>
        inTransaction(ctx, async (trx) =>
          userOut(await updateUser(trx, ctx.actor, args.username, {
            displayName: args.input.displayName ?? undefined,
            locale: args.input.locale ?? undefined,
            grants: args.input.grants ? toGrants(args.input.grants) : undefined,
          })),
        ),
      disableUser: (_r, args, ctx) => inTransaction(ctx, async (trx) => userOut(await setDisabled(trx, ctx.actor, args.username, true))),
      enableUser: (_r, args, ctx) => inTransaction(ctx, async (trx) => userOut(await setDisabled(trx, ctx.actor, args.username, false))),
      resetPassword: (_r, args, ctx) => inTransaction(ctx, (trx) => resetPassword(trx, ctx.actor, args.username)),
      changePassword: async (_r, args, ctx) => {
        if (!ctx.actor) throw new Problem('UNAUTHENTICATED');
        // Tries of the current password are throttled like sign-ins (in PostgreSQL, outside the transaction).
        const { throttle } = ctx.services;
        const userId = ctx.actor.id;
        const wait = await throttle.beginPasswordChange(userId);
        if (wait > 0) throw new Problem('RATE_LIMITED', { retryAfter: wait });
        const outcome = await inTransaction(ctx, (trx) => changePassword(trx, ctx.actor, args.currentPassword, args.newPassword)).catch(async (error: unknown) => {
          await throttle.passwordChangeNotTried(userId);
          throw error;
        });
        if (outcome === 'wrong-current-password') throw wrongCurrentPassword();
        await throttle.passwordChangeSucceeded(userId);
        return true;
      },
      revokeSession: (_r, args, ctx) => inTransaction(ctx, (trx) => revokeSession(trx, ctx.actor, args.id)),
      setLocale: (_r, args, ctx) => setLocale(ctx.services.db, ctx.actor, args.locale),
    },
  },
  loaders: {
    User: {
      grants: async (queries: Array<{ obj: { id: string } }>, ctx: GraphQLContext) => {
        const byUser = await grantsOfManyUsers(ctx.services.db, queries.map((q) => q.obj.id));
        return queries.map((q) => (byUser.get(q.obj.id) ?? []).map((g) => ({ role: g.role, scope: g.geoCode })));
      },
    },
  },
};
