// Restore drill (issue 13 part 3): data made through the real app (Khmer submissions, a user, a
// published form, a help page), a backup taken while the app runs and writes, restored into a fresh
// database of the same engine, the app started on it: every table's count, every submission's
// checksum and signing in match. Also: a non-empty target is refused without --force, a truncated
// file restores nothing, and `npm run migrate-to-postgres` moves a PGlite folder to PostgreSQL.
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { openDatabase, type DatabaseHandle } from '../../server/db/database';
import { backupDatabase, countRows, RestoreRefused, restoreDatabase } from '../../server/db/backup';
import { login } from '../helpers/app';
import { createTestDatabase, testDatabaseUrl, testEngines, type Engine } from '../helpers/databases';
import { simpleForm } from '../fixtures/simple-form';

const engines = await testEngines();
const run = promisify(execFile);
const dirs: string[] = [];
afterAll(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sa-backup-'));
  dirs.push(dir);
  return dir;
}

/** A fresh, empty database of `engine` and the config that points the app at it. */
async function freshDatabase(engine: Engine): Promise<{ handle: DatabaseHandle; env: Record<string, string> }> {
  if (engine === 'pglite') {
    const dir = join(tempDir(), 'data');
    return { handle: await openDatabase({ dataDir: dir }), env: { DATA_DIR: dir } };
  }
  const handle = await createTestDatabase('postgres');
  return { handle, env: { DATABASE_URL: await testDatabaseUrl(handle.db) } };
}

