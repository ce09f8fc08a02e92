// Migrating, seeding and signing the admin in for every test was most of the suite's time. They run
// once per engine and worker, into a template; each test then gets a copy and a fresh session token
// for the admin (only the token's SHA-256 is stored, as on sign-in). On PostgreSQL the template is a
// database and a copy is `create database ... template` (a file copy on the server). On PGlite it is
// a schema and a copy is one script in a schema of its own: the migrations' recorded DDL, the
// template's rows (users, grants, definitions, provinces, the admin's session, the migrator's
// bookkeeping) and the sequences' state; the first copy is compared with the template's catalog.
// A copy is an ordinary database: several pools, app instances and restarts work on it as before.
import { createHash, randomBytes } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import { sql, type Kysely, type LogEvent } from 'kysely';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import type { DatabaseHandle } from '../../server/db/database';
import { migrateToLatest } from '../../server/db/migrate';
import type { SeedResult } from '../../server/seed/seed';
import { execScript, openSchema, pglite, schemaName, type Engine } from './databases';
import { quote } from './reuse';

/** The admin password of every test database (the template is seeded with it). */
export const TEMPLATE_ADMIN_PASSWORD = 'test-admin-password';

interface Template {
  schema: string;
  /** PGlite: DDL, rows and sequences, with `\u0000` where the new schema's name goes. */
  script: string;
  seeded: SeedResult;
  sessionId: string;
  /** The PGlite instance the template lives in (a new instance needs a new template). */
  instance: PGlite | null;
  checked: boolean;
  /** PostgreSQL: the next test's copy, made in the background. */
  next?: Promise<string>;
}

const DAY_MS = 86_400_000;
const NAME = '\u0000';
const templates = new Map<Engine, Promise<Template>>();

/** A session token as the app makes them: 20 random bytes, base32 (lower case, no padding). */
function sessionToken(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of randomBytes(20)) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

const sessionId = (token: string) => createHash('sha256').update(token).digest('hex');

/** Tables (parents before children), their insertable columns and row counts; the schema's sequences. */
async function layout(db: Kysely<any>, schema: string) {
  const tables = (
    await sql<{ name: string; refs: string[]; columns: string[] }>`
      select c.relname as name,
        array(select distinct r.relname::text from pg_constraint f join pg_class r on r.oid = f.confrelid
              where f.conrelid = c.oid and f.contype = 'f' and f.confrelid <> c.oid) as refs,
        array(select a.attname::text from pg_attribute a
              where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = '' order by a.attnum) as columns
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${schema} and c.relkind in ('r', 'p')`.execute(db)
  ).rows;
  const ordered: typeof tables = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const next = tables.filter((t) => !placed.has(t.name) && t.refs.every((r) => placed.has(r) || !tables.some((x) => x.name === r)));
    if (next.length === 0) throw new Error('template: circular foreign keys');
    for (const t of next) {
      ordered.push(t);
      placed.add(t.name);
    }
  }
  const counts = new Map<string, number>();
  for (const t of ordered) {
    const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.id(schema, t.name)}`.execute(db);
    counts.set(t.name, Number(rows[0]!.n));
  }
  const sequences = (await sql<{ name: string }>`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = ${schema} and c.relkind = 'S' order by 1`.execute(db)).rows.map(
    (r) => r.name,
  );
  return { tables: ordered, counts, sequences };
}

/** What a schema holds (columns, defaults, constraints, indexes, functions, triggers), schema names masked. */
async function fingerprint(db: Kysely<any>, schema: string): Promise<string[]> {
  const { rows } = await sql<{ v: string }>`
    with ns as (select oid from pg_namespace where nspname = ${schema})
    select 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull || ' ' || a.attidentity::text || ' ' ||
           coalesce(pg_get_expr(d.adbin, d.adrelid), '') as v
      from pg_attribute a join pg_class c on c.oid = a.attrelid left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where c.relnamespace = (select oid from ns) and a.attnum > 0 and not a.attisdropped
    union all select 'constraint ' || coalesce(c.relname, '') || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid)
      from pg_constraint k left join pg_class c on c.oid = k.conrelid where k.connamespace = (select oid from ns)
    union all select 'index ' || indexdef from pg_indexes where schemaname = ${schema}
    union all select 'function ' || p.proname || ' ' || md5(p.prosrc) || ' ' || pg_get_function_arguments(p.oid) from pg_proc p where p.pronamespace = (select oid from ns)
    union all select 'trigger ' || pg_get_triggerdef(t.oid) from pg_trigger t join pg_class c on c.oid = t.tgrelid where c.relnamespace = (select oid from ns) and not t.tgisinternal
    union all select 'relation ' || relname || ' ' || relkind::text from pg_class where relnamespace = (select oid from ns)
    order by 1`.execute(db);
  // Names outside the search_path come qualified: the template's are, the copy's are not.
  return rows.map((r) => r.v.split(`${quote(schema)}.`).join('').split(`${schema}.`).join('').split(schema).join('<schema>'));
}

async function buildTemplate(engine: Engine): Promise<Template> {
  const instance = engine === 'pglite' ? await pglite() : null;
  const schema = schemaName('tmpl');
  await execScript(engine, engine === 'pglite' ? `create schema ${schema}` : `create database "${schema}" template template0`);
  // The migrations' own statements: no parameters and not reads (the migrator's bookkeeping rows and
  // lookups are parameterised or reads; its tables' DDL names the schema and is kept, renamed).
  const ddl: string[] = [];
  let recording = true;
  const log = (event: LogEvent) => {
    if (recording && event.level === 'query' && event.query.parameters.length === 0 && !/^\s*(select|with)\b/i.test(event.query.sql)) ddl.push(event.query.sql);
  };
  const handle = await openSchema(engine, schema, log);
  try {
    await migrateToLatest(handle.db);
    recording = false;
    const config = loadConfig({ ADMIN_PASSWORD: TEMPLATE_ADMIN_PASSWORD, NODE_ENV: 'test' });
    const built = await buildApp(config, { database: { ...handle, close: async () => undefined }, logger: false, web: false, indicatorRefresh: false, webhookDelivery: false });
    const res = await built.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: TEMPLATE_ADMIN_PASSWORD } });
    await built.app.close();
    if (res.statusCode !== 200) throw new Error(`template login failed: ${res.statusCode} ${res.body}`);
    const token = (res.json() as { token: string }).token;
    if (engine === 'postgres') return { schema, script: '', seeded: built.seeded, sessionId: sessionId(token), instance, checked: true };
    const { tables, counts, sequences } = await layout(handle.db, schema);
    const from = (name: string) => `${quote(schema)}.${quote(name)}`;
    const to = (name: string) => `${quote(NAME)}.${quote(name)}`;
    const script = [
      ...ddl.map((statement) => statement.replace(/;\s*$/, '').split(quote(schema)).join(quote(NAME))),
      ...tables
        .filter((t) => counts.get(t.name)! > 0)
        .map((t) => {
          const columns = t.columns.map(quote).join(', ');
          return `insert into ${to(t.name)} (${columns}) overriding system value select ${columns} from ${from(t.name)}`;
        }),
      ...sequences.map((s) => `select setval('${to(s).replace(/'/g, "''")}', last_value, is_called) from ${from(s)}`),
    ].join(';\n');
    return { schema, script, seeded: built.seeded, sessionId: sessionId(token), instance, checked: false };
  } finally {
    // On PostgreSQL this closes every connection to the template, as copying it requires.
    await handle.db.destroy();
  }
}

