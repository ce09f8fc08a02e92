// First-start content: the `admin` user and the shipped ISAF definitions as published v1.
// Idempotent: existing users and definition keys are left as they are.
import type { Kysely } from 'kysely';
import { shippedDefinitions } from '../../definitions/index';
import { shippedIndicators } from '../../definitions/indicators/index';
import { hashPassword, randomPassword } from '../auth/password';
import { countUsers, insertUser } from '../auth/users.repository';
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

export async function seed(db: Kysely<Database>, options: { adminPassword: string | undefined }): Promise<SeedResult> {
  return db.transaction().execute(async (trx) => {
    let generatedAdminPassword: string | null = null;
    let adminCreated = false;
    let adminId: string | null = null;
    if ((await countUsers(trx)) === 0) {
      const password = options.adminPassword ?? randomPassword();
      if (!options.adminPassword) generatedAdminPassword = password;
      adminId = await insertUser(trx, { username: 'admin', displayName: 'Administrator', passwordHash: await hashPassword(password), locale: 'km' }, [
        { role: 'system_admin', geoCode: '' },
      ]);
      adminCreated = true;
    }
    const definitionsLoaded: string[] = [];
    for (const def of [...shippedDefinitions, ...shippedIndicators]) {
      if (await findLatest(trx, def.key)) continue;
      await assertDefinition(def.schema);
      await insertDefinition(trx, { key: def.key, version: def.version, kind: def.kind, status: 'published', schema: def.schema, createdBy: null });
      definitionsLoaded.push(`${def.key}@${def.version}`);
    }
    await seedProvinces(trx);
    return { generatedAdminPassword, adminCreated, adminId, definitionsLoaded };
  });
}
