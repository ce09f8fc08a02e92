// Why: the benches that measure the server's memory (exports, OData) need it alone: an in-process server would share its heap
// and RSS with the load generator and the baseline. This is the real app (production settings, the
// database of DATABASE_URL) alone in its own process, without the indicator refresher (it would build
// roll-ups of the seeded rows meanwhile); it prints one JSON line with its URL and an admin token and
// stops on SIGTERM.
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { openDatabase } from '../../server/db/database';

const ADMIN_PASSWORD = 'bench-admin-password';
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is required');
const database = await openDatabase({ databaseUrl, dataDir: '' });
const { app } = await buildApp(loadConfig({ ADMIN_PASSWORD, NODE_ENV: 'production', ...(process.env.MEDIA_DIR ? { MEDIA_DIR: process.env.MEDIA_DIR } : {}) }), { logger: false, web: false, database, indicatorRefresh: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const res = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
const { token } = (await res.json()) as { token: string };
const admin = await database.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
process.stdout.write(`${JSON.stringify({ url, token, adminId: admin.id })}\n`);
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
