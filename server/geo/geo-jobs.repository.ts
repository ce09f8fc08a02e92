// Geography import jobs shared by every instance (migrations/20261201150000_create_geo_import_job.ts).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

export async function insertGeoJob(db: Kysely<Database>, id: string, state: unknown): Promise<void> {
  await db.insertInto('geo_import_job').values({ id, state: JSON.stringify(state) }).execute();
}

export async function updateGeoJob(db: Kysely<Database>, id: string, state: unknown, finished: boolean): Promise<void> {
  await db
    .updateTable('geo_import_job')
    .set({ state: JSON.stringify(state), updated_at: sql<Date>`now()`, ...(finished ? { finished_at: sql<Date>`now()` } : {}) })
    .where('id', '=', id)
    .execute();
}

export async function findGeoJob(db: Kysely<Database>, id: string): Promise<unknown> {
  const row = await db.selectFrom('geo_import_job').select('state').where('id', '=', id).executeTakeFirst();
  return row?.state;
}

/** Drops finished jobs older than `keepMs`, and all but the newest `keepCount` finished ones. */
export async function pruneGeoJobs(db: Kysely<Database>, keepMs: number, keepCount: number): Promise<void> {
  await db
    .deleteFrom('geo_import_job')
    .where('finished_at', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('finished_at', '<', sql<Date>`now() - make_interval(secs => ${keepMs / 1000})`),
        eb('id', 'not in', eb.selectFrom('geo_import_job').select('id').where('finished_at', 'is not', null).orderBy('finished_at', 'desc').limit(keepCount)),
      ]),
    )
    .execute();
}
