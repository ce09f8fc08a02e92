// One app per engine and worker, reused by every test that asks for the default app: building an app
// (~90 ms of CPU) and copying the template database (~110 ms) for each of ~740 tests was most of the
// suite's time (issue 10). Between tests the reused app's database is put back to what the template
// held, from a snapshot taken once in a schema beside it (truncate every table, copy the snapshot's
// rows back, reset the sequences), and the app's in-process caches are emptied. A test that needs
// its own app (other settings, two instances, a restart) still builds one.
import { sql, type Kysely } from 'kysely';

interface Snapshot {
  /** Statements that put the schema back to the snapshot, in order. */
  reset: string[];
}

/** A quoted SQL identifier (shared with template.ts). */
export const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Copies every table's rows and every sequence's state of the current schema into `<schema>_snap`. */
export async function takeSnapshot(db: Kysely<any>): Promise<Snapshot> {
  const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s;
  const snap = `${schema}_snap`;
  const tables = (
    await sql<{ name: string; columns: string[] }>`
      select c.relname as name,
        array(select a.attname::text from pg_attribute a
              where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = '' order by a.attnum) as columns
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${schema} and c.relkind in ('r', 'p') order by 1`.execute(db)
  ).rows;
  const sequences = (
    await sql<{ name: string }>`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = ${schema} and c.relkind = 'S' order by 1`.execute(db)
  ).rows.map((r) => r.name);
  await sql.raw(`create schema ${quote(snap)}`).execute(db);
  const reset: string[] = [`truncate table ${tables.map((t) => `${quote(schema)}.${quote(t.name)}`).join(', ')} restart identity cascade`];
  for (const t of tables) {
    const cols = t.columns.map(quote).join(', ');
    await sql.raw(`create table ${quote(snap)}.${quote(t.name)} as select ${cols} from ${quote(schema)}.${quote(t.name)}`).execute(db);
    const n = Number((await sql<{ n: string }>`select count(*) as n from ${sql.id(snap, t.name)}`.execute(db)).rows[0]!.n);
    if (n > 0) reset.push(`insert into ${quote(schema)}.${quote(t.name)} (${cols}) overriding system value select ${cols} from ${quote(snap)}.${quote(t.name)}`);
  }
  for (const s of sequences) {
    const { rows } = await sql<{ v: string; called: boolean }>`select last_value as v, is_called as called from ${sql.id(schema, s)}`.execute(db);
    reset.push(`select setval('${`${quote(schema)}.${quote(s)}`.replace(/'/g, "''")}', ${Number(rows[0]!.v)}, ${rows[0]!.called})`);
  }
  return { reset };
}

/** Puts the schema back to the snapshot, in one transaction. */
export async function restoreSnapshot(db: Kysely<any>, snapshot: Snapshot): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const statement of snapshot.reset) await sql.raw(statement).execute(trx);
  });
}
