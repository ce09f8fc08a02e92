// Data survives a restart: PGlite in a data folder, and config is validated at boot.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { ConfigError, loadConfig } from '../../server/config';
import { login } from '../helpers/app';
import type { I4CSessionV1 } from '../../definitions/types/index';

describe('embedded PostgreSQL in a data folder', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('keeps users, definitions and submissions across a restart, and seeds only once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sa-data-'));
    dirs.push(dir);
    const config = loadConfig({ DATA_DIR: dir });
    const first = await buildApp(config, { logger: false, web: false, demo: true });
    expect(first.seeded.adminCreated).toBe(true);
    const password = first.seeded.generatedAdminPassword!;
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    const token = await login(first.app, 'admin', password);
    const id = randomUUID();
    const data: I4CSessionV1 = {
      village: '01020101', date: '2026-02-01', facilitators: 'Sok', participants: { total: 10, female: 6, youth: 2, disability: 1, ethnic_minority: 0, id_poor: 3 },
      topics: ['service_standards'], materials_distributed: 5,
    };
    const def = await first.app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${token}` }, payload: { query: '{ definition(key: "i4c-session") { version schema } }' } });
    expect(def.json().data.definition.version).toBe(1);
    const res = await first.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${token}` },
      payload: { query: 'mutation($i: SubmitInput!) { submit(input: $i) { id } }', variables: { i: { id, definitionKey: 'i4c-session', definitionVersion: 1, data } } },
    });
    expect(res.json().errors).toBeUndefined();
    await first.app.close();

    const second = await buildApp(config, { logger: false, web: false });
    expect(second.seeded).toEqual({ adminCreated: false, adminId: null, generatedAdminPassword: null, definitionsLoaded: [] });
    const again = await login(second.app, 'admin', password);
    const list = await second.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${again}` },
      payload: { query: '{ submissions(definitionKey: "i4c-session") { totalCount edges { node { id } } } }' },
    });
    // The demo data (two I4C sessions) plus ours, newest first.
    const listed = list.json().data.submissions;
    expect(listed.totalCount).toBe(3);
    expect(listed.edges[0]).toEqual({ node: { id } });
    const demo = await second.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${again}` },
      payload: { query: '{ definitions(status: PUBLISHED) { key submissionCount } }' },
    });
    const counts = Object.fromEntries(demo.json().data.definitions.map((d: { key: string; submissionCount: number }) => [d.key, d.submissionCount]));
    expect(counts).toMatchObject({ 'csc-health-centre': 2, 'ssa-health-centre': 2, jaap: 2, 'i4c-session': 3 });
    await second.app.close();
  }, 90_000); // two boots of PGlite on disk: seconds each, more on a loaded machine

  it('refuses bad configuration at boot with a clear message', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD/);
    expect(loadConfig({}).port).toBe(3000);
    expect(loadConfig({}).host).toBe('localhost');
  });
});
