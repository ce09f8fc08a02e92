// npm run import:geo -- FILE_OR_FOLDER [--complete]: imports the gazetteer into DATABASE_URL or the
// PGlite data folder (as the server does), prints added/updated/retired and the time, and exits
// non-zero with the error report when the file is wrong (nothing is written then).
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { inTransactionOf } from '../db/transaction';
import { readGeoPath } from '../geo/geo-files';
import { importGeoUnits } from '../geo/geo-import.service';

const args = process.argv.slice(2);
const path = args.find((a) => !a.startsWith('--'));
if (!path) {
  console.error('Usage: npm run import:geo -- FILE_OR_FOLDER [--complete]\n  YAML (gazetteer format), CSV or XLSX (code,name_km,name_en,type_km,type_en,lat,lng).\n  --complete: a CSV/XLSX lists whole levels, so units missing from it are retired.');
  process.exit(2);
}

const started = Date.now();
const parsed = await readGeoPath(path, { complete: args.includes('--complete') });
const config = loadConfig();
const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
let exitCode = 0;
try {
  await migrateToLatest(handle.db);
  let lastShown = 0;
  const result = await inTransactionOf(handle.db, (trx) =>
    importGeoUnits(trx, parsed, (done, total) => {
      if (process.stdout.isTTY && (done === total || Date.now() - lastShown > 250)) {
        lastShown = Date.now();
        process.stdout.write(`\r${done} / ${total}`);
      }
    }),
  );
  if (process.stdout.isTTY) process.stdout.write('\n');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (!result.ok) {
    console.error(`Import refused, nothing was written. ${result.errors.length} error(s):`);
    for (const e of result.errors) {
      const where = [e.file, e.row ? `row ${e.row}` : null, e.code, e.path].filter(Boolean).join(' · ');
      console.error(`  ${where}: ${e.message.en}`);
    }
    exitCode = 1;
  } else {
    console.log(`${result.total} units: ${result.added} added, ${result.updated} updated, ${result.unchanged} unchanged, ${result.retired} retired (complete levels: ${result.completeLevels.join(', ') || 'none'}) in ${seconds} s.`);
  }
} finally {
  await handle.close();
}
process.exit(exitCode);
