// First-start content: the `admin` user and the shipped ISAF definitions, published.
// Idempotent: existing users and definition keys are left as they are, except that a newer shipped
// version of a definition nobody has changed is added (see below).
import { isDeepStrictEqual } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { shippedDefinitions } from '../../definitions/index';
import { shippedIndicators } from '../../definitions/indicators/index';
import { shippedHelp } from '../../definitions/help/index';
import { shippedReports } from '../../definitions/reports/index';
import { hashPassword, randomPassword } from '../auth/password';
import { passwordWeakness, weaknessMessage } from '../auth/password-strength';
import { ConfigError } from '../config';
import { countUsers, insertUser } from '../users/users.repository';
import type { Database } from '../db/schema';
import { findLatest, insertDefinition } from '../definitions/definitions.repository';
import { assertDefinition } from '../definitions/definitions.service';
import { seedProvinces } from '../geo/geo-seed';

export interface SeedResult {
  /** Set only when the admin was created now with a generated password (printed once). */
  generatedAdminPassword: string | null;
  adminCreated: boolean;
  /** The admin's user id when it was created now (used to attribute demo data). */
  adminId: string | null;
  definitionsLoaded: string[];
}

/**
 * Key of the transaction-level advisory lock around seeding: instances starting at once on one
 * database seed one after the other (the second finds the admin and definitions and adds nothing).
 * Released at commit or rollback; on PGlite (one connection) it is taken at once.
 */
export const SEED_LOCK_KEY = 1_311_320_261; // 'SA seed', any constant distinct from kysely's migration lock

export async function seed(db: Kysely<Database>, options: { adminPassword: string | undefined }): Promise<SeedResult> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${sql.lit(SEED_LOCK_KEY)})`.execute(trx);
    let generatedAdminPassword: string | null = null;
    let adminCreated = false;
    let adminId: string | null = null;
    if ((await countUsers(trx)) === 0) {
      // A configured ADMIN_PASSWORD must pass the same rule as any chosen password; checked only
      // here, when it is used, so an existing deployment never fails to start because of it.
      const weak = options.adminPassword ? passwordWeakness(options.adminPassword, ['admin', 'Administrator']) : null;
      if (weak) {
        throw new ConfigError(`ADMIN_PASSWORD is too weak: ${weaknessMessage(weak).en} Choose at least 10 characters that are hard to guess (three or four unrelated words), or leave it unset to get a random one.`);
      }
      const password = options.adminPassword ?? randomPassword();
      if (!options.adminPassword) generatedAdminPassword = password;
      adminId = await insertUser(trx, { username: 'admin', displayName: 'Administrator', passwordHash: await hashPassword(password), locale: 'km' }, [
        { role: 'system_admin', geoCode: '' },
      ]);
      adminCreated = true;
    }
    const definitionsLoaded: string[] = [];
    const shipped = [...shippedDefinitions, ...shippedIndicators, ...shippedHelp, ...shippedReports];
    for (const def of shipped) {
      // A new database gets the newest shipped version of each key. A new shipped version follows only
      // the previous shipped version, untouched: a key nobody has versioned since (latest = previous
      // shipped, published, same schema) gets it; others keep theirs. Older versions are history.
      const latest = await findLatest(trx, def.key);
      const newest = !shipped.some((d) => d.key === def.key && d.version > def.version);
      const previous = shipped.find((d) => d.key === def.key && d.version === def.version - 1);
      const follows = latest && previous && latest.version === previous.version && latest.status === 'published' && isDeepStrictEqual(latest.schema, previous.schema);
      if (latest ? !follows : !newest) continue;
      await assertDefinition(def.schema);
      await insertDefinition(trx, { key: def.key, version: def.version, kind: def.kind, status: 'published', schema: def.schema, createdBy: null });
      definitionsLoaded.push(`${def.key}@${def.version}`);
    }
    await seedProvinces(trx);
    return { generatedAdminPassword, adminCreated, adminId, definitionsLoaded };
  });
}
