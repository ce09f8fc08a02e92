// A freshly initialised, empty PGlite cluster, made once at install (server/cli/prepare.ts) and
// unpacked into a new DATA_DIR at the first start: the first start skips PGlite's initdb, which is
// most of its time (decision 223). Named by PGlite's version, so an upgrade never loads an old one.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUILD_DIR = fileURLToPath(new URL('../../build/', import.meta.url));

let version: string | undefined;

/** The installed PGlite's version (its package.json is not exported: found from its entry file). */
function pgliteVersion(): string {
  if (version) return version;
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

export function pgliteTemplatePath(): string {
  return join(BUILD_DIR, `pglite-${pgliteVersion()}-initdb.tar.gz`);
}

/** The template to unpack into `dataDir`, when the folder holds no cluster yet and one was made. */
export function pgliteTemplateFor(dataDir: string): Blob | undefined {
  if (dataDir.startsWith('memory://') || existsSync(join(dataDir, 'PG_VERSION'))) return undefined;
  const path = pgliteTemplatePath();
  if (!existsSync(path)) return undefined;
  return new Blob([readFileSync(path)], { type: 'application/x-gzip' });
}

/** Makes the template (at install). */
export async function writePgliteTemplate(): Promise<string> {
  const { PGlite } = await import('@electric-sql/pglite');
  const pg = await PGlite.create('memory://');
  try {
    const dump = await pg.dumpDataDir('gzip');
    mkdirSync(BUILD_DIR, { recursive: true });
    const path = pgliteTemplatePath();
    writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
    return path;
  } finally {
    await pg.close();
  }
}
