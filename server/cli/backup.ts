// npm run backup -- FILE: one consistent snapshot of DATABASE_URL, or of the PGlite data folder, to FILE
// (gzip of JSON lines, server/db/backup.ts). Writes FILE.partial and renames it when complete.
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { backupDatabase } from '../db/backup';

const file = process.argv[2];
if (!file || file.startsWith('-')) {
  console.error('Usage: npm run backup -- FILE   (e.g. backups/sa-$(date +%F).sajsonl.gz)');
  process.exit(2);
}
const target = resolve(file);
const config = loadConfig();
const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
const started = Date.now();
try {
  const partial = `${target}.partial`;
  try {
    const counts = await backupDatabase(handle.db, createWriteStream(partial), handle.engine);
    renameSync(partial, target);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    for (const [table, n] of Object.entries(counts)) console.log(`${table.padEnd(32)} ${n}`);
    console.log(`Backed up ${total} rows of ${Object.keys(counts).length} tables (${handle.engine}) to ${target} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
} finally {
  await handle.close();
}
