// Why: issue 4 asks for the gazetteer import to be fast (all 14,578 villages in seconds). This times the
// product's import path (parse the YAML + validate + batched upserts in one transaction) against raw
// multi-row INSERTs of the same units into a copy of the table, in the same run, on both engines.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../server/db/database';
import { migrateToLatest } from '../../server/db/migrate';
import { GAZETTEER_URL } from '../../tests/fixtures/gazetteer';
import { importGeoUnits, parseGeoFile } from '../../server/geo/geo-import.service';

const GAZETTEER = GAZETTEER_URL;

export interface GeoImportFigures {
  engine: 'postgres' | 'pglite';
  units: number;
  importSeconds: number;
  rawSeconds: number;
}

async function gazetteerYaml(): Promise<string> {
  const parts = await Promise.all(['provinces', 'districts', 'communes', 'villages'].map((f) => readFile(new URL(`${f}.yml`, GAZETTEER), 'utf8')));
  return parts.join('\n');
}

async function measure(handle: DatabaseHandle, engine: GeoImportFigures['engine'], yaml: string): Promise<GeoImportFigures> {
  await migrateToLatest(handle.db);
  const started = performance.now();
  const parsed = await parseGeoFile(Buffer.from(yaml), 'yaml');
  const result = await handle.db.transaction().execute((trx) => importGeoUnits(trx, parsed));
  const importSeconds = (performance.now() - started) / 1000;
  const units = result.added + result.updated + result.unchanged;
  // Baseline: the same rows, already parsed, as raw 1,000-row INSERTs into an identical table.
  await sql`create table geo_unit_raw (like geo_unit including all)`.execute(handle.db);
  const rows = (await sql<Record<string, unknown>>`select * from geo_unit order by code`.execute(handle.db)).rows;
  const rawStarted = performance.now();
  await handle.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 1000) {
      await trx.insertInto('geo_unit_raw' as never).values(rows.slice(i, i + 1000) as never).execute();
    }
  });
  const rawSeconds = (performance.now() - rawStarted) / 1000;
  return { engine, units, importSeconds, rawSeconds };
}

export async function benchGeoImport(postgresUrl: string | null): Promise<GeoImportFigures[]> {
  if (!existsSync(fileURLToPath(GAZETTEER))) {
    console.warn(`gazetteer import: skipped (${fileURLToPath(GAZETTEER)} not found)`);
    return [];
  }
  const yaml = await gazetteerYaml();
  const out: GeoImportFigures[] = [];
  const lite = await openDatabase({ dataDir: 'memory://' });
  try {
    out.push(await measure(lite, 'pglite', yaml));
  } finally {
    await lite.close();
  }
  if (postgresUrl) {
    const name = `sa_bench_geo_${process.pid}`;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    const url = new URL(postgresUrl);
    url.pathname = `/${name}`;
    const handle = await openDatabase({ dataDir: '', databaseUrl: url.toString() });
    try {
      out.push(await measure(handle, 'postgres', yaml));
    } finally {
      await handle.close();
      await admin.query(`drop database if exists ${name}`);
      await admin.end();
    }
  }
  return out;
}
