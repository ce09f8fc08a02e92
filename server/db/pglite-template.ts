// An embedded cluster with every migration applied, made once at install (server/cli/prepare.ts) and
// unpacked into a new DATA_DIR at the first start: the first start skips PGlite's initdb (decision
// 223) and the migrations (decision 335); the migrator then finds nothing, or only the migrations
// added since, to run. Named by PGlite's version, so an upgrade never loads an old one; a manifest of
// the migrations it holds (name and SHA-256 of each file) decides whether it still fits the code.
// Unpacked here rather than by PGlite's `loadDataDir`, which writes the files through its WASM file
// system at ~1.6 s for the 38 MB (decision 336).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { migrateToLatest, migrationFiles, migrationName, migrationsDir } from './migrate';

const BUILD_DIR = fileURLToPath(new URL('../../build/', import.meta.url));

/** Which migrations the template holds, oldest first. */
export interface TemplateManifest {
  pglite: string;
  migrations: { name: string; sha256: string }[];
}

let version: string | undefined;

/** The installed PGlite's version (its package.json is not exported: found from its entry file). */
function pgliteVersion(): string {
  if (version) return version;
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

/** The template's files in `dir` (default build/; tests use a folder of their own). */
export function pgliteTemplatePaths(dir = BUILD_DIR): { archive: string; manifest: string } {
  const base = join(dir, `pglite-${pgliteVersion()}-migrated`);
  return { archive: `${base}.tar.gz`, manifest: `${base}.json` };
}

/** The migration files on disk now, with their contents' SHA-256. */
export async function currentMigrations(): Promise<TemplateManifest['migrations']> {
  const files = await migrationFiles();
  return Promise.all(
    files.map(async (f) => ({ name: migrationName(f), sha256: createHash('sha256').update(await readFile(join(migrationsDir, f))).digest('hex') })),
  );
}

/**
 * The template fits when its migrations are the first ones on disk, unchanged: kysely then runs the
 * rest, exactly as on a database migrated at that point. Anything else (a migration edited or
 * removed since the install) and the first start makes the database itself (initdb, migrations).
 */
export function templateFits(manifest: TemplateManifest, onDisk: TemplateManifest['migrations'], pglite = pgliteVersion()): boolean {
  if (manifest.pglite !== pglite || manifest.migrations.length > onDisk.length) return false;
  return manifest.migrations.every((m, i) => m.name === onDisk[i]?.name && m.sha256 === onDisk[i]?.sha256);
}

function readManifest(path: string): TemplateManifest | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as TemplateManifest;
  } catch {
    return undefined;
  }
}

const BLOCK = 512;

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

/**
 * Writes the files of a ustar archive (PGlite's dumpTar: regular files and folders, short names)
 * under `dir`. PG_VERSION, which tells PGlite a cluster is there, is written last, so an interrupted
 * unpack is simply done again at the next start.
 */
export function untarInto(tar: Buffer, dir: string): number {
  const root = resolve(dir);
  let last: { path: string; data: Buffer } | undefined;
  let files = 0;
  for (let offset = 0; offset + BLOCK <= tar.length; ) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    const prefix = field(header, 345, 155);
    const name = (prefix ? `${prefix}/` : '') + field(header, 0, 100);
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] ?? 0);
    const path = resolve(root, `.${sep}${name.replace(/^\/+/, '')}`);
    if (path !== root && !path.startsWith(root + sep)) throw new Error(`template entry outside the data folder: ${name}`);
    offset += BLOCK;
    if (type === '5') {
      mkdirSync(path, { recursive: true });
    } else if (type === '0' || type === '\0') {
      const data = tar.subarray(offset, offset + size);
      if (relative(root, path) === 'PG_VERSION') last = { path, data };
      else {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, data);
      }
      files++;
    } else {
      throw new Error(`template entry of an unexpected type (${JSON.stringify(type)}): ${name}`);
    }
    offset += Math.ceil(size / BLOCK) * BLOCK;
  }
  if (!last) throw new Error('the template holds no PG_VERSION');
  writeFileSync(last.path, last.data);
  return files;
}

/**
 * Unpacks the template into `dataDir` when the folder holds no cluster yet and a fitting template
 * was made; true when it did (PGlite then opens it as an existing cluster).
 */
export async function unpackPgliteTemplate(dataDir: string, templateDir = BUILD_DIR): Promise<boolean> {
  if (dataDir.startsWith('memory://') || existsSync(join(dataDir, 'PG_VERSION'))) return false;
  const { archive, manifest: manifestPath } = pgliteTemplatePaths(templateDir);
  const manifest = readManifest(manifestPath);
  if (!manifest || !existsSync(archive) || !templateFits(manifest, await currentMigrations())) return false;
  untarInto(gunzipSync(readFileSync(archive)), dataDir);
  return true;
}

/** Makes the template (at install): a new in-memory cluster, migrated, dumped. */
export async function writePgliteTemplate(templateDir = BUILD_DIR): Promise<string> {
  const [{ PGlite }, { PGliteDialect }, { Kysely, sql }] = await Promise.all([import('@electric-sql/pglite'), import('kysely-pglite-dialect'), import('kysely')]);
  const pg = await PGlite.create('memory://');
  const db = new Kysely<unknown>({ dialect: new PGliteDialect(pg) });
  try {
    const migrations = await currentMigrations();
    const applied = await migrateToLatest(db);
    if (applied.length !== migrations.length) throw new Error(`${applied.length} of ${migrations.length} migrations applied`);
    await sql`checkpoint`.execute(db);
    const dump = await pg.dumpDataDir('gzip');
    mkdirSync(templateDir, { recursive: true });
    const { archive, manifest } = pgliteTemplatePaths(templateDir);
    // The archive first, the manifest last: a manifest always names a complete archive.
    writeFileSync(`${archive}.tmp`, Buffer.from(await dump.arrayBuffer()));
    renameSync(`${archive}.tmp`, archive);
    writeFileSync(`${manifest}.tmp`, JSON.stringify({ pglite: pgliteVersion(), migrations } satisfies TemplateManifest, null, 1));
    renameSync(`${manifest}.tmp`, manifest);
    return archive;
  } finally {
    await db.destroy();
  }
}
