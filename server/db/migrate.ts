// Runs the frozen migrations in migrations/ (the same files on PGlite and PostgreSQL).
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

export const migrationsDir = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** The migration files, in the order they run (their names start with a timestamp). */
export async function migrationFiles(): Promise<string[]> {
  return (await readdir(migrationsDir)).filter((f) => /^\d{14}_[a-z0-9_]+\.ts$/.test(f)).sort();
}

/** A migration's name (kysely's bookkeeping key): its file name without `.ts`. */
export const migrationName = (file: string): string => file.replace(/\.ts$/, '');

/**
 * Each migration's module is imported only when it runs: the migrator lists them all at every start
 * and /healthz, and importing 40 TypeScript files through tsx cost ~1 s of a start with nothing to
 * migrate (decision 337). Every migration has both functions (tests/integration/pglite-template.test.ts).
 */
class FolderProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = await migrationFiles();
    const load = (f: string) => import(pathToFileURL(join(migrationsDir, f)).href) as Promise<Partial<Migration>>;
    const lazy = (f: string): Migration => ({
      up: async (db) => {
        const { up } = await load(f);
        if (!up) throw new Error(`migration ${f} has no up()`);
        await up(db);
      },
      down: async (db) => {
        const { down } = await load(f);
        if (!down) throw new Error(`migration ${f} has no down()`);
        await down(db);
      },
    });
    return Object.fromEntries(files.map((f) => [migrationName(f), lazy(f)] as const));
  }
}

/**
 * The migrator keeps its bookkeeping tables in the connection's current schema. Named explicitly,
 * because kysely's table lookup otherwise finds same-named tables in any schema of the database.
 */
async function migrator(db: Kysely<any>): Promise<Migrator> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return new Migrator({ db, provider: new FolderProvider(), migrationTableSchema: rows[0]?.schema ?? 'public' });
}

/**
 * kysely's migrator looks for its own table through the introspector, which reads every schema of the
 * database; a schema dropped by someone else during that read fails the lookup with 3F000
 * (invalid_schema_name). Nothing was changed yet, so the lookup is simply tried again.
 */
const SCHEMA_RACE_RETRIES = 5;

function isSchemaRace(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '3F000';
}

/** The names of the migration files on disk, in the order they run. */
async function migrationNames(): Promise<string[]> {
  return (await migrationFiles()).map(migrationName);
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  // Nothing to do (every start but the first, and a first start from the migrated template): one
  // read of the bookkeeping table instead of the migrator's lock and catalog introspection (decision
  // 337). A migration another instance is applying right now is not committed, so not seen here:
  // then the migrator runs and waits for that instance's lock as before.
  const onDisk = await migrationNames();
  const applied = await appliedMigrations(db);
  if (applied.length === onDisk.length && applied.every((name, i) => name === onDisk[i])) return [];
  const m = await migrator(db);
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await m.migrateToLatest();
    if (error && isSchemaRace(error) && attempt < SCHEMA_RACE_RETRIES && (results ?? []).length === 0) continue;
    if (error) throw error instanceof Error ? error : new Error(String(error));
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }
}

/** True when every migration on disk has been applied (used by /healthz). */
export async function isMigrated(db: Kysely<any>): Promise<boolean> {
  const applied = new Set(await appliedMigrations(db));
  return (await migrationNames()).every((name) => applied.has(name));
}

/** Migrates up (or down) to `name` exactly: a restore first brings an empty target to its backup's version. */
export async function migrateTo(db: Kysely<any>, name: string): Promise<string[]> {
  const { error, results } = await (await migrator(db)).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The names of the migrations applied to the current schema, oldest first (none on an empty database). */
export async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const { rows: exists } = await sql<{ found: boolean }>`select to_regclass(current_schema() || '.kysely_migration') is not null as found`.execute(db);
  if (!exists[0]?.found) return [];
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}
