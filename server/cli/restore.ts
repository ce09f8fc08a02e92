// npm run restore -- FILE [--force]: loads a backup into DATABASE_URL, or into the PGlite data folder.
// Refuses a target with data unless --force (then its data is replaced). Stop the app first.
import { createReadStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { RestoreRefused, restoreDatabase } from '../db/backup';

const args = process.argv.slice(2);
const force = args.includes('--force');
const file = args.find((a) => !a.startsWith('--'));
if (!file || !existsSync(resolve(file))) {
  console.error(file ? `No such file: ${file}` : 'Usage: npm run restore -- FILE [--force]');
  process.exit(2);
}
const config = loadConfig();
const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
const started = Date.now();
try {
  const counts = await restoreDatabase(handle.db, createReadStream(resolve(file)), { force });
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  for (const [table, n] of Object.entries(counts)) console.log(`${table.padEnd(32)} ${n}`);
  console.log(`Restored ${total} rows of ${Object.keys(counts).length} tables (${handle.engine}) in ${((Date.now() - started) / 1000).toFixed(1)} s; counts checked.`);
} catch (error) {
  if (error instanceof RestoreRefused) {
    console.error(error.message);
    process.exitCode = 1;
  } else throw error;
} finally {
  await handle.close();
}
