// Per-request GraphQL context: the actor (from session or bearer token) and the shared services.
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import type { LoginThrottle } from '../auth/throttle';
import type { IndicatorRefresher } from '../indicators/refresher';
import type { Config } from '../config';
import type { Database } from '../db/schema';
import { inTransactionOf } from '../db/transaction';
import type { SubmissionDeps } from '../submissions/submissions.service';

export interface AppServices extends SubmissionDeps {
  db: Kysely<Database>;
  config: Config;
  throttle: LoginThrottle;
  indicators: IndicatorRefresher;
}

export interface GraphQLContext {
  actor: Actor | null;
  services: AppServices;
}

/** One transaction per mutation, opened at the edge: the service sees only `trx`. */
export function inTransaction<T>(ctx: GraphQLContext, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return inTransactionOf(ctx.services.db, work);
}
