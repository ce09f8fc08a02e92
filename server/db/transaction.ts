// One transaction per write request, opened at the edge (routes and mutations), never in services.
import type { Kysely } from 'kysely';
import type { Database } from './schema';

export function inTransactionOf<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(work);
}
