// A real listening server for browser tests: the built web app on PGlite in a temp data folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../server/app';
import type { AppServices } from '../../server/core/services';
import { loadConfig } from '../../server/config';
import { webBuildExists } from '../../server/http/web';
import { ADMIN_PASSWORD } from './app';

export interface TestServer {
  url: string;
  adminPassword: string;
  /** The app's services (database, refresher), for set-ups the API refuses on purpose. */
  services: AppServices;
  close: () => Promise<void>;
}

/** Builds the web app once per run when it is missing or when E2E_REBUILD=1. */
export function ensureWebBuild(): void {
  if (webBuildExists() && process.env.E2E_REBUILD !== '1') return;
  // A production build whatever the caller's NODE_ENV (vitest sets `test`, which makes SvelteKit's
  // `dev` true in the bundle: no service worker registration, dev-only code kept).
  const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) throw new Error('vite build failed');
}

export interface TestServerOptions {
  /** Reuse this data folder and keep it on close (a redeploy: same database, another build). */
  dataDir?: string;
  /** Listen on this port (a redeploy keeps the origin, so the browser keeps its service worker). */
  port?: number;
  /** Serve this web build instead of `build/`. */
  webBuildDir?: string;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  ensureWebBuild();
  const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'sa-e2e-'));
  const config = loadConfig({ DATA_DIR: dir, ADMIN_PASSWORD, NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1' });
  const { app, webMounted, services } = await buildApp(config, { logger: false, webBuildDir: options.webBuildDir });
  if (!webMounted) throw new Error('web app not mounted');
  const address = await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  return {
    url: address,
    adminPassword: ADMIN_PASSWORD,
    services,
    close: async () => {
      await app.close();
      if (!options.dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
