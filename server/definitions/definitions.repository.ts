// Definition rows (kysely only). Versions are integers per key; at most one draft per key.
import { sql, type Kysely } from 'kysely';
import type { Database, DefinitionRow, DefinitionStatus } from '../db/schema';

const columns = ['key', 'version', 'kind', 'status', 'schema', 'created_at', 'published_at'] as const;

export async function findDefinition(db: Kysely<Database>, key: string, version: number): Promise<DefinitionRow | undefined> {
  return (await db
    .selectFrom('definition')
    .select(columns)
    .where('key', '=', key)
    .where('version', '=', version)
    .executeTakeFirst()) as DefinitionRow | undefined;
}

/** The newest version of a key with the given status, or of any status when none is given. */
export async function findLatest(db: Kysely<Database>, key: string, status?: DefinitionStatus): Promise<DefinitionRow | undefined> {
  let q = db.selectFrom('definition').select(columns).where('key', '=', key);
  if (status) q = q.where('status', '=', status);
  return (await q.orderBy('version', 'desc').limit(1).executeTakeFirst()) as DefinitionRow | undefined;
}

/** One row per key: the newest version with the status (or the newest of any status). */
export async function listLatest(db: Kysely<Database>, status?: DefinitionStatus): Promise<DefinitionRow[]> {
  let q = db.selectFrom('definition').select(columns).distinctOn('key');
  if (status) q = q.where('status', '=', status);
  return (await q.orderBy('key').orderBy('version', 'desc').execute()) as DefinitionRow[];
}

/** Every version of several keys at once, oldest first per key. */
export async function listVersions(db: Kysely<Database>, keys: readonly string[]): Promise<Map<string, DefinitionRow[]>> {
  const byKey = new Map<string, DefinitionRow[]>(keys.map((k) => [k, []]));
  if (keys.length === 0) return byKey;
  const rows = (await db.selectFrom('definition').select(columns).where('key', 'in', keys).orderBy('key').orderBy('version', 'asc').execute()) as DefinitionRow[];
  for (const row of rows) byKey.get(row.key)?.push(row);
  return byKey;
}

/** The kind of each of these keys that exists (any version; a key has one kind). */
export async function kindsOfKeys(db: Kysely<Database>, keys: readonly string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await db.selectFrom('definition').select(['key', 'kind']).distinctOn('key').where('key', 'in', keys).orderBy('key').orderBy('version', 'desc').execute();
  return new Map(rows.map((r) => [r.key, r.kind]));
}

export async function insertDefinition(
  db: Kysely<Database>,
  row: { key: string; version: number; kind: string; status: DefinitionStatus; schema: unknown; createdBy: string | null },
): Promise<void> {
  await db
    .insertInto('definition')
    .values({
      key: row.key,
      version: row.version,
      kind: row.kind,
      status: row.status,
      schema: JSON.stringify(row.schema),
      created_by: row.createdBy,
      published_at: row.status === 'published' ? new Date() : null,
    })
    .execute();
}

export async function updateDraftSchema(db: Kysely<Database>, key: string, version: number, schema: unknown): Promise<void> {
  await db
    .updateTable('definition')
    .set({ schema: JSON.stringify(schema) })
    .where('key', '=', key)
    .where('version', '=', version)
    .where('status', '=', 'draft')
    .execute();
}

/**
 * Tells every instance listening on `channel` (PostgreSQL) that `key` changed; inside a transaction
 * the notification is sent at commit, and not at all on rollback. PGlite has no other listener; the
 * call is harmless there.
 */
export async function notifyDefinitionChanged(db: Kysely<Database>, channel: string, key: string): Promise<void> {
  await sql`select pg_notify(${channel}, ${key})`.execute(db);
}

export async function setStatus(db: Kysely<Database>, key: string, version: number, status: DefinitionStatus): Promise<void> {
  await db
    .updateTable('definition')
    .set((eb) => ({ status, published_at: status === 'published' ? new Date() : eb.ref('published_at') }))
    .where('key', '=', key)
    .where('version', '=', version)
    .execute();
}
