// Why: ingest must be measured the way phones reach the server: the real app listening on a port,
// HTTP keep-alive clients with a bearer token, the real `submit` mutation. The clients use node:http
// with a keep-alive agent (much lighter than fetch), because they share the CPU with the server.
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createSession } from '../../server/auth/sessions.service';
import type { DatabaseHandle } from '../../server/db/database';
import { FORM_KEY, FORM_VERSION, VARIANTS, validDocument } from '../lib/isaf-document';
import { concurrentRound, type Round } from '../lib/measure';

const ADMIN_PASSWORD = 'bench-admin-password';
const SUBMIT = 'mutation($i: SubmitInput!) { submit(input: $i) { id status } }';
const PLACEHOLDER = '00000000-0000-4000-8000-000000000000';
/** How many distinct sessions the clients use (default 1: one phone's token, as earlier figures). */
export const BENCH_TOKENS = Math.max(1, Number(process.env.BENCH_TOKENS) || 1);

export interface RunningServer {
  url: string;
  token: string;
  /** BENCH_TOKENS bearer sessions of the admin (the first is `token`): clients cycle through them. */
  tokens: string[];
  adminId: string;
  close: () => Promise<void>;
}

/** Builds and listens the app on 127.0.0.1:<random> over `database`, and signs the admin in. */
export async function startServer(database: DatabaseHandle): Promise<RunningServer> {
  const config = loadConfig({ ADMIN_PASSWORD, NODE_ENV: 'production' });
  // BENCH_GROUP_COMMIT=0: every `submit` in a statement of its own (decision 331), for comparison.
  const { app } = await buildApp(config, { logger: false, web: false, database, groupCommit: process.env.BENCH_GROUP_COMMIT !== '0' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const res = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const { token } = (await res.json()) as { token: string };
  const user = await database.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
  // Many phones have many sessions: with BENCH_TOKENS=N each request uses the next of N sessions, so
  // the in-process session cache (5 s) mostly misses, as it would with thousands of phones. The extra
  // sessions are made as sign-in makes them (createSession), without N argon2 sign-ins.
  const tokens = [token];
  for (let i = 1; i < BENCH_TOKENS; i++) tokens.push((await createSession(database.db, user.id, config.sessionDays, 'bearer', { ip: null, userAgent: 'bench' })).token);
  return { url, token, tokens, adminId: user.id, close: () => app.close() };
}

/** Request bodies pre-serialised around the id, so the client spends no CPU on JSON per request. */
function bodyTemplates(): Array<[string, string]> {
  return Array.from({ length: VARIANTS }, (_, n) => {
    const body = JSON.stringify({
      query: SUBMIT,
      variables: { i: { id: PLACEHOLDER, definitionKey: FORM_KEY, definitionVersion: FORM_VERSION, data: validDocument(n) } },
    });
    const at = body.indexOf(PLACEHOLDER);
    return [body.slice(0, at), body.slice(at + PLACEHOLDER.length)];
  });
}

/** One timed round of `workers` clients each submitting fresh-UUID documents back to back. */
export function submitRound(server: RunningServer, workers: number): (ms: number) => Promise<Round> {
  const op = submitOperation(server, workers);
  return (ms) => concurrentRound(op, workers, ms);
}

/** One `submit` of a fresh-UUID document over a keep-alive agent of `workers` sockets. */
export function submitOperation(server: RunningServer, workers: number): () => Promise<void> {
  const templates = bodyTemplates();
  const url = new URL(`${server.url}/graphql`);
  const agent = new Agent({ keepAlive: true, maxSockets: workers });
  let n = 0;
  const op = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const token = server.tokens[n % server.tokens.length] as string;
      const [head, tail] = templates[n++ % VARIANTS] as [string, string];
      const body = head + randomUUID() + tail;
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => (res.statusCode !== 200 || text.includes('"errors"') ? reject(new Error(`submit failed: ${res.statusCode} ${text.slice(0, 300)}`)) : resolve()));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return op;
}
