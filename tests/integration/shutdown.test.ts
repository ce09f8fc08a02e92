// Graceful shutdown of the real server process (issue 13, part 5): `npm start` is spawned as an
// operator or a container runtime would run it, submissions stream in from several clients, and
// SIGTERM goes to npm (the process a supervisor knows). The server itself must get the signal,
// finish the requests in flight, close the database and exit 0 (npm too), leaving no process behind,
// and every submission that was acknowledged must be in the database.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../server/db/database';
import { closeSharedPglite, createTestDatabase, testDatabaseUrl, testEngines } from '../helpers/databases';
import type { I4CSessionV1 } from '../../definitions/types/index';

const engines = await testEngines();
afterAll(closeSharedPglite);

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PASSWORD = 'mekong-lotus-harvest-42';
const SUBMIT = 'mutation($i: SubmitInput!) { submit(input: $i) { id } }';
const I4C: I4CSessionV1 = { village: '06010101', date: '2026-02-01', facilitators: 'Sok', participants: { total: 10, female: 6, youth: 2, disability: 1, ethnic_minority: 0, id_poor: 3 }, topics: ['service_standards'], materials_distributed: 5 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Started {
  child: ChildProcess;
  base: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `npm start -- --api-only` on the given database; resolves once it printed its address. */
async function startServer(env: Record<string, string>): Promise<Started> {
  const child = spawn('npm', ['start', '--silent', '--', '--api-only'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', ADMIN_PASSWORD: PASSWORD, DEMO_DATA: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const port = /SA Studio is running at http:\/\/[^:\s]+:(\d+)/.exec(out)?.[1];
    if (port) return { child, base: `http://127.0.0.1:${port}`, output: () => out, exited };
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the server did not start:\n${out}`);
    await sleep(100);
  }
}

function serverPid(output: string): number {
  const line = output.split('\n').find((l) => l.startsWith('{') && l.includes('"pid"'));
  return (JSON.parse(line!) as { pid: number }).pid;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.each(engines)('SIGTERM to `npm start` on %s', (engine) => {
  it('finishes the requests in flight, loses no acknowledged submission and exits 0', { timeout: 120_000 }, async () => {
    let dataDir: string | undefined;
    let handle: DatabaseHandle | undefined;
    let env: Record<string, string>;
    if (engine === 'postgres') {
      handle = await createTestDatabase('postgres');
      env = { DATABASE_URL: await testDatabaseUrl(handle.db) };
    } else {
      dataDir = mkdtempSync(join(tmpdir(), 'sa-shutdown-'));
      env = { DATA_DIR: dataDir };
    }
    const server = await startServer(env);
    try {
      const login = await fetch(`${server.base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
      expect(login.status).toBe(200);
      const { token } = (await login.json()) as { token: string };

      const acknowledged: string[] = [];
      let signalAt = Infinity;
      const answeredAfterSignal: number[] = [];
      const failures = new Set<string>();
      let inFlightAtSignal = 0;
      let inFlight = 0;
      let writing = true;
      const writer = async () => {
        while (writing) {
          const id = randomUUID();
          inFlight += 1;
          try {
            const res = await fetch(`${server.base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: SUBMIT, variables: { i: { id, definitionKey: 'i4c-session', definitionVersion: 1, data: I4C } } }) });
            const body = (await res.json().catch(() => ({}))) as { data?: { submit?: { id: string } } };
            if (res.status === 200 && body.data?.submit?.id === id) {
              acknowledged.push(id);
              if (Date.now() >= signalAt) answeredAfterSignal.push(res.status);
            } else {
              failures.add(`HTTP ${res.status}`);
            }
          } catch (error) {
            // Refused or reset once the server stopped listening: nothing was acknowledged.
            failures.add(String((error as { cause?: { code?: string } }).cause?.code ?? error));
            if (Date.now() > signalAt) writing = false;
          } finally {
            inFlight -= 1;
          }
        }
      };
      const writers = Array.from({ length: 6 }, () => writer());
      while (acknowledged.length < 30) await sleep(20);

      const pid = serverPid(server.output());
      signalAt = Date.now();
      inFlightAtSignal = inFlight;
      server.child.kill('SIGTERM'); // to npm, as a supervisor would
      const exit = await server.exited;
      const stoppedMs = Date.now() - signalAt;
      writing = false;
      await Promise.all(writers);

      expect(exit, server.output()).toEqual({ code: 0, signal: null });
      expect(alive(pid)).toBe(false); // the server itself ended, not only npm
      expect(server.output()).toContain('SIGTERM received: shutting down');
      expect(server.output()).toContain('shut down cleanly');
      expect(stoppedMs).toBeLessThan(10_000);
      // Requests were running when the signal came, and the drain answered them.
      expect(inFlightAtSignal).toBeGreaterThan(0);
      expect(answeredAfterSignal.length).toBeGreaterThan(0);
      // The port is closed.
      await expect(fetch(`${server.base}/healthz`)).rejects.toThrow();
      // Whatever failed after the signal failed as "not done", never as an error of ours.
      for (const failure of failures) expect(failure).toMatch(/^(HTTP 503|ECONNREFUSED|ECONNRESET|UND_ERR_SOCKET|UND_ERR_CLOSED|EPIPE)$/);

      // Every acknowledged submission is stored.
      handle ??= await openDatabase({ dataDir: dataDir!, databaseUrl: undefined });
      const stored = await handle.db.selectFrom('submission').select('id').where('id', 'in', acknowledged).execute();
      expect(stored.length).toBe(acknowledged.length);
      expect(new Set(stored.map((r) => r.id))).toEqual(new Set(acknowledged));
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
      await handle?.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
