// Why: "one import of a kind at a time" must hold across every app instance sharing the database, so
// the lock is a row in PostgreSQL, not process memory. It is taken in its own short statement before
// the upload is read (a busy kind answers IMPORT_RUNNING at once), released when the import ends, and
// expires on its own if its holder died mid-import.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { Problem } from '../problems';

export type ImportKind = 'geo' | 'providers';


/** Longer than any import may take (the read budget plus the writes); only matters after a crash. */
export const IMPORT_LOCK_TTL_SECONDS = 30 * 60;

export interface ImportLock {
  kind: ImportKind;
  holder: string;
  release: () => Promise<void>;
}

/** Takes the kind's lock or throws IMPORT_RUNNING (409). */
export async function acquireImportLock(db: Kysely<Database>, kind: ImportKind, holder: string = randomUUID()): Promise<ImportLock> {
  const taken = await db
    .insertInto('import_lock')
    .values({ kind, holder, started_at: sql`now()`, expires_at: sql`now() + make_interval(secs => ${IMPORT_LOCK_TTL_SECONDS})` })
    .onConflict((oc) =>
      oc
        .column('kind')
        .doUpdateSet({ holder: sql`excluded.holder`, started_at: sql`excluded.started_at`, expires_at: sql`excluded.expires_at` })
        .where('import_lock.expires_at', '<', sql<Date>`now()`),
    )
    .returning('holder')
    .executeTakeFirst();
  if (taken?.holder !== holder) throw new Problem('IMPORT_RUNNING');
  let released = false;
  return {
    kind,
    holder,
    release: async () => {
      if (released) return;
      released = true;
      await db.deleteFrom('import_lock').where('kind', '=', kind).where('holder', '=', holder).execute();
    },
  };
}
