// Issue 13 part 6 (decisions 335-337): the first start on a new DATA_DIR unpacks a cluster migrated
// at install and runs no migration; a template that no longer fits the migrations on disk is not
// used; the unpack writes PG_VERSION last and nothing outside the data folder. Structural checks
// only (no timings: the first start's time is a benchmark figure, `npm run bench -- --start-only`).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/database';
import { appliedMigrations, isMigrated, migrateToLatest, migrationFiles, migrationsDir } from '../../server/db/migrate';
import { currentMigrations, pgliteTemplatePaths, templateFits, unpackPgliteTemplate, untarInto, writePgliteTemplate, type TemplateManifest } from '../../server/db/pglite-template';

const folders: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'sa-template-'));
  folders.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** A ustar archive of the given entries (a trailing slash: a folder). */
function tar(entries: [name: string, content?: string][]): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, content = ''] of entries) {
    const header = Buffer.alloc(512);
    header.write(name, 0, 100, 'utf8');
    header.write('0000644\0', 100);
    header.write(`${Buffer.byteLength(content).toString(8).padStart(11, '0')}\0`, 124);
    header.write(name.endsWith('/') ? '5' : '0', 156);
    header.write('ustar\0', 257);
    blocks.push(header);
    if (!name.endsWith('/') && content) {
      const body = Buffer.alloc(Math.ceil(Buffer.byteLength(content) / 512) * 512);
      body.write(content);
      blocks.push(body);
    }
  }
  return Buffer.concat([...blocks, Buffer.alloc(1024)]);
}

describe('templateFits', () => {
  const m = (name: string, sha256 = 'a') => ({ name, sha256 });
  const manifest = (migrations: TemplateManifest['migrations']): TemplateManifest => ({ pglite: '1', migrations });
  it('fits when its migrations are the first ones on disk, unchanged', () => {
    expect(templateFits(manifest([m('1'), m('2')]), [m('1'), m('2')], '1')).toBe(true);
    expect(templateFits(manifest([m('1')]), [m('1'), m('2')], '1')).toBe(true);
  });
  it('does not fit an edited, removed or reordered migration, or another PGlite', () => {
    expect(templateFits(manifest([m('1'), m('2', 'b')]), [m('1'), m('2')], '1')).toBe(false);
    expect(templateFits(manifest([m('1'), m('2')]), [m('1')], '1')).toBe(false);
    expect(templateFits(manifest([m('2')]), [m('1'), m('2')], '1')).toBe(false);
    expect(templateFits(manifest([m('1')]), [m('1')], '2')).toBe(false);
  });
});

describe('untarInto', () => {
  it('writes folders and files, PG_VERSION included', () => {
    const dir = folder();
    expect(untarInto(tar([['/base/'], ['/base/1/x', 'hello'], ['/PG_VERSION', '17\n'], ['/global/2', '']]), dir)).toBe(3);
    expect(readFileSync(join(dir, 'base/1/x'), 'utf8')).toBe('hello');
    expect(readFileSync(join(dir, 'PG_VERSION'), 'utf8')).toBe('17\n');
    expect(existsSync(join(dir, 'global/2'))).toBe(true);
  });
  it('refuses entries outside the data folder, and an archive without PG_VERSION', () => {
    const dir = folder();
    expect(() => untarInto(tar([['/../escape', 'x'], ['/PG_VERSION', '17']]), join(dir, 'data'))).toThrow(/outside/);
    expect(existsSync(join(dir, 'escape'))).toBe(false);
    expect(() => untarInto(tar([['/a', 'x']]), join(dir, 'other'))).toThrow(/PG_VERSION/);
  });
});

describe('migrations', () => {
  it('every migration file has up() and down() (they are imported only when run: a missing one fails then)', async () => {
    for (const f of await migrationFiles()) {
      const m = (await import(pathToFileURL(join(migrationsDir, f)).href)) as { up?: unknown; down?: unknown };
      expect([f, typeof m.up, typeof m.down]).toEqual([f, 'function', 'function']);
    }
  });
});

describe('the migrated template (PGlite)', () => {
  it('a new data folder made from it holds every migration, so the first start runs none; a template that does not fit is not used', { timeout: 180_000 }, async () => {
    const templates = folder();
    await writePgliteTemplate(templates);
    const manifest = JSON.parse(readFileSync(pgliteTemplatePaths(templates).manifest, 'utf8')) as TemplateManifest;
    expect(manifest.migrations).toEqual(await currentMigrations());

    const dataDir = join(folder(), 'data');
    expect(await unpackPgliteTemplate(dataDir, templates)).toBe(true);
    expect(await unpackPgliteTemplate(dataDir, templates)).toBe(false); // a cluster is there now
    const handle = await openDatabase({ dataDir });
    try {
      const names = (await migrationFiles()).map((f) => f.replace(/\.ts$/, ''));
      expect(await appliedMigrations(handle.db)).toEqual(names);
      expect(await migrateToLatest(handle.db)).toEqual([]);
      expect(await isMigrated(handle.db)).toBe(true);
      // The bookkeeping missing one migration: not migrated (/healthz 503).
      await sql`delete from kysely_migration where name = ${names.at(-1)!}`.execute(handle.db);
      expect(await isMigrated(handle.db)).toBe(false);
    } finally {
      await handle.close();
    }

    // An edited migration (its hash differs): the template is left unused.
    const first = manifest.migrations[0]!;
    writeFileSync(pgliteTemplatePaths(templates).manifest, JSON.stringify({ ...manifest, migrations: [{ ...first, sha256: '0'.repeat(64) }, ...manifest.migrations.slice(1)] }));
    const other = join(folder(), 'data');
    expect(await unpackPgliteTemplate(other, templates)).toBe(false);
    expect(existsSync(join(other, 'PG_VERSION'))).toBe(false);
  });
});
