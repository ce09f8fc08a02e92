// Migration 20261201130000 on a database that already holds submissions (PGlite and PostgreSQL):
// `submitted` rows become `received`, edited rows get the version after their edits, old history rows
// learn the version and state their edit made; new rows default to `received`; down restores.
import { randomUUID } from 'node:crypto';
import { sql, Migrator, type Kysely } from 'kysely';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeSharedPglite, createTestDatabase, testEngines } from '../helpers/databases';

const engines = await testEngines();
afterAll(closeSharedPglite);

const REVIEW_MIGRATION = '20261201130000_add_submission_review';
const dir = fileURLToPath(new URL('../../migrations/', import.meta.url));

async function migrator(db: Kysely<any>): Promise<Migrator> {
  const files = (await readdir(dir)).filter((f) => /^\d{14}_[a-z0-9_]+\.ts$/.test(f)).sort();
  const migrations = Object.fromEntries(await Promise.all(files.map(async (f) => [f.replace(/\.ts$/, ''), await import(pathToFileURL(join(dir, f)).href)] as const)));
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableSchema: rows[0]!.schema });
}

describe.each(engines)('review migration on %s', (engine) => {
  it('moves existing rows to the review states and versions, and back', async () => {
    const handle = await createTestDatabase(engine);
    const db = handle.db as Kysely<any>;
    try {
      const m = await migrator(db);
      const all = await m.getMigrations();
      const before = all[all.findIndex((x) => x.name === REVIEW_MIGRATION) - 1]!.name;
      expect((await m.migrateTo(before)).error).toBeUndefined();
      const { id: user } = await db.insertInto('app_user').values({ username: 'u', display_name: 'U', password_hash: 'x' }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('definition').values({ key: 'f', version: 1, kind: 'form', status: 'published', schema: JSON.stringify({}), published_at: new Date() }).execute();
      const [plain, edited] = [randomUUID(), randomUUID()];
      for (const id of [plain, edited]) await db.insertInto('submission').values({ id, definition_key: 'f', definition_version: 1, data: JSON.stringify({ n: 1 }), submitted_by: user }).execute();
      for (const version of [1, 2]) await db.insertInto('submission_version').values({ submission_id: edited, version, data: JSON.stringify({ n: version }), status: 'submitted', edited_by: user }).execute();

      expect((await m.migrateTo(REVIEW_MIGRATION)).error).toBeUndefined();
      const rows = await db.selectFrom('submission').select(['id', 'status', 'version', 'reviewed_by']).orderBy('version').execute();
      expect(rows).toEqual([
        { id: plain, status: 'received', version: 1, reviewed_by: null },
        { id: edited, status: 'received', version: 3, reviewed_by: null },
      ]);
      const history = await db.selectFrom('submission_version').select(['version', 'status', 'next_version', 'next_status']).orderBy('version').execute();
      expect(history).toEqual([
        { version: 1, status: 'received', next_version: 2, next_status: 'received' },
        { version: 2, status: 'received', next_version: 3, next_status: 'received' },
      ]);
      const fresh = randomUUID();
      await db.insertInto('submission').values({ id: fresh, definition_key: 'f', definition_version: 1, data: '{}' }).execute();
      expect(await db.selectFrom('submission').select(['status', 'version']).where('id', '=', fresh).executeTakeFirst()).toEqual({ status: 'received', version: 1 });
      await expect(db.updateTable('submission').set({ status: 'submitted' }).where('id', '=', fresh).execute()).rejects.toThrow(/submission_status_check/);

      expect((await m.migrateTo(before)).error).toBeUndefined();
      expect((await db.selectFrom('submission').select('status').distinct().execute()).map((r) => r.status)).toEqual(['submitted']);
      expect((await m.migrateToLatest()).error).toBeUndefined();
    } finally {
      await handle.close();
    }
  });
});