/** A new PostgreSQL database copied from the template; its name. */
async function copyDatabase(t: Template): Promise<string> {
  const name = schemaName();
  await execScript('postgres', `create database "${name}" template "${t.schema}"`);
  return name;
}

async function template(engine: Engine): Promise<Template> {
  const cached = templates.get(engine);
  if (cached) {
    const t = await cached;
    // PGlite instances close at the end of a file; the template went with it.
    if (engine !== 'pglite' || t.instance === (await pglite())) return t;
  }
  const building = buildTemplate(engine);
  templates.set(engine, building);
  building.catch(() => templates.delete(engine));
  return building;
}

export interface SeededDatabase {
  database: DatabaseHandle;
  /** A signed-in admin's bearer token, valid for `sessionDays` from now. */
  token: string;
  /** What seeding reported when the template was created. */
  seeded: SeedResult;
}

/** A schema of its own holding what a first start and an admin sign-in leave behind. */
export async function createSeededDatabase(engine: Engine, sessionDays: number): Promise<SeededDatabase> {
  const t = await template(engine);
  const schema = schemaName();
  const token = sessionToken();
  const expires = new Date(Date.now() + sessionDays * DAY_MS).toISOString();
  const signIn = (table: string) => `update ${table} set id = '${sessionId(token)}', created_at = now(), expires_at = '${expires}' where id = '${t.sessionId}'`;
  if (engine === 'postgres') {
    // The copy made while the previous test ran, if any; the next one starts now.
    // Taken before any await, so two tests starting at once never share a copy.
    const pending = t.next ?? copyDatabase(t);
    t.next = copyDatabase(t);
    t.next.catch(() => undefined);
    const name = await pending.catch(() => copyDatabase(t));
    const database = await openSchema(engine, name);
    try {
      await sql.raw(signIn('session')).execute(database.db);
    } catch (error) {
      await database.close();
      throw error;
    }
    return { database, token, seeded: t.seeded };
  }
  const script = [
    'begin',
    `create schema ${schema}`,
    // PGlite has one session: its search_path stays on the newest schema, as openSchema sets it.
    `set ${engine === 'pglite' ? '' : 'local '}search_path to ${schema}, public`,
    t.script.split(NAME).join(schema),
    signIn(`${quote(schema)}.session`),
    'commit',
  ].join(';\n');
  await execScript(engine, script);
  const database = await openSchema(engine, schema);
  if (!t.checked) {
    // Once per template: the copy must hold exactly what the migrations made.
    const [a, b] = [await fingerprint(database.db, t.schema), await fingerprint(database.db, schema)];
    const missing = a.filter((x) => !b.includes(x));
    const extra = b.filter((x) => !a.includes(x));
    if (missing.length || extra.length) throw new Error(`template copy differs from the template:\nmissing ${missing.join('\n')}\nextra ${extra.join('\n')}`);
    t.checked = true;
  }
  return { database, token, seeded: t.seeded };
}
