// Per-request GraphQL context: the actor (from session or bearer token) and the shared services.
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import type { AppServices } from '../core/services';
import type { Database } from '../db/schema';
import { inTransactionOf } from '../db/transaction';

export interface GraphQLContext {
  actor: Actor | null;
  services: AppServices;
}

/** One transaction per mutation, opened at the edge: the service sees only `trx`. */
export function inTransaction<T>(ctx: GraphQLContext, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return inTransactionOf(ctx.services.db, work);
}
