// npm run migrate-to-postgres -- DATABASE_URL [--force]: moves the embedded database (DATA_DIR) to a
// PostgreSQL server: a backup of the PGlite folder is restored into the server (migrated to the same
// version, rows copied with foreign keys checked, sequences set), then every table's count is compared.
// Stop the app first; afterwards start it with DATABASE_URL set.
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { countRows, RestoreRefused, backupDatabase, restoreDatabase } from '../db/backup';

const args = process.argv.slice(2);
const force = args.includes('--force');
const url = args.find((a) => !a.startsWith('--'));
if (!url || !/^postgres(ql)?:\/\//.test(url)) {
  console.error('Usage: npm run migrate-to-postgres -- postgres://user:password@host:5432/database [--force]');
  process.exit(2);
}
const config = loadConfig({ ...process.env, DATABASE_URL: '' });
const dir = mkdtempSync(join(tmpdir(), 'sa-migrate-'));
const file = join(dir, 'embedded.sajsonl.gz');
try {
  const source = await openDatabase({ dataDir: config.dataDir });
  let sourceCounts;
  try {
    sourceCounts = await backupDatabase(source.db, createWriteStream(file), source.engine);
  } finally {
    await source.close();
  }
  const target = await openDatabase({ databaseUrl: url, dataDir: config.dataDir, poolSize: 1 });
  try {
    await restoreDatabase(target.db, createReadStream(file), { force });
    const targetCounts = await countRows(target.db);
    const wrong = Object.entries(sourceCounts).filter(([t, n]) => targetCounts[t] !== n);
    if (wrong.length) throw new Error(`Counts differ after the copy: ${wrong.map(([t, n]) => `${t} ${n} → ${targetCounts[t]}`).join(', ')}`);
    for (const [t, n] of Object.entries(sourceCounts)) console.log(`${t.padEnd(32)} ${n}`);
    console.log(`Copied ${config.dataDir} to PostgreSQL: ${Object.keys(sourceCounts).length} tables, counts equal. Start the app with DATABASE_URL set.`);
  } catch (error) {
    if (error instanceof RestoreRefused) {
      console.error(error.message);
      process.exitCode = 1;
    } else throw error;
  } finally {
    await target.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
