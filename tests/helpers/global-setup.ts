// Once per `vitest run`: names the run (test and template schemas carry the id), tells the workers
// whether files are isolated (then a file's PGlite goes with it; else the worker keeps one for all its
// files), and at the end drops what this run left on PostgreSQL: the workers' template databases and
// any test database a crashed or killed test left.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

const runId = randomBytes(4).toString('hex');

export function setup(project: TestProject): void {
  project.provide('testRunId', runId);
  project.provide('testIsolate', project.config.isolate !== false);
}

export async function teardown(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
  } catch {
    return; // no PostgreSQL: nothing to drop
  }
  try {
    const { rows } = await client.query<{ name: string }>(`select datname as name from pg_database where datname like $1 or datname like $2`, [`t\\_${runId}\\_%`, `tmpl\\_${runId}\\_%`]);
    for (const { name } of rows) await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}
