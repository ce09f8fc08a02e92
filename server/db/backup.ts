// Backups that restore, on both engines, with one format: a gzip of JSON lines written from a single
// REPEATABLE READ READ ONLY transaction (one snapshot: consistent while the app writes), every table
// of the schema through a SQL cursor (constant memory), plus every sequence and the migrations applied.
// Why not pg_dump: PGlite has no pg_dump, and one app-level format also moves an embedded database to
// a server (migrate-to-postgres) and restores across engines. Restore migrates the target to the
// backup's migration, then in ONE transaction drops the foreign keys, empties the tables, loads rows in
// batches (json_populate_recordset: the column types come from the target table), adds the foreign
// keys back (PostgreSQL checks every row again) and sets the sequences; then migrates to the latest.
// A truncated or damaged file rolls the whole restore back. See docs/decisions.md 235–244.
import { createGunzip, createGzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { once } from 'node:events';
import { sql, type Kysely, type Transaction } from 'kysely';
import { migrateTo, migrateToLatest, appliedMigrations } from './migrate';

export const BACKUP_FORMAT = 'sa-studio-backup';
export const BACKUP_VERSION = 1;
/** kysely's own bookkeeping: the target's migrator writes it. */
const SKIPPED = new Set(['kysely_migration', 'kysely_migration_lock']);
const FETCH = 1000;
const INSERT_BATCH = 500;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  engine: string;
  migrations: string[];
  sequences: Array<{ name: string; lastValue: string; isCalled: boolean }>;
}

export type TableCounts = Record<string, number>;

