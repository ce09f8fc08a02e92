// Why: "one import of a kind at a time" must hold across every app instance sharing the database, so
// the lock is a row in PostgreSQL, not process memory. It is taken in its own short statement before
// the upload is read (a busy kind answers IMPORT_RUNNING at once), released when the import ends, and
// is a lease: the holder renews it every IMPORT_LOCK_RENEW_SECONDS, so a holder that died mid-import
// lets the next import start within IMPORT_LOCK_TTL_SECONDS (a minute, not half an hour).
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { Problem } from '../problems';

/**
 * `data:<form key>`: one submission import per form at a time (data-import-jobs.ts). `export:<job id>`:
 * the lease of one background export (exports/export-jobs.ts), which tells a live job from a lost one.
 */
export type ImportKind = 'geo' | 'providers' | `data:${string}` | `export:${string}`;


/** How long the lease lasts without a renewal (only matters after a crash). */
export const IMPORT_LOCK_TTL_SECONDS = 60;
/** How often a live holder renews it. */
export const IMPORT_LOCK_RENEW_SECONDS = 15;

/** The end of a lease taken or renewed now. */
const leaseEnd = () => sql<Date>`now() + make_interval(secs => ${IMPORT_LOCK_TTL_SECONDS})`;

export interface ImportLock {
  kind: ImportKind;
  holder: string;
  release: () => Promise<void>;
}

/** Takes the kind's lock or throws IMPORT_RUNNING (409). */
export async function acquireImportLock(db: Kysely<Database>, kind: ImportKind, holder: string = randomUUID()): Promise<ImportLock> {
  const taken = await db
    .insertInto('import_lock')
    .values({ kind, holder, started_at: sql`now()`, expires_at: leaseEnd() })
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
  // Renewals fail quietly: a lost renewal only shortens the lease (the next one extends it again).
  const renew = setInterval(() => void renewImportLock(db, kind, holder).catch(() => undefined), IMPORT_LOCK_RENEW_SECONDS * 1000);
  renew.unref();
  return {
    kind,
    holder,
    release: async () => {
      if (released) return;
      released = true;
      clearInterval(renew);
      await db.deleteFrom('import_lock').where('kind', '=', kind).where('holder', '=', holder).execute();
    },
  };
}

/** Extends the holder's lease by IMPORT_LOCK_TTL_SECONDS from now (a lease already taken over is left alone). */
export async function renewImportLock(db: Kysely<Database>, kind: ImportKind, holder: string): Promise<void> {
  await db
    .updateTable('import_lock')
    .set({ expires_at: leaseEnd() })
    .where('kind', '=', kind)
    .where('holder', '=', holder)
    .execute();
}
