// Restore drill timing (docs/performance.md): seeds N submissions by SQL into a fresh database, backs
// it up, restores it into another fresh database, starts the app on it and checks counts + checksum.
//   npx tsx bench/backup-drill.ts postgres://postgres@127.0.0.1:5432/postgres 100000
//   npx tsx bench/backup-drill.ts pglite 100000
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { openDatabase, type DatabaseHandle } from '../server/db/database';
import { backupDatabase, countRows, restoreDatabase } from '../server/db/backup';

const [where = 'pglite', nArg = '100000'] = process.argv.slice(2);
const n = Number(nArg);
const dir = mkdtempSync(join(tmpdir(), 'sa-drill-'));
const made: string[] = [];

async function fresh(tag: string): Promise<{ handle: DatabaseHandle; env: Record<string, string> }> {
  if (where === 'pglite') {
    const dataDir = join(dir, tag);
    return { handle: await openDatabase({ dataDir }), env: { DATA_DIR: dataDir } };
  }
  const name = `drill_${tag}_${process.pid}`;
  const admin = new pg.Client({ connectionString: where });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name} template template0`);
  await admin.end();
  made.push(name);
  const url = new URL(where);
  url.pathname = `/${name}`;
  return { handle: await openDatabase({ databaseUrl: url.toString(), dataDir: dir }), env: { DATABASE_URL: url.toString() } };
}

const checksum = async (db: Kysely<any>) =>
  (await sql<{ s: string }>`select md5(string_agg(md5(id::text || data::text), '' order by id)) as s from submission`.execute(db)).rows[0]!.s;
const secs = (t: number) => ((performance.now() - t) / 1000).toFixed(1);

const source = await fresh('src');
const app = await buildApp(loadConfig(source.env), { logger: false, web: false, demo: true, indicatorRefresh: false, database: source.handle });
let t = performance.now();
const { rows } = await sql<{ k: number }>`select count(*)::int as k from submission`.execute(source.handle.db);
const per = Math.ceil(n / rows[0]!.k);
await sql`insert into submission (id, definition_key, definition_version, geo_code, period, status, data, submitted_by, training)
  select gen_random_uuid(), definition_key, definition_version, geo_code, period, status,
         jsonb_set(data, '{note_km}', to_jsonb('ការសាកល្បង លេខ ' || g)), submitted_by, training
  from submission, generate_series(1, ${per}) g`.execute(source.handle.db);
const total = (await countRows(source.handle.db)).submission!;
console.log(`seeded ${total} submissions in ${secs(t)} s`);
const sum = await checksum(source.handle.db);
const file = join(dir, 'drill.sajsonl.gz');
t = performance.now();
const counts = await backupDatabase(source.handle.db, createWriteStream(file), source.handle.engine);
console.log(`backup: ${secs(t)} s, ${(statSync(file).size / 1048576).toFixed(1)} MB`);
await app.app.close();

const target = await fresh('dst');
t = performance.now();
const t0 = t;
await restoreDatabase(target.handle.db, createReadStream(file));
console.log(`restore: ${secs(t)} s`);
t = performance.now();
const second = await buildApp(loadConfig(target.env), { logger: false, web: false, indicatorRefresh: false, database: target.handle });
const res = await second.app.inject({ method: 'GET', url: '/healthz' });
console.log(`app start on the restored database: ${secs(t)} s (/healthz ${res.statusCode})`);
const ok = JSON.stringify(await countRows(target.handle.db)) === JSON.stringify(counts) && (await checksum(target.handle.db)) === sum;
console.log(`counts and checksum ${ok ? 'equal' : 'DIFFER'}; restore + start ${secs(t0)} s`);
await second.app.close();
rmSync(dir, { recursive: true, force: true });
if (where !== 'pglite') {
  const admin = new pg.Client({ connectionString: where });
  await admin.connect();
  for (const name of made) await admin.query(`drop database if exists ${name}`).catch(() => undefined);
  await admin.end();
}
process.exit(ok ? 0 : 1);