async function tablesOf(db: Kysely<any> | Transaction<any>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'p') order by c.relname`.execute(db);
  return rows.map((r) => r.name).filter((name) => !SKIPPED.has(name));
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function write(out: Writable, line: string): Promise<void> {
  if (!out.write(line + '\n')) await once(out, 'drain');
}

/** Writes the whole schema to `out` (gzip) from one snapshot; returns the row count of every table. */
export async function backupDatabase(db: Kysely<any>, out: Writable, engine: string): Promise<TableCounts> {
  const gzip = createGzip();
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve).on('close', resolve).on('error', reject);
    gzip.on('error', reject);
  });
  gzip.pipe(out);
  const counts: TableCounts = {};
  await db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    await sql`set transaction read only`.execute(trx);
    // The first query takes the snapshot; sequences read after it are at least every id in it.
    const tables = await tablesOf(trx);
    const { rows: seqs } = await sql<{ name: string }>`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind = 'S' order by c.relname`.execute(trx);
    const sequences: BackupHeader['sequences'] = [];
    for (const { name } of seqs) {
      const { rows } = await sql<{ last_value: string; is_called: boolean }>`select last_value::text, is_called from ${sql.raw(ident(name))}`.execute(trx);
      sequences.push({ name, lastValue: rows[0]!.last_value, isCalled: rows[0]!.is_called });
    }
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: new Date().toISOString(),
      engine,
      migrations: await appliedMigrations(trx),
      sequences,
    };
    await write(gzip, JSON.stringify(header));
    for (const table of tables) {
      await write(gzip, JSON.stringify(['table', table]));
      await sql`declare backup_rows no scroll cursor for select row_to_json(backup_row)::text as j from ${sql.raw(ident(table))} backup_row`.execute(trx);
      let n = 0;
      for (;;) {
        const { rows } = await sql<{ j: string }>`fetch ${sql.raw(String(FETCH))} from backup_rows`.execute(trx);
        for (const row of rows) await write(gzip, row.j);
        n += rows.length;
        if (rows.length < FETCH) break;
      }
      await sql`close backup_rows`.execute(trx);
      counts[table] = n;
      await write(gzip, JSON.stringify(['end', table, n]));
    }
    await write(gzip, JSON.stringify(['done', counts]));
  });
  gzip.end();
  await done;
  return counts;
}

export class RestoreRefused extends Error {}

/** Tables of the target that have rows (kysely's bookkeeping aside). */
export async function nonEmptyTables(db: Kysely<any>): Promise<string[]> {
  const found: string[] = [];
  for (const table of await tablesOf(db)) {
    const { rows } = await sql<{ any: boolean }>`select exists (select 1 from ${sql.raw(ident(table))}) as any`.execute(db);
    if (rows[0]!.any) found.push(table);
  }
  return found;
}

/** Row counts of every table (for the restore's check and the drill). */
export async function countRows(db: Kysely<any>): Promise<TableCounts> {
  const counts: TableCounts = {};
  for (const table of await tablesOf(db)) {
    const { rows } = await sql<{ n: string }>`select count(*)::text as n from ${sql.raw(ident(table))}`.execute(db);
    counts[table] = Number(rows[0]!.n);
  }
  return counts;
}

/** Markers are arrays (`["table", name]`, `["end", name, rows]`, `["done", counts]`); rows are objects. */
type Marker = [string, ...unknown[]];

async function* lines(input: Readable): AsyncGenerator<string> {
  const rl = createInterface({ input: input.pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of rl) if (line) yield line;
}

/**
 * Loads a backup into `db` (an empty database, or any with `force`). Returns the counts loaded, which
 * are checked against the backup's own and against count(*) of the target before the commit.
 */
export async function restoreDatabase(db: Kysely<any>, input: Readable, options: { force?: boolean } = {}): Promise<TableCounts> {
  const existing = await nonEmptyTables(db);
  if (existing.length && !options.force) {
    throw new RestoreRefused(`The target database is not empty (${existing.slice(0, 5).join(', ')}${existing.length > 5 ? ', …' : ''}); use --force to replace its data.`);
  }
  const it = lines(input)[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) throw new Error('The backup file is empty.');
  const header = JSON.parse(first.value) as BackupHeader;
  if (header.format !== BACKUP_FORMAT || header.version !== BACKUP_VERSION) throw new Error('Not an SA Studio backup (format/version).');
  const last = header.migrations.at(-1);
  const applied = await appliedMigrations(db);
  if (applied.some((m) => !header.migrations.includes(m))) {
    throw new RestoreRefused('The target has migrations the backup does not: restore into a new database (or one of the same version).');
  }
  if (last) await migrateTo(db, last);

  const loaded: TableCounts = {};
  await db.transaction().execute(async (trx) => {
    const tables = await tablesOf(trx);
    const { rows: fks } = await sql<{ table: string; name: string; def: string }>`
      select c.conrelid::regclass::text as table, c.conname as name, pg_get_constraintdef(c.oid) as def
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      where n.nspname = current_schema() and c.contype = 'f'`.execute(trx);
    for (const fk of fks) await sql.raw(`alter table ${fk.table} drop constraint ${ident(fk.name)}`).execute(trx);
    if (tables.length) await sql.raw(`truncate ${tables.map(ident).join(', ')}`).execute(trx);
    for (const t of tables) await sql.raw(`alter table ${ident(t)} disable trigger user`).execute(trx);

    let table: string | null = null;
    let columns = '';
    let batch: string[] = [];
    const flush = async () => {
      if (!batch.length || !table) return;
      await sql`insert into ${sql.raw(ident(table))} (${sql.raw(columns)}) overriding system value
        select ${sql.raw(columns)} from json_populate_recordset(null::${sql.raw(ident(table))}, ${'[' + batch.join(',') + ']'}::json)`.execute(trx);
      loaded[table] = (loaded[table] ?? 0) + batch.length;
      batch = [];
    };
    let finished: TableCounts | null = null;
    for (let next = await it.next(); !next.done; next = await it.next()) {
      const raw = next.value;
      if (raw.startsWith('{')) {
        if (table === null) throw new Error('The backup file is damaged (a row outside a table).');
        batch.push(raw);
        if (batch.length >= INSERT_BATCH) await flush();
        continue;
      }
      const line = JSON.parse(raw) as Marker;
      if (line[0] === 'table' && typeof line[1] === 'string') {
        if (!tables.includes(line[1])) throw new Error(`The backup has table ${line[1]}, which the target does not.`);
        table = line[1];
        const { rows } = await sql<{ name: string }>`
          select column_name as name from information_schema.columns
          where table_schema = current_schema() and table_name = ${table} and is_generated = 'NEVER' order by ordinal_position`.execute(trx);
        columns = rows.map((r) => ident(r.name)).join(', ');
        loaded[table] = 0;
      } else if (line[0] === 'end' && table !== null && line[1] === table) {
        const name: string = table;
        await flush();
        if (loaded[name] !== line[2]) throw new Error(`Table ${name}: loaded ${loaded[name]} rows, the backup has ${String(line[2])}.`);
        table = null;
      } else if (line[0] === 'done' && table === null) {
        finished = line[1] as TableCounts;
      } else {
        throw new Error('The backup file is damaged (an unknown line).');
      }
    }
    if (!finished) throw new Error('The backup file is incomplete (no end marker): nothing was restored.');

    for (const t of tables) await sql.raw(`alter table ${ident(t)} enable trigger user`).execute(trx);
    for (const fk of fks) await sql.raw(`alter table ${fk.table} add constraint ${ident(fk.name)} ${fk.def}`).execute(trx);
    for (const s of header.sequences) {
      await sql`select setval(${ident(s.name)}::regclass, ${s.lastValue}::bigint, ${s.isCalled})`.execute(trx);
    }
    const counted = await countRows(trx as unknown as Kysely<any>);
    for (const [t, n] of Object.entries(finished)) {
      if (counted[t] !== n) throw new Error(`Table ${t}: ${counted[t]} rows after the restore, the backup has ${n}.`);
    }
  });
  await migrateToLatest(db);
  return loaded;
}
