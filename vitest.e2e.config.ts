// Browser end-to-end tests: a real server (built web app + PGlite) driven by Debian's chromium
// through playwright-core. One fork, one file at a time, generous timeouts (builds, cold starts).
import { defineConfig } from 'vitest/config';

export const config = defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
// vitest needs a default export from its config file; the rest of the code base uses named exports.
export default config;
