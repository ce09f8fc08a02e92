// Why: the webhook outbox rides inside the ingest statements (decision 260), so its cost must be
// measured apart from the HTTP bench's run-to-run spread on a shared machine. On one PostgreSQL
// connection, calls of submission_insert_if_absent as it is now (with the outbox CTE) alternate in
// rounds with the function as it was before (migration 20261201120000, created beside it under
// another name), same rows, no webhook; then with one enabled webhook subscribed to another event.
// Run: npx tsx bench/webhooks/outbox-cost.ts (needs PostgreSQL at TEST_DATABASE_URL or 127.0.0.1).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { openDatabase } from '../../server/db/database';
import { migrateToLatest } from '../../server/db/migrate';
import { seed } from '../../server/seed/seed';
import { submissionReaderRoles } from '../../server/webhooks/webhooks.repository';
import { FORM_KEY, FORM_VERSION, validDocument } from '../lib/isaf-document';
import { adminQuery, postgresUrl } from '../ingest/postgres';

const CALLS = Number(process.env.BENCH_CALLS) || 1000;
const ROUNDS = Number(process.env.BENCH_ROUNDS) || 10;

const source = readFileSync(new URL('../../migrations/20261201120000_add_training_mode.ts', import.meta.url), 'utf8');
const before = /const CREATE = String\.raw`([\s\S]*?)`;/.exec(source)![1]!.replace('create function submission_insert_if_absent(', 'create function bench_insert_before(');

const base = postgresUrl();
const name = `sa_bench_outbox_${process.pid}`;
await adminQuery(base, `create database ${name}`);
const url = base.replace(/\/[^/]*$/, `/${name}`);
const handle = await openDatabase({ databaseUrl: url, dataDir: '', slowQueryMs: 0 });
try {
  await migrateToLatest(handle.db);
  const seeded = await seed(handle.db, { adminPassword: 'bench-admin-password' });
  await sql.raw(before).execute(handle.db);
  const roles = submissionReaderRoles();
  const admin = seeded.adminId!;
  const run = async (fn: 'now' | 'before', n: number): Promise<number> => {
    const rows = Array.from({ length: n }, (_, i) => JSON.stringify(validDocument(i)));
    const started = process.hrtime.bigint();
    await handle.db.connection().execute(async (c) => {
      for (const data of rows) {
        if (fn === 'now') await sql`select id from submission_insert_if_absent(${randomUUID()}, ${FORM_KEY}, ${FORM_VERSION}, null, null, cast(${data} as jsonb), ${admin}, 'admin', null, '{}', null, cast(${roles} as text[]))`.execute(c);
        else await sql`select id from bench_insert_before(${randomUUID()}, ${FORM_KEY}, ${FORM_VERSION}, null, null, cast(${data} as jsonb), ${admin}, 'admin', null, '{}', null)`.execute(c);
      }
    });
    return Number(process.hrtime.bigint() - started) / 1000 / n;
  };
  const compare = async (label: string) => {
    await run('now', 200);
    await run('before', 200);
    const now: number[] = [];
    const was: number[] = [];
    // Alternating which goes first, so neither gains from the other's warm-up.
    for (let r = 0; r < ROUNDS; r++) {
      if (r % 2 === 0) {
        now.push(await run('now', CALLS));
        was.push(await run('before', CALLS));
      } else {
        was.push(await run('before', CALLS));
        now.push(await run('now', CALLS));
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(`${label}: with the outbox ${median(now).toFixed(0)} µs/call, before ${median(was).toFixed(0)} µs/call (${((median(now) / median(was) - 1) * 100).toFixed(1)}%); rounds ${now.map((x) => x.toFixed(0)).join(', ')} vs ${was.map((x) => x.toFixed(0)).join(', ')}`);
  };
  await compare('no webhook');
  await sql`insert into webhook (name, url, events, secret, created_by) values ('other', 'https://example.org/', '{definition.published}', 'whsec_x', ${admin})`.execute(handle.db);
  await compare('one webhook, another event');
} finally {
  await handle.close();
  await adminQuery(base, `drop database if exists ${name} with (force)`);
}
