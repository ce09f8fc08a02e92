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

/** Moves a running job's updated_at forward (the heartbeat of the instance running it). */
export async function touchGeoJob(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable('geo_import_job').set({ updated_at: sql<Date>`now()` }).where('id', '=', id).where('finished_at', 'is', null).execute();
}

/** The job's document, and whether its last write (progress or heartbeat) is older than `staleMs` (database clock). */
export async function findGeoJob(db: Kysely<Database>, id: string, staleMs: number): Promise<{ state: unknown; stale: boolean } | undefined> {
  const row = await db
    .selectFrom('geo_import_job')
    .select(['state', sql<boolean>`finished_at is null and updated_at < now() - make_interval(secs => ${staleMs / 1000})`.as('stale')])
    .where('id', '=', id)
    .executeTakeFirst();
  return row && { state: row.state, stale: row.stale };
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
