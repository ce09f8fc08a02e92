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

/**
 * The job's document, and whether it is orphaned: unfinished, its import's lease (the import_lock row
 * whose holder is the job id) gone or run out, and no progress write for `staleMs` (database clock;
 * the last condition covers the moment between the lock's release and the job's final write).
 */
export async function findGeoJob(db: Kysely<Database>, id: string, staleMs: number): Promise<{ state: unknown; stale: boolean } | undefined> {
  const row = await db
    .selectFrom('geo_import_job as j')
    .select([
      'j.state',
      sql<boolean>`j.finished_at is null and j.updated_at < now() - make_interval(secs => ${staleMs / 1000})
        and not exists (select 1 from import_lock l where l.kind = 'geo' and l.holder = j.id and l.expires_at > now())`.as('stale'),
    ])
    .where('j.id', '=', id)
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
