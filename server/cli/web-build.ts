// The web app's production build (vite), for npm's prepare script (prepare.ts) and npm start.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

export function viteInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('vite/package.json');
    return true;
  } catch {
    return false;
  }
}

/** Runs the production build of the web app; true when it succeeded. */
export function buildWeb(): boolean {
  // A production build whatever the caller's NODE_ENV (SvelteKit's `dev` would be true otherwise).
  const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  return result.status === 0;
}