async function gql(app: BuiltApp['app'], token: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${token}` }, payload: { query, variables } });
  const body = res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const USER_PASSWORD = 'Backup-Drill-2026-kampot!';
const SUBMIT = 'mutation($i: SubmitInput!) { submit(input: $i) { id } }';
function session(n: number) {
  return {
    village: '01020101', date: '2026-02-01', facilitators: `សុខ ស្រីមុំ និង ចាន់ ${n}`,
    participants: { total: 10, female: 6, youth: 2, disability: 1, ethnic_minority: 0, id_poor: 3 }, topics: ['service_standards'], materials_distributed: n,
  };
}
const submit = (app: BuiltApp['app'], token: string, n: number) =>
  gql(app, token, SUBMIT, { i: { id: randomUUID(), definitionKey: 'i4c-session', definitionVersion: 1, data: session(n) } });

/** id → md5 of the stored data, for every submission. */
async function submissionSums(db: Kysely<any>): Promise<Map<string, string>> {
  const { rows } = await sql<{ id: string; sum: string }>`select id::text as id, md5(data::text) as sum from submission`.execute(db);
  return new Map(rows.map((r) => [r.id, r.sum]));
}
async function checksum(db: Kysely<any>): Promise<string> {
  const { rows } = await sql<{ sum: string }>`select md5(string_agg(id::text || data::text, ',' order by id)) as sum from submission`.execute(db);
  return rows[0]!.sum;
}

/** Users, a published form and a help page, and Khmer submissions, all through the API. */
async function makeData(app: BuiltApp['app'], token: string): Promise<void> {
  await gql(app, token, 'mutation($i: CreateUserInput!) { createUser(input: $i) { username } }', {
    i: { username: 'caf-backup', password: USER_PASSWORD, displayName: 'ស្រីមុំ', grants: [{ role: 'facilitator', scope: '01' }] },
  });
  await gql(app, token, 'mutation($k: String!, $s: JSON!) { saveDraft(key: $k, schema: $s) { version } }', { k: 'backup-form', s: simpleForm });
  await gql(app, token, 'mutation($k: String!) { publish(key: $k) { version } }', { k: 'backup-form' });
  const help = { $schema: 'https://json-schema.org/draft/2020-12/schema', 'x-kind': 'help', 'x-title': { km: 'ការបម្រុងទុក', en: 'Backups' }, body: { km: '# ការបម្រុងទុក\n\nរក្សាទុកញឹកញាប់។', en: '# Backups\n\nOften.' } };
  await gql(app, token, 'mutation($k: String!, $s: JSON!) { saveDraft(key: $k, schema: $s) { version } }', { k: 'backup-help', s: help });
  await gql(app, token, 'mutation($k: String!) { publish(key: $k) { version } }', { k: 'backup-help' });
  for (let n = 0; n < 12; n++) await submit(app, token, n);
}

describe.each(engines)('restore drill on %s', (engine) => {
  it('backs up while the app writes, restores into a fresh database, and the app runs on it', async () => {
    const file = join(tempDir(), 'backup.sajsonl.gz');
    const source = await freshDatabase(engine);
    const first = await buildApp(loadConfig(source.env), { logger: false, web: false, demo: true, indicatorRefresh: false, database: source.handle });
    const password = first.seeded.generatedAdminPassword!;
    const token = await login(first.app, 'admin', password);
    await makeData(first.app, token);
    const before = await checksum(source.handle.db);

    // The backup runs while submissions keep coming: it holds one snapshot.
    const writes = Promise.all([0, 1, 2, 3, 4, 5].map((n) => submit(first.app, token, 100 + n)));
    const backedUp = await backupDatabase(source.handle.db, createWriteStream(file), engine);
    await writes;
    expect(backedUp.submission).toBeGreaterThanOrEqual(8 + 12);
    expect(backedUp.submission).toBeLessThanOrEqual(8 + 12 + 6);
    const sourceSums = await submissionSums(source.handle.db);
    const sourceCounts = await countRows(source.handle.db);
    await first.app.close();

    const target = await freshDatabase(engine);
    const restored = await restoreDatabase(target.handle.db, createReadStream(file));
    expect(restored).toEqual(backedUp);
    // A second restore into it is refused: it has data now.
    await expect(restoreDatabase(target.handle.db, createReadStream(file))).rejects.toBeInstanceOf(RestoreRefused);
    const second = await buildApp(loadConfig(target.env), { logger: false, web: false, indicatorRefresh: false, database: target.handle });
    expect(second.seeded.adminCreated).toBe(false);
    const counts = await countRows(target.handle.db);
    expect(counts).toEqual(backedUp);
    for (const table of Object.keys(sourceCounts)) if (table !== 'submission' && table !== 'submission_version' && table !== 'audit_event' && table !== 'session') expect(counts[table], table).toBe(sourceCounts[table]);
    // Every restored submission is byte for byte the source's; the 12 made before are all there.
    const sums = await submissionSums(target.handle.db);
    for (const [id, sum] of sums) expect(sourceSums.get(id), id).toBe(sum);
    expect(sums.size).toBe(backedUp.submission);
    const again = await login(second.app, 'admin', password);
    const list = await gql(second.app, again, '{ submissions(definitionKey: "i4c-session") { totalCount } }');
    expect(list.submissions.totalCount).toBe(sums.size - 2 * 3); // the demo's other three forms hold 2 each
    await login(second.app, 'caf-backup', USER_PASSWORD);
    const help = await second.app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ helpPage(key: "backup-help") { status title { km } } }' } });
    expect(help.json().data.helpPage).toEqual({ status: 'PUBLISHED', title: { km: 'ការបម្រុងទុក' } });
    // New rows get new ids (sequences were restored).
    await submit(second.app, again, 999);
    await second.app.close();
    expect(before).toMatch(/^[0-9a-f]{32}$/);
  }, 240_000);

  it('restores nothing from a truncated file, and replaces data only with force', async () => {
    const dir = tempDir();
    const file = join(dir, 'b.gz');
    const source = await freshDatabase(engine);
    const app = await buildApp(loadConfig(source.env), { logger: false, web: false, indicatorRefresh: false, database: source.handle });
    const token = await login(app.app, 'admin', app.seeded.generatedAdminPassword!);
    await submit(app.app, token, 1);
    await backupDatabase(source.handle.db, createWriteStream(file), engine);
    const sum = await checksum(source.handle.db);
    const text = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
    writeFileSync(join(dir, 'cut.gz'), gzipSync(text.slice(0, -3).join('\n') + '\n'));
    await submit(app.app, token, 2);
    // Into the source itself (it has data): refused, then a cut file fails and rolls back, then force.
    await expect(restoreDatabase(source.handle.db, createReadStream(file))).rejects.toBeInstanceOf(RestoreRefused);
    await expect(restoreDatabase(source.handle.db, createReadStream(join(dir, 'cut.gz')), { force: true })).rejects.toThrow(/incomplete/);
    expect(await checksum(source.handle.db)).not.toBe(sum);
    await restoreDatabase(source.handle.db, createReadStream(file), { force: true });
    expect(await checksum(source.handle.db)).toBe(sum);
    await app.app.close();
  }, 180_000);
});

describe.runIf(engines.includes('pglite') && engines.includes('postgres'))('npm run migrate-to-postgres', () => {
  it('moves a PGlite data folder to PostgreSQL with every row, and the app signs in there', async () => {
    const source = await freshDatabase('pglite');
    const app = await buildApp(loadConfig(source.env), { logger: false, web: false, demo: true, indicatorRefresh: false, database: source.handle });
    const password = app.seeded.generatedAdminPassword!;
    await makeData(app.app, await login(app.app, 'admin', password));
    const counts = await countRows(source.handle.db);
    const sum = await checksum(source.handle.db);
    await app.app.close(); // one process per data folder: the app stops first
    const target = await freshDatabase('postgres');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'server/cli/migrate-to-postgres.ts', target.env.DATABASE_URL!], {
      env: { ...process.env, DATA_DIR: source.env.DATA_DIR!, DATABASE_URL: '' },
      timeout: 120_000,
    });
    expect(stdout).toMatch(/counts equal/);
    expect(await countRows(target.handle.db)).toEqual(counts);
    expect(await checksum(target.handle.db)).toBe(sum);
    const pgApp = await buildApp(loadConfig(target.env), { logger: false, web: false, indicatorRefresh: false, database: target.handle });
    await submit(pgApp.app, await login(pgApp.app, 'admin', password), 7);
    await pgApp.app.close();
  }, 240_000);
});
