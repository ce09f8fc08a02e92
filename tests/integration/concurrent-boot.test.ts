// Issue 13 part 1: several instances starting at once on one fresh database. Both migrate and seed
// at the same moment (Promise.all); both boot, and the database holds exactly one admin, one copy
// of each shipped definition and every migration once. PGlite (one connection) still boots.
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { shippedDefinitions } from '../../definitions/index';
import { shippedIndicators } from '../../definitions/indicators/index';
import { shippedHelp } from '../../definitions/help/index';
import { shippedReports } from '../../definitions/reports/index';
import { buildApp } from '../../server/app';
import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema';
import { closeSharedPglite, createTestDatabase, testEngines } from '../helpers/databases';
import { instanceConfig, twoInstances } from '../helpers/instances';
import { login } from '../helpers/app';
import { TEMPLATE_ADMIN_PASSWORD } from '../helpers/template';

const engines = await testEngines();
afterAll(closeSharedPglite);

async function expectSeededOnce(db: Kysely<Database>) {
  const users = await db.selectFrom('app_user').select('username').execute();
  expect(users.map((u) => u.username)).toEqual(['admin']);
  const defs = await db.selectFrom('definition').select(['key', (eb) => eb.fn.countAll().as('n')]).groupBy('key').execute();
  const keys = new Set([...shippedDefinitions, ...shippedIndicators, ...shippedHelp, ...shippedReports].map((d) => d.key));
  expect(new Set(defs.map((d) => d.key))).toEqual(keys);
  expect(defs.every((d) => Number(d.n) === 1)).toBe(true);
  const { rows } = await sql<{ name: string; n: string }>`select name, count(*) as n from kysely_migration group by name having count(*) > 1`.execute(db);
  expect(rows).toEqual([]);
}

describe.each(engines)('booting on a fresh %s database', (engine) => {
  it.skipIf(engine !== 'postgres')('two instances starting at once both boot and seed exactly once', { timeout: 120_000 }, async () => {
    for (let round = 0; round < 2; round++) {
      const { a, b, close } = await twoInstances({ fresh: true });
      try {
        expect(a.seeded.adminCreated !== b.seeded.adminCreated).toBe(true);
        expect([...a.seeded.definitionsLoaded, ...b.seeded.definitionsLoaded].length).toBe(
          Math.max(a.seeded.definitionsLoaded.length, b.seeded.definitionsLoaded.length),
        );
        await expectSeededOnce(a.services.db);
        await login(a.app, 'admin', TEMPLATE_ADMIN_PASSWORD);
        await login(b.app, 'admin', TEMPLATE_ADMIN_PASSWORD);
      } finally {
        await close();
      }
    }
  });

  it.skipIf(engine !== 'pglite')('one instance on PGlite migrates and seeds under the seeding lock', { timeout: 120_000 }, async () => {
    const handle = await createTestDatabase('pglite');
    const built = await buildApp(instanceConfig(), { logger: false, web: false, indicatorRefresh: false, database: handle });
    try {
      expect(built.seeded.adminCreated).toBe(true);
      await expectSeededOnce(built.services.db);
      await login(built.app, 'admin', TEMPLATE_ADMIN_PASSWORD);
    } finally {
      await built.app.close();
    }
  });
});
